import type { CaseRecord } from '../cardea/records';
import type { NabuSignoff } from '../nabu/schema';
import { overlayCase, rowsByCase } from './nabu-cache';
import type { CaseFilters, CaseListItem, CasesPage, CasesQuery, CaseSortKey } from './schemas';
import { waitingFor } from './steps';

// The popup's case list: Cardea's case records with the fresh Nabu rows laid over them, filtered,
// sorted and cut into pages (same filter key ANDs, as Dimsum's different keys do).

/** Every case with Nabu's fresh rows applied and what it waits for. */
export function listItems(records: readonly CaseRecord[], nabuRows: readonly NabuSignoff[]): CaseListItem[] {
  const byCase = rowsByCase(nabuRows);
  return records.map((raw) => {
    const { record, fromNabu } = overlayCase(raw, byCase.get(raw.id) ?? []);
    return { record, waitingFor: waitingFor(record), fromNabu };
  });
}

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();

function searchText(c: CaseRecord): string {
  return [c.id, c.donor.name, c.donor.externalName, c.requisition.name, c.assayName, ...c.projects.map((p) => p.name)]
    .map(lower)
    .join('\n');
}

export function matches(item: CaseListItem, filters: CaseFilters): boolean {
  const c = item.record;
  if (filters.search && !searchText(c).includes(filters.search.toLowerCase())) return false;
  if (filters.project && !c.projects.some((p) => p.name === filters.project)) return false;
  if (filters.assay && c.assayName !== filters.assay) return false;
  if (filters.requisition && c.requisition.name !== filters.requisition) return false;
  if (filters.deliverableType && !c.deliverables.some((d) => d.deliverableCategory === filters.deliverableType))
    return false;
  switch (filters.waitingFor) {
    case '':
      break;
    case 'ANY':
      if (item.waitingFor.length === 0) return false;
      break;
    case 'NONE':
      if (item.waitingFor.length > 0) return false;
      break;
    default:
      if (!item.waitingFor.includes(filters.waitingFor)) return false;
  }
  switch (filters.stopped) {
    case 'stopped':
      return c.requisition.stopped;
    case 'not-stopped':
      return !c.requisition.stopped;
    case 'paused':
      return c.requisition.paused;
    default:
      return true;
  }
}

const SORT_VALUE: Record<CaseSortKey, (c: CaseRecord) => string | null> = {
  case: (c) => c.id,
  project: (c) => c.projects[0]?.name ?? null,
  assay: (c) => c.assayName,
  requisition: (c) => c.requisition.name,
  latestActivity: (c) => c.latestActivityDate,
  startDate: (c) => c.startDate,
};

/** Missing values sort last either way; ties fall back to the case id. */
export function sortItems(items: CaseListItem[], key: CaseSortKey, descending: boolean): CaseListItem[] {
  const value = SORT_VALUE[key];
  return [...items].sort((a, b) => {
    const va = value(a.record);
    const vb = value(b.record);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      const order = va.localeCompare(vb, 'en', { numeric: true });
      if (order !== 0) return descending ? -order : order;
    }
    return a.record.id.localeCompare(b.record.id, 'en', { numeric: true });
  });
}

const distinct = (values: Iterable<string | null | undefined>) =>
  [...new Set([...values].filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b, 'en'));

export function queryCases(
  all: readonly CaseListItem[],
  query: CasesQuery,
  extra: Pick<CasesPage, 'asOf' | 'nabu'>,
): CasesPage {
  const filtered = all.filter((item) => matches(item, query.filters));
  const sorted = sortItems(filtered, query.sort, query.descending);
  const pages = Math.max(1, Math.ceil(sorted.length / query.pageSize));
  const page = Math.min(query.page, pages);
  const start = (page - 1) * query.pageSize;
  return {
    ...extra,
    total: all.length,
    filteredCount: filtered.length,
    page,
    pageSize: query.pageSize,
    items: sorted.slice(start, start + query.pageSize),
    waitingCount: all.filter((i) => i.waitingFor.length > 0).length,
    facets: {
      projects: distinct(all.flatMap((i) => i.record.projects.map((p) => p.name))),
      assays: distinct(all.map((i) => i.record.assayName)),
      requisitions: distinct(all.map((i) => i.record.requisition.name)),
      deliverableTypes: distinct(all.flatMap((i) => i.record.deliverables.map((d) => d.deliverableCategory))),
    },
  };
}
