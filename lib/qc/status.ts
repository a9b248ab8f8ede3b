import type { Run, Sample } from '../cardea/schema';

export type QcStatusKey =
  | 'construction'
  | 'sequencing'
  | 'analysis'
  | 'qc'
  | 'transfer'
  | 'dataReview'
  | 'passed'
  | 'passedDifferentAssay'
  | 'staged'
  | 'failed'
  | 'topUp'
  | 'na'
  | 'assigned';

export type StatusShade = 'yellow' | 'red' | 'none';

export interface QcStatus {
  key: QcStatusKey;
  label: string;
  /** Font Awesome glyph name. */
  icon: string;
  qcComplete: boolean;
  shade: StatusShade;
  /** Lower wins when a run's and a library's statuses are combined. */
  priority: number;
}

function status(
  key: QcStatusKey,
  label: string,
  icon: string,
  qcComplete: boolean,
  shade: StatusShade,
  priority: number,
): QcStatus {
  return { key, label, icon, qcComplete, shade, priority };
}

/** docs/qc-rules.md#qc-status-column */
export const qcStatuses: Readonly<Record<QcStatusKey, QcStatus>> = {
  construction: status('construction', 'Pending work', 'road-barrier', false, 'yellow', 0),
  sequencing: status('sequencing', 'Sequencing in progress', 'pen-to-square', false, 'yellow', 2),
  analysis: status('analysis', 'Pending analysis', 'hourglass-half', false, 'yellow', 3),
  qc: status('qc', 'Pending QC', 'magnifying-glass', false, 'yellow', 4),
  transfer: status('transfer', 'Pending transfer', 'right-left', true, 'yellow', 0),
  dataReview: status('dataReview', 'Pending data review', 'glasses', true, 'yellow', 5),
  passed: status('passed', 'Approved', 'check', true, 'none', 7),
  passedDifferentAssay: status(
    'passedDifferentAssay',
    'Approved with different assay',
    'circle-check',
    true,
    'none',
    7,
  ),
  staged: status('staged', 'Staged', 'hard-drive', true, 'none', 7),
  failed: status('failed', 'Failed', 'xmark', true, 'red', 1),
  topUp: status('topUp', 'Top-up Required', 'fill-drip', true, 'yellow', 6),
  na: status('na', 'Not Applicable', 'ban', true, 'none', 8),
  assigned: status('assigned', 'Assigned', 'user', false, 'yellow', 8),
};

/** Anything with a first sign-off: a library, a run-library or a run (runs have no qcReason). */
export interface Qcable {
  qcPassed: boolean | null;
  qcReason?: string | null;
}

/** docs/qc-rules.md#qc-status-column first status: failed, passed, top-up, else pending QC. */
export function firstStatus(item: Qcable): QcStatus {
  if (item.qcPassed === false) return qcStatuses.failed;
  if (item.qcPassed === true) return qcStatuses.passed;
  if (item.qcReason === 'Top-up Required') return qcStatuses.topUp;
  return qcStatuses.qc;
}

type Reviewed = Qcable & Pick<Sample, 'dataReviewDate' | 'dataReviewPassed'>;

/** Once the first sign-off is made, the data review (by date, then its result) decides. */
function withDataReview(first: QcStatus, item: Reviewed): QcStatus {
  if (!first.qcComplete) return first;
  if (!item.dataReviewDate) return qcStatuses.dataReview;
  if (item.dataReviewPassed === false) return qcStatuses.failed;
  return first;
}

/** docs/qc-rules.md#qc-status-column Run page status column: the run-library alone (the run's own sign-offs are ignored). */
export function runLibraryStatus(sample: Sample): QcStatus {
  const first = firstStatus(sample);
  return sample.run ? withDataReview(first, sample) : first;
}

/** A run-library in no case (the Omissions table): it is on a run, so its data review counts too. */
export function omittedRunLibraryStatus(item: Reviewed): QcStatus {
  return withDataReview(firstStatus(item), item);
}

/**
 * docs/qc-rules.md#run-page the run header (Dimsum's server-side `getRunStatus`): once QC is set, a null data review result means pending
 * data review (even after a failed QC) and a failed one means failed; before QC, the QC result itself.
 */
export function runStatus(run: Pick<Run, 'qcPassed' | 'dataReviewPassed'>): QcStatus {
  if (run.qcPassed !== null) {
    if (run.dataReviewPassed === null) return qcStatuses.dataReview;
    if (run.dataReviewPassed === false) return qcStatuses.failed;
  }
  return firstStatus(run);
}

/** docs/qc-rules.md#qc-status-column detail pages: the run computed like a run-library; whichever of run and library has the lower priority. */
export function combinedStatus(sample: Sample): QcStatus {
  const library = runLibraryStatus(sample);
  if (!sample.run) return library;
  const run = withDataReview(firstStatus(sample.run), sample.run);
  return run.priority < library.priority ? run : library;
}

/** docs/qc-rules.md#qc-status-column tooltip lines for the status column. */
export function statusTooltip(sample: Sample): string[] {
  const current = runLibraryStatus(sample);
  if (current.key === 'dataReview') return [`Status: ${current.label}`];
  const lines = [`Status: ${sample.qcReason || current.label}${sample.qcUser ? ` (${sample.qcUser})` : ''}`];
  if (sample.qcNote) lines.push(`Note: ${sample.qcNote}`);
  return lines;
}
