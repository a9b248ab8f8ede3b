import {
  AnalysisReviewQcStatus,
  ReleaseApprovalQcStatus,
  ReleaseQcStatus,
  type CaseDataInput,
  type CaseInput,
} from '../../lib/cardea/schema';
import { SignoffStep } from '../../lib/nabu/schema';
import { cardeaStatusFor } from '../../lib/nabu/statuses';
import type { NabuRow } from './state';

type DeliverableInput = NonNullable<CaseInput['deliverables']>[number];

/**
 * What the next ETL cycle makes of a Nabu row: the case's deliverable of that category gets the
 * step's status, user, date and note. Cardea only knows the categories its projects configure, so a
 * row for an unknown case or category changes nothing, and neither does a pair Cardea cannot map.
 */
export function applySignoffToCase(caseData: CaseDataInput, row: NabuRow): void {
  const step = SignoffStep.safeParse(row.signoffStepName);
  if (!step.success) return;
  const status = cardeaStatusFor(step.data, row.qcPassed, row.release);
  if (status === undefined) return;
  const kase = caseData.cases.find((c) => c.id === row.caseIdentifier);
  const deliverable = kase?.deliverables?.find((d) => d.deliverableCategory === row.deliverableType);
  if (!deliverable) return;
  const date = row.created.slice(0, 10);
  const user = row.username;
  const note = row.comment;
  switch (step.data) {
    case 'ANALYSIS_REVIEW':
      deliverable.analysisReviewQcStatus = AnalysisReviewQcStatus.nullable().parse(status);
      deliverable.analysisReviewQcUser = user;
      deliverable.analysisReviewQcDate = date;
      deliverable.analysisReviewQcNote = note;
      break;
    case 'RELEASE_APPROVAL':
      deliverable.releaseApprovalQcStatus = ReleaseApprovalQcStatus.nullable().parse(status);
      deliverable.releaseApprovalQcUser = user;
      deliverable.releaseApprovalQcDate = date;
      deliverable.releaseApprovalQcNote = note;
      break;
    case 'RELEASE': {
      if (row.deliverable === null) return;
      const release = findOrAddRelease(deliverable, row.deliverable);
      release.qcStatus = ReleaseQcStatus.nullable().parse(status);
      release.qcUser = user;
      release.qcDate = date;
      release.qcNote = note;
      break;
    }
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
