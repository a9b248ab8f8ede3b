import { misoRunUrl as misoRunPageUrl } from '../../../lib/miso/pages';
import type { RunNotificationRow } from '../../../lib/messages/protocol';
import { firstStatus, qcStatuses, type QcStatus } from '../../../lib/qc/status';

export type IssueState = 'OPEN' | 'PAUSED' | 'OVERRIDDEN' | 'CLOSED';

/** A row of the Runs view; the ticket fields are optional so rows from before the keeper knew tickets still fit. */
export type RunRow = Omit<RunNotificationRow, 'issueKey' | 'issueState'> & {
  issueKey?: string | null;
  issueState?: IssueState | null;
};

export interface RunList {
  asOf: string | null;
  stale: boolean;
  runs: readonly RunRow[];
}

/** Where the view's links go; an empty URL means the system is not configured. */
export interface RunLinks {
  jiraUrl: string;
  misoUrl: string;
  keeperEnabled: boolean;
}

/**
 * docs/notifications-and-tickets.md#badge Run QC column: the run's first status, then (once that is complete) its data review by date:
 * no date → pending data review, a failed review → failed.
 */
export function runQcStatus(runQc: RunRow['runQc']): QcStatus {
  const first = firstStatus(runQc);
  if (!first.qcComplete) return first;
  if (!runQc.dataReviewDate) return qcStatuses.dataReview;
  if (runQc.dataReviewPassed === false) return qcStatuses.failed;
  return first;
}

export function ticketUrl(row: RunRow, links: RunLinks): string | null {
  return row.issueKey && links.jiraUrl ? `${links.jiraUrl}/browse/${encodeURIComponent(row.issueKey)}` : null;
}

export function misoRunUrl(row: RunRow, links: RunLinks): string | null {
  return links.misoUrl ? misoRunPageUrl(links.misoUrl, row.runName) : null;
}

/** Enter on a row: the ticket when there is one, else the run in MISO. */
export function primaryUrl(row: RunRow, links: RunLinks): string | null {
  return ticketUrl(row, links) ?? misoRunUrl(row, links);
}

// ---- sorting ----

export type SortKey = 'run' | 'completionDate' | 'pendingAnalysis' | 'pendingQc' | 'pendingDataReview';
export type SortDirection = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  direction: SortDirection;
}

/** Dimsum's default: Completion Date, latest first. */
export const DEFAULT_SORT: Sort = { key: 'completionDate', direction: 'desc' };

/** The first click on a column: names A to Z, dates latest first, counts high to low. */
export function firstDirection(key: SortKey): SortDirection {
  return key === 'run' ? 'asc' : 'desc';
}

const byName = (a: RunRow, b: RunRow) => a.runName.localeCompare(b.runName);

/** Nulls sort last ascending, so first descending (runs without a completion date, as Dimsum shows them). */
function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b);
}

function compareBy(key: SortKey, a: RunRow, b: RunRow): number {
  switch (key) {
    case 'run':
      return byName(a, b);
    case 'completionDate':
      return compareDates(a.completionDate, b.completionDate);
    default:
      return a[key] - b[key];
  }
}

/** A new sorted array; ties fall back to the run name, A to Z, so the order is stable across refreshes. */
export function sortRuns(runs: readonly RunRow[], { key, direction }: Sort): RunRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...runs].sort((a, b) => sign * compareBy(key, a, b) || byName(a, b));
}

// ---- filtering ----

export type QuickFilter = 'all' | 'pendingQc' | 'pendingDataReview';

export interface RunFilters {
  /** Case-insensitive; matches anywhere in the run name (so a prefix matches too). */
  text: string;
  needsActionOnly: boolean;
  quick: QuickFilter;
  /** Only runs with a trend warning (docs/trends.md); needs the warned runs. */
  trendOnly?: boolean;
}

/** Dimsum's Active page lists only runs that need a sign-off. */
export const DEFAULT_FILTERS: RunFilters = { text: '', needsActionOnly: true, quick: 'all' };

/** Pending QC / data review counts the run's own sign-off too (run state 1 / 2 is by dates, docs/notifications-and-tickets.md#readiness). */
const quickMatches: Record<QuickFilter, (row: RunRow) => boolean> = {
  all: () => true,
  pendingQc: (row) => row.pendingQc > 0 || row.runState === 1,
  pendingDataReview: (row) => row.pendingDataReview > 0 || row.runState === 2,
};

export function filterRuns(
  runs: readonly RunRow[],
  filters: RunFilters,
  trendWarned: ReadonlySet<string> | null = null,
): RunRow[] {
  const text = filters.text.trim().toLowerCase();
  return runs.filter(
    (row) =>
      (!text || row.runName.toLowerCase().includes(text)) &&
      (!filters.needsActionOnly || row.requiresAction) &&
      quickMatches[filters.quick](row) &&
      (!filters.trendOnly || (trendWarned?.has(row.runName) ?? false)),
  );
}

export function filtersActive(filters: RunFilters): boolean {
  return (
    filters.text.trim() !== '' ||
    filters.needsActionOnly !== DEFAULT_FILTERS.needsActionOnly ||
    filters.quick !== 'all' ||
    filters.trendOnly === true
  );
}
