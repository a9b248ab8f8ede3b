import type { TargetedEvent } from 'preact';
import type { CaseFilters, CasesPage, CaseSortKey } from '../../../lib/case-signoff/schemas';
import { PAGE_SIZES } from '../../../lib/case-signoff/schemas';

// Search, filters and sort for the case list, and the pager under it. Every change goes out as a
// whole new value; the tab decides when to ask the background.

const SORTS: { key: CaseSortKey; label: string }[] = [
  { key: 'latestActivity', label: 'Latest activity' },
  { key: 'case', label: 'Case' },
  { key: 'project', label: 'Project' },
  { key: 'assay', label: 'Assay' },
  { key: 'requisition', label: 'Requisition' },
  { key: 'startDate', label: 'Start date' },
];

const WAITING: { value: CaseFilters['waitingFor']; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'ANY', label: 'Some sign-off' },
  { value: 'ANALYSIS_REVIEW', label: 'Analysis Review' },
  { value: 'RELEASE_APPROVAL', label: 'Release Approval' },
  { value: 'RELEASE', label: 'Release' },
  { value: 'NONE', label: 'Nothing' },
];

const STOPPED: { value: CaseFilters['stopped']; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'not-stopped', label: 'Not stopped' },
  { value: 'stopped', label: 'Stopped' },
  { value: 'paused', label: 'Paused' },
];

export interface CaseFiltersProps {
  filters: CaseFilters;
  sort: CaseSortKey;
  descending: boolean;
  facets: CasesPage['facets'] | null;
  onFilters: (filters: CaseFilters) => void;
  onSort: (sort: CaseSortKey, descending: boolean) => void;
}

const value = (e: TargetedEvent<HTMLInputElement | HTMLSelectElement>) => e.currentTarget.value;

function Choice({
  label,
  current,
  options,
  onChange,
}: {
  label: string;
  current: string;
  options: string[];
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={current} onChange={(e) => onChange(value(e))}>
        <option value="">All</option>
        {options.map((o) => (
          <option value={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

export function CaseFiltersBar({ filters, sort, descending, facets, onFilters, onSort }: CaseFiltersProps) {
  const set = (patch: Partial<CaseFilters>) => onFilters({ ...filters, ...patch });
  return (
    <div class="bao-filters" role="search" aria-label="Find cases">
      <label>
        Search
        <input
          type="search"
          placeholder="Case, donor, requisition, project…"
          value={filters.search}
          onInput={(e) => set({ search: value(e) })}
        />
      </label>
      <Choice
        label="Project"
        current={filters.project}
        options={facets?.projects ?? []}
        onChange={(project) => set({ project })}
      />
      <Choice
        label="Assay"
        current={filters.assay}
        options={facets?.assays ?? []}
        onChange={(assay) => set({ assay })}
      />
      <Choice
        label="Requisition"
        current={filters.requisition}
        options={facets?.requisitions ?? []}
        onChange={(requisition) => set({ requisition })}
      />
      <Choice
        label="Deliverable type"
        current={filters.deliverableType}
        options={facets?.deliverableTypes ?? []}
        onChange={(deliverableType) => set({ deliverableType })}
      />
      <label>
        Waiting for
        <select
          value={filters.waitingFor}
          onChange={(e) => set({ waitingFor: WAITING.find((w) => w.value === value(e))?.value ?? '' })}
        >
          {WAITING.map((w) => (
            <option value={w.value}>{w.label}</option>
          ))}
        </select>
      </label>
      <label>
        Stopped
        <select
          value={filters.stopped}
          onChange={(e) => set({ stopped: STOPPED.find((s) => s.value === value(e))?.value ?? '' })}
        >
          {STOPPED.map((s) => (
            <option value={s.value}>{s.label}</option>
          ))}
        </select>
      </label>
      <div>
        <label for="bao-sort">Sort by</label>
        <div class="bao-filters__pair">
          <select
            id="bao-sort"
            value={sort}
            onChange={(e) => onSort(SORTS.find((s) => s.key === value(e))?.key ?? 'latestActivity', descending)}
          >
            {SORTS.map((s) => (
              <option value={s.key}>{s.label}</option>
            ))}
          </select>
          <select
            aria-label="Order"
            value={descending ? 'desc' : 'asc'}
            onChange={(e) => onSort(sort, value(e) === 'desc')}
          >
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </div>
      </div>
    </div>
  );
}

export interface PagerProps {
  page: number;
  pageSize: number;
  filteredCount: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}

/** "26–50 of 80", items per page, previous and next. */
export function Pager({ page, pageSize, filteredCount, onPage, onPageSize }: PagerProps) {
  const pages = Math.max(1, Math.ceil(filteredCount / pageSize));
  const first = filteredCount === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(filteredCount, page * pageSize);
  return (
    <nav class="bao-pager" aria-label="Pages">
      <label>
        Items per page
        <select value={String(pageSize)} onChange={(e) => onPageSize(Number(value(e)))}>
          {PAGE_SIZES.map((n) => (
            <option value={String(n)}>{n}</option>
          ))}
        </select>
      </label>
      <span data-bao="page-range" aria-live="polite">
        {first}–{last} of {filteredCount}
      </span>
      <button
        type="button"
        class="bao-button"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
        aria-label="Previous page"
      >
        ‹ Previous
      </button>
      <button
        type="button"
        class="bao-button"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
        aria-label="Next page"
      >
        Next ›
      </button>
    </nav>
  );
}
