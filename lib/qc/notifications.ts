import type { Run, Sample } from '../cardea/schema';

/** The identity of a run-library that the ticket text lists. */
export interface PendingLibrary {
  id: string;
  name: string;
  lane: string | null;
  project: string | null;
}

/** 1 = run QC not done, 2 = run data review not done, 3 = both done (by dates, docs/notifications-and-tickets.md#readiness). */
export type RunState = 1 | 2 | 3;

/** What the run's ticket should be: open, closed "Incomplete" (paused) or closed "Done". */
export type DesiredIssueState = 'OPEN' | 'PAUSED' | 'CLOSED';

export interface RunNotification {
  runName: string;
  pendingAnalysis: PendingLibrary[];
  pendingQc: PendingLibrary[];
  pendingDataReview: PendingLibrary[];
  runState: RunState;
  /** The run belongs on the Active list: a library or the run itself needs a sign-off. */
  requiresAction: boolean;
  desiredState: DesiredIssueState;
}

type RunDates = Pick<Run, 'name' | 'qcDate' | 'dataReviewDate'>;

export interface RunNotificationInput {
  run: RunDates;
  /** The run's library qualifications and full-depth sequencings (docs/qc-rules.md#which-run-libraries-appear-where). */
  lq: readonly Sample[];
  fd: readonly Sample[];
  /** The run already has an unresolved ticket, so readiness is not required (docs/notifications-and-tickets.md#ticket-keeper A). */
  hasOpenTicket: boolean;
}

/**
 * docs/notifications-and-tickets.md#readiness: whether the ETL has finished analysing the run-library. It reads the per-metric pass flags, not the values:
 * no metrics list at all counts as available; otherwise every "Sample Authenticated" and non-BOOLEAN entry needs one.
 */
export function metricsAvailable(sample: Pick<Sample, 'metrics'>): boolean {
  if (sample.metrics === null) return true;
  return !sample.metrics.some(
    (m) => (m.name === 'Sample Authenticated' || m.thresholdType !== 'BOOLEAN') && m.qcPassed === null,
  );
}

/** docs/notifications-and-tickets.md#readiness LQ readiness: every LQ library analysed, and something (a library or the run) still awaits data review. */
export function lqReady(run: RunDates, lq: readonly Sample[]): boolean {
  return (
    lq.length > 0 && lq.every(metricsAvailable) && (lq.some((sample) => !sample.dataReviewDate) || !run.dataReviewDate)
  );
}

/** docs/notifications-and-tickets.md#readiness FD readiness: any one FD library analysed that (or whose run) still awaits data review. */
export function fdReady(run: RunDates, fd: readonly Sample[]): boolean {
  return fd.some((sample) => metricsAvailable(sample) && (!sample.dataReviewDate || !run.dataReviewDate));
}

export function runState(run: RunDates): RunState {
  if (!run.qcDate) return 1;
  if (!run.dataReviewDate) return 2;
  return 3;
}

function pendingLibrary(sample: Sample): PendingLibrary {
  return { id: sample.id, name: sample.name, lane: sample.sequencingLane, project: sample.project };
}

/** docs/notifications-and-tickets.md#readiness counts over LQ then FD, by dates (a failed data review is still done). */
export function pendingLists(
  lq: readonly Sample[],
  fd: readonly Sample[],
): Pick<RunNotification, 'pendingAnalysis' | 'pendingQc' | 'pendingDataReview'> {
  const lists: Pick<RunNotification, 'pendingAnalysis' | 'pendingQc' | 'pendingDataReview'> = {
    pendingAnalysis: [],
    pendingQc: [],
    pendingDataReview: [],
  };
  const seen = new Set<string>();
  for (const sample of [...lq, ...fd]) {
    // A run-library in both sets is one library to sign off (Dimsum keeps them in sets).
    if (seen.has(sample.id)) continue;
    seen.add(sample.id);
    if (sample.dataReviewDate) continue;
    if (!metricsAvailable(sample)) lists.pendingAnalysis.push(pendingLibrary(sample));
    else if (!sample.qcDate) lists.pendingQc.push(pendingLibrary(sample));
    else lists.pendingDataReview.push(pendingLibrary(sample));
  }
  return lists;
}

/** docs/notifications-and-tickets.md#desired-ticket-state `getIssueState`. Pending analysis pauses the ticket even while the run's own QC is outstanding. */
export function desiredState(
  lists: Pick<RunNotification, 'pendingAnalysis' | 'pendingQc' | 'pendingDataReview'>,
  run: RunDates,
): DesiredIssueState {
  if (lists.pendingQc.length || lists.pendingDataReview.length) return 'OPEN';
  if (lists.pendingAnalysis.length) return 'PAUSED';
  if (!run.dataReviewDate) return 'OPEN';
  return 'CLOSED';
}

/**
 * docs/notifications-and-tickets.md#readiness, docs/notifications-and-tickets.md#desired-ticket-state: the run's notification, or null when there is none. Without an open ticket the run must be LQ- or
 * FD-ready, and there is none once no library awaits QC or data review and the run's data review is done. With an
 * open ticket there is none only when nothing awaits analysis either (the ticket is then closed as completed).
 */
export function runNotification({ run, lq, fd, hasOpenTicket }: RunNotificationInput): RunNotification | null {
  if (!hasOpenTicket && !lqReady(run, lq) && !fdReady(run, fd)) return null;
  const lists = pendingLists(lq, fd);
  const librariesDone = !lists.pendingQc.length && !lists.pendingDataReview.length;
  if (librariesDone && run.dataReviewDate && (!hasOpenTicket || !lists.pendingAnalysis.length)) return null;
  return {
    runName: run.name,
    ...lists,
    runState: runState(run),
    requiresAction: !librariesDone || !run.dataReviewDate,
    desiredState: desiredState(lists, run),
  };
}
