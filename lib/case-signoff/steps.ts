import type { CaseRecord } from '../cardea/records';
import type { CaseDeliverable } from '../cardea/schema';
import { ALLOWED_STATUS_PAIRS, signoffSteps, type SignoffStepName, type StatusPair } from '../nabu/statuses';

// The three case QC steps (seed 003, docs/case-signoffs.md#allowed-status-pairs): Analysis Review and Release Approval are
// signed off per deliverable type, Release per deliverable within a type.

export { signoffSteps };
export type { SignoffStepName };

export const STEP_LABELS: Readonly<Record<SignoffStepName, string>> = {
  ANALYSIS_REVIEW: 'Analysis Review',
  RELEASE_APPROVAL: 'Release Approval',
  RELEASE: 'Release',
};

/** The statuses the dialog offers for a step: exactly the allowed pairs, Pending first, no "None" (docs/case-signoffs.md#allowed-status-pairs). */
export function statusOptions(step: SignoffStepName): readonly StatusPair[] {
  return ALLOWED_STATUS_PAIRS[step];
}

/** The allowed pair with this Cardea status name for the step, or undefined. */
export function statusByName(step: SignoffStepName, status: string): StatusPair | undefined {
  return ALLOWED_STATUS_PAIRS[step].find((p) => p.status === status);
}

/** Cardea serialises pending as a null status; an explicit PENDING means the same. */
export const isPendingStatus = (status: string | null | undefined): boolean =>
  status === null || status === undefined || status === 'PENDING';

/** A stopped case, or a deliverable that skips it, needs no analysis review (docs/case-signoffs.md#stopped-and-paused-cases). */
export function analysisReviewRequired(kase: CaseRecord, deliverable: CaseDeliverable): boolean {
  return !kase.requisition.stopped && !deliverable.analysisReviewSkipped;
}

/**
 * The step a deliverable type waits for next: the first one still pending, in step order. Analysis
 * Review counts only where it is required; a type with no releases never waits for Release.
 */
export function nextStepFor(kase: CaseRecord, deliverable: CaseDeliverable): SignoffStepName | null {
  if (isPendingStatus(deliverable.analysisReviewQcStatus) && analysisReviewRequired(kase, deliverable)) {
    return 'ANALYSIS_REVIEW';
  }
  if (isPendingStatus(deliverable.releaseApprovalQcStatus)) return 'RELEASE_APPROVAL';
  if (deliverable.releases.some((r) => isPendingStatus(r.qcStatus))) return 'RELEASE';
  return null;
}

/**
 * What a case waits for: the distinct next steps of its deliverable types, in step order.
 *
 * The "cases waiting" rule (badge, Cases tab count, "Waiting for" filter): a case waits when it is
 * not paused and at least one of its deliverable types has a pending step that is due:
 * - Analysis Review pending, unless the case is stopped or that deliverable type skips it;
 * - Release Approval pending (stopped cases still need it);
 * - any Release of the type pending (stopped cases still need it).
 * A paused case waits on the lab, not on a sign-off, so it is not counted; neither is a case whose
 * project configures no deliverables (there is nothing to sign off).
 */
export function waitingFor(kase: CaseRecord): SignoffStepName[] {
  if (kase.requisition.paused) return [];
  const steps = new Set<SignoffStepName>();
  for (const deliverable of kase.deliverables) {
    const next = nextStepFor(kase, deliverable);
    if (next) steps.add(next);
  }
  return signoffSteps.filter((s) => steps.has(s));
}

export const isWaiting = (kase: CaseRecord): boolean => waitingFor(kase).length > 0;

export function countWaiting(cases: Iterable<CaseRecord>): number {
  let n = 0;
  for (const kase of cases) if (isWaiting(kase)) n += 1;
  return n;
}
