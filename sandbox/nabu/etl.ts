import type { CaseDataInput, CaseInput } from '../../lib/cardea/schema';

type DeliverableInput = NonNullable<CaseInput['deliverables']>[number];
type ReleaseInput = NonNullable<DeliverableInput['releases']>[number];
type Status<T> = Exclude<NonNullable<T>, 'PENDING'>;
/** A step's outcome as Nabu stores it: `[qcPassed, release]`. */
type Pair = readonly [boolean | null, boolean | null];

// Cardea's side of the ETL, written here rather than borrowed from Bao: each step's status enum and
// the (qcPassed, release) pair it is stored as in Nabu. A Bao that sent the wrong pair then shows up
// as a deliverable that does not change. Both booleans null is "pending", which Cardea serves as a
// null status; any pair not listed is one Cardea cannot map, and the ETL skips the row.
const ANALYSIS_REVIEW: Record<Status<DeliverableInput['analysisReviewQcStatus']>, Pair> = {
  PASSED: [true, null],
  FAILED: [false, null],
  NOT_APPLICABLE: [null, false],
};
const RELEASE_APPROVAL: Record<Status<DeliverableInput['releaseApprovalQcStatus']>, Pair> = {
  PASSED_PROCEED: [true, true],
  FAILED_PROCEED: [false, true],
  FAILED_STOP: [false, false],
  NOT_APPLICABLE: [null, false],
};
const RELEASE: Record<Status<ReleaseInput['qcStatus']>, Pair> = {
  PASSED_RELEASE: [true, true],
  STAGED: [true, false],
  FAILED_RELEASE: [false, true],
  FAILED_STOP: [false, false],
  NOT_APPLICABLE: [null, false],
};

/** Cardea's status for a stored pair: null for pending, undefined when the pair means nothing for the step. */
function statusOf<S extends string>(
  table: Record<S, Pair>,
  qcPassed: boolean | null,
  release: boolean | null,
): S | null | undefined {
  if (qcPassed === null && release === null) return null;
  const entries = Object.entries(table) as [S, Pair][];
  return entries.find(([, pair]) => pair[0] === qcPassed && pair[1] === release)?.[0];
}

/** The columns of a Nabu row the ETL reads. */
export interface EtlRow {
  caseIdentifier: string;
  username: string;
  qcPassed: boolean | null;
  release: boolean | null;
  signoffStepName: string;
  deliverableType: string;
  deliverable: string | null;
  comment: string | null;
  created: string;
}

/**
 * What the next ETL cycle makes of a Nabu row: the case's deliverable of that category gets the
 * step's status, user, date and note. Cardea only knows the categories its projects configure, so a
 * row for an unknown case or category changes nothing, and neither does a pair Cardea cannot map.
 */
export function applySignoffToCase(caseData: CaseDataInput, row: EtlRow): void {
  const kase = caseData.cases.find((c) => c.id === row.caseIdentifier);
  const deliverable = kase?.deliverables?.find((d) => d.deliverableCategory === row.deliverableType);
  if (!deliverable) return;
  const date = row.created.slice(0, 10);
  const user = row.username;
  const note = row.comment;
  switch (row.signoffStepName) {
    case 'ANALYSIS_REVIEW': {
      const status = statusOf(ANALYSIS_REVIEW, row.qcPassed, row.release);
      if (status === undefined) return;
      deliverable.analysisReviewQcStatus = status;
      deliverable.analysisReviewQcUser = user;
      deliverable.analysisReviewQcDate = date;
      deliverable.analysisReviewQcNote = note;
      break;
    }
    case 'RELEASE_APPROVAL': {
      const status = statusOf(RELEASE_APPROVAL, row.qcPassed, row.release);
      if (status === undefined) return;
      deliverable.releaseApprovalQcStatus = status;
      deliverable.releaseApprovalQcUser = user;
      deliverable.releaseApprovalQcDate = date;
      deliverable.releaseApprovalQcNote = note;
      break;
    }
    case 'RELEASE': {
      const status = statusOf(RELEASE, row.qcPassed, row.release);
      if (status === undefined || row.deliverable === null) return;
      const release = findOrAddRelease(deliverable, row.deliverable);
      release.qcStatus = status;
      release.qcUser = user;
      release.qcDate = date;
      release.qcNote = note;
      break;
    }
    default:
      return; // a step Cardea does not know
  }
  deliverable.latestActivityDate = date;
}

function findOrAddRelease(deliverable: DeliverableInput, name: string) {
  deliverable.releases ??= [];
  let release = deliverable.releases.find((r) => r.deliverable === name);
  if (!release) {
    release = { deliverable: name, qcStatus: null, qcUser: null, qcDate: null, qcNote: null };
    deliverable.releases.push(release);
  }
  return release;
}
