import type { QcStatusKey } from '../qc/status';
import type { RunTableRow } from './run-table-model';

// Filtering and sorting of a table's precomputed rows (docs/qc-rules.md#table-mechanics: values of one filter are
// OR-ed, different filters AND-ed). Pure, so the grid only re-runs these on a change of filter or sort.

export interface Filters {
  project: string[];
  design: string[];
  status: QcStatusKey[];
}

export type FilterKey = keyof Filters;

export const NO_FILTERS: Filters = { project: [], design: [], status: [] };

export type SortKey = { kind: 'name' } | { kind: 'lane' } | { kind: 'status' } | { kind: 'metric'; column: number };
export type SortDirection = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: Sort = { key: { kind: 'name' }, direction: 'asc' };

/** What a row shows for a filter; a missing project or design is filtered as the empty string. */
export function filterValue(row: RunTableRow, key: FilterKey): string {
  switch (key) {
    case 'project':
      return row.project ?? '';
    case 'design':
      return row.design ?? '';
    case 'status':
      return row.status.key;
  }
}

export function hasFilters(filters: Filters): boolean {
  return filters.project.length > 0 || filters.design.length > 0 || filters.status.length > 0;
}

export function filterRows(rows: readonly RunTableRow[], filters: Filters): RunTableRow[] {
  const active = (Object.keys(filters) as FilterKey[]).filter((key) => filters[key].length > 0);
  if (!active.length) return [...rows];
  const sets = active.map((key) => [key, new Set<string>(filters[key])] as const);
  return rows.filter((row) => sets.every(([key, values]) => values.has(filterValue(row, key))));
}

/** The values a filter can take in this table, with how many rows have each (for the filter menus). */
export function filterOptions(
  rows: readonly RunTableRow[],
  key: FilterKey,
): { value: string; count: number; label: string }[] {
  const counts = new Map<string, { count: number; label: string }>();
  for (const row of rows) {
    const value = filterValue(row, key);
    const label = key === 'status' ? row.status.label : value || '(none)';
    const entry = counts.get(value) ?? { count: 0, label };
    entry.count += 1;
    counts.set(value, entry);
  }
  return [...counts.entries()]
    .map(([value, { count, label }]) => ({ value, count, label }))
    .sort((a, b) => collator.compare(a.label, b.label));
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const byName = (a: RunTableRow, b: RunTableRow) => collator.compare(a.libraryName, b.libraryName);
const byLane = (a: RunTableRow, b: RunTableRow) => (a.lane ?? Infinity) - (b.lane ?? Infinity);
const byPosition = (a: RunTableRow, b: RunTableRow) => a.position - b.position;

/**
 * Sorts a copy. Metric columns sort by the raw value that was judged; rows without a value go last in both
 * directions, so flipping the direction never buries the numbers under "Pending analysis".
 */
export function sortRows(rows: readonly RunTableRow[], sort: Sort): RunTableRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const { key } = sort;
  let compare: (a: RunTableRow, b: RunTableRow) => number;
  switch (key.kind) {
    case 'name':
      compare = (a, b) => sign * (byName(a, b) || byLane(a, b)) || byPosition(a, b);
      break;
    case 'lane':
      compare = (a, b) => sign * byLane(a, b) || byName(a, b) || byPosition(a, b);
      break;
    case 'status':
      compare = (a, b) =>
        sign * (a.status.priority - b.status.priority) || byName(a, b) || byLane(a, b) || byPosition(a, b);
      break;
    case 'metric': {
      const i = key.column;
      compare = (a, b) => {
        const x = a.cells[i]?.value ?? null;
        const y = b.cells[i]?.value ?? null;
        if (x === null || y === null)
          return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byName(a, b) || byPosition(a, b);
        return sign * (x - y) || byName(a, b) || byLane(a, b) || byPosition(a, b);
      };
      break;
    }
  }
  return [...rows].sort(compare);
}

export function sameSortKey(a: SortKey, b: SortKey): boolean {
  return a.kind === b.kind && (a.kind !== 'metric' || (b.kind === 'metric' && a.column === b.column));
}

/** Clicking a header: the same column flips direction, another column starts ascending. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (sameSortKey(current.key, key)) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'asc' };
}
