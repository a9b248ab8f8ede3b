import type { AnalysisReviewStatus, DeliverableJson, ReleaseApprovalStatus, ReleaseStatus } from './cardea-json';
import { dayDate } from './days';
import type { GenerationContext } from './generation-context';
import { CASE_STAGES, type CaseState } from './generation-state';

const ANALYSIS_REVIEW_OUTCOMES: readonly (readonly [AnalysisReviewStatus, number])[] = [
  ['PASSED', 85],
  ['FAILED', 5],
  ['NOT_APPLICABLE', 10],
];
const RELEASE_APPROVAL_OUTCOMES: readonly (readonly [ReleaseApprovalStatus, number])[] = [
  ['PASSED_PROCEED', 82],
  ['FAILED_PROCEED', 8],
  ['FAILED_STOP', 4],
  ['NOT_APPLICABLE', 6],
];
const RELEASE_OUTCOMES: readonly (readonly [ReleaseStatus, number])[] = [
  ['PASSED_RELEASE', 75],
  ['STAGED', 8],
  ['FAILED_RELEASE', 5],
  ['FAILED_STOP', 4],
  ['NOT_APPLICABLE', 8],
];

const CASE_USERS = ['Ruth Okafor', 'Tomasz Nowak', 'Leila Haddad', 'Ben Carter'];
const CASE_NOTES = [
  'Purity 30% + low coverage; proceed',
  'Reviewed at tumour board',
  'Callability below target (72%)',
  'Released to collaborator portal',
  'Awaiting clinician sign-off',
];

/** Deliverables at the case's sign-off step; returns the day of the last sign-off. */
export function addDeliverables(ctx: GenerationContext, c: CaseState, after: number): number {
  const rng = ctx.rng;
  const stopped = c.json.requisition.stopped;
  const reached = CASE_STAGES.indexOf(c.stage);
  let last = after;
  const note = () => (rng.chance(0.3) ? rng.pick(CASE_NOTES) : null);
  for (const [category, names] of Object.entries(c.project.deliverables)) {
    const skipped = category === 'Data Release' && c.project.pipeline === 'Research' && rng.chance(0.3);
    const arDay = ctx.later(after, 1, 5);
    const raDay = ctx.later(arDay, 0, 4);
    const deliverable: DeliverableJson = {
      deliverableCategory: category,
      analysisReviewSkipped: skipped,
      analysisReviewQcStatus: null,
      analysisReviewQcUser: null,
      analysisReviewQcDate: null,
      analysisReviewQcNote: null,
      releaseApprovalQcStatus: null,
      releaseApprovalQcUser: null,
      releaseApprovalQcDate: null,
      releaseApprovalQcNote: null,
      releases: names.map((deliverable) => ({ deliverable, qcStatus: null, qcUser: null, qcDate: null, qcNote: null })),
      analysisReviewDaysSpent: 0,
      releaseApprovalDaysSpent: 0,
      releaseDaysSpent: 0,
      deliverableDaysSpent: 0,
      latestActivityDate: null,
    };
    // A stopped case skips analysis review (shown as N/A) but still needs release approval and release.
    if (reached >= 1 && !skipped && !stopped) {
      deliverable.analysisReviewQcStatus = rng.weighted(ANALYSIS_REVIEW_OUTCOMES);
      deliverable.analysisReviewQcUser = rng.pick(CASE_USERS);
      deliverable.analysisReviewQcDate = dayDate(arDay);
      deliverable.analysisReviewQcNote = note();
      deliverable.analysisReviewDaysSpent = rng.int(0, 4);
      last = Math.min(last, arDay);
    }
    if (reached >= 2) {
      deliverable.releaseApprovalQcStatus = stopped ? 'FAILED_STOP' : rng.weighted(RELEASE_APPROVAL_OUTCOMES);
      deliverable.releaseApprovalQcUser = rng.pick(CASE_USERS);
      deliverable.releaseApprovalQcDate = dayDate(raDay);
      deliverable.releaseApprovalQcNote = stopped ? c.json.requisition.stopReason : note();
      deliverable.releaseApprovalDaysSpent = rng.int(0, 3);
      last = Math.min(last, raDay);
    }
    deliverable.releases.forEach((release, i) => {
      // At the release step, the first release is always still pending; later ones may be done.
      const released = reached === 3 || (reached === 2 && i > 0 && rng.chance(0.5));
      if (!released) return;
      const day = ctx.later(raDay, 0, 5);
      release.qcStatus =
        stopped || deliverable.releaseApprovalQcStatus === 'FAILED_STOP'
          ? 'FAILED_STOP'
          : rng.weighted(RELEASE_OUTCOMES);
      release.qcUser = rng.pick(CASE_USERS);
      release.qcDate = dayDate(day);
      release.qcNote = note();
      last = Math.min(last, day);
    });
    deliverable.releaseDaysSpent = reached === 3 ? rng.int(0, 5) : 0;
    deliverable.deliverableDaysSpent =
      deliverable.analysisReviewDaysSpent + deliverable.releaseApprovalDaysSpent + deliverable.releaseDaysSpent;
    deliverable.latestActivityDate = dayDate(last);
    c.json.deliverables.push(deliverable);
  }
  return last;
}
