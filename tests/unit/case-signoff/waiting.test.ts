import { describe, expect, test } from 'vitest';
import { stepItems } from '../../../lib/case-signoff/status-view';
import { countWaiting, waitingFor } from '../../../lib/case-signoff/steps';
import { caseRecord, type CaseSpec, type DeliverableSpec } from './builders';

const dr = (d: Omit<DeliverableSpec, 'type'> = {}): DeliverableSpec => ({
  type: 'Data Release',
  releases: ['Full Pipeline'],
  ...d,
});
const one = (spec: Omit<CaseSpec, 'id'>) => caseRecord({ id: 'C_1', ...spec });

describe('what a case waits for (badge, count, filter)', () => {
  test.each<[string, Omit<CaseSpec, 'id'>, string[]]>([
    ['nothing signed off', { deliverables: [dr()] }, ['ANALYSIS_REVIEW']],
    ['analysis review done', { deliverables: [dr({ analysisReview: 'PASSED' })] }, ['RELEASE_APPROVAL']],
    [
      'failed analysis review still completes the step',
      { deliverables: [dr({ analysisReview: 'FAILED' })] },
      ['RELEASE_APPROVAL'],
    ],
    [
      'release approval done, release pending',
      { deliverables: [dr({ analysisReview: 'PASSED', releaseApproval: 'PASSED_PROCEED' })] },
      ['RELEASE'],
    ],
    [
      'everything done',
      {
        deliverables: [
          dr({
            analysisReview: 'PASSED',
            releaseApproval: 'PASSED_PROCEED',
            releaseStatuses: { 'Full Pipeline': 'PASSED_RELEASE' },
          }),
        ],
      },
      [],
    ],
    [
      'stopped: no analysis review, but release approval',
      { stopped: true, deliverables: [dr()] },
      ['RELEASE_APPROVAL'],
    ],
    [
      'stopped: release still needed after release approval',
      { stopped: true, deliverables: [dr({ releaseApproval: 'FAILED_STOP' })] },
      ['RELEASE'],
    ],
    ['analysis review skipped', { deliverables: [dr({ analysisReviewSkipped: true })] }, ['RELEASE_APPROVAL']],
    ['paused: waits on the lab, not a sign-off', { paused: true, deliverables: [dr()] }, []],
    ['no deliverables configured', { deliverables: [] }, []],
    [
      'explicit PENDING counts as pending',
      { deliverables: [dr({ analysisReview: 'PASSED', releaseApproval: 'PENDING' })] },
      ['RELEASE_APPROVAL'],
    ],
    [
      'two types at different steps',
      { deliverables: [dr({ analysisReview: 'PASSED' }), { type: 'Clinical Report', releases: ['Clinical Report'] }] },
      ['ANALYSIS_REVIEW', 'RELEASE_APPROVAL'],
    ],
  ])('%s → %j', (_label, spec, steps) => {
    expect(waitingFor(one(spec))).toEqual(steps);
  });

  test('the count is the cases with anything waiting', () => {
    const cases = [
      one({ deliverables: [dr()] }),
      one({ paused: true, deliverables: [dr()] }),
      one({ deliverables: [] }),
    ];
    expect(countWaiting(cases)).toBe(1);
  });
});

// docs/case-signoffs.md#status-display, docs/case-signoffs.md#stopped-and-paused-cases
describe('how statuses are shown', () => {
  const done = one({
    deliverables: [
      dr({
        analysisReview: 'NOT_APPLICABLE',
        releaseApproval: 'FAILED_STOP',
        releases: ['Full Pipeline', 'cBioPortal Submission'],
        releaseStatuses: { 'Full Pipeline': 'STAGED', 'cBioPortal Submission': 'PASSED_RELEASE' },
      }),
    ],
  });
  test('labels and shades', () => {
    const items = stepItems(done);
    expect(items.ANALYSIS_REVIEW.map((i) => [i.view.label, i.view.shade])).toEqual([['N/A', 'grey']]);
    expect(items.RELEASE_APPROVAL.map((i) => [i.view.label, i.view.shade])).toEqual([['Failed', 'red']]);
    expect(items.RELEASE.map((i) => [i.deliverable, i.view.label])).toEqual([
      ['Full Pipeline', 'Staged'],
      ['cBioPortal Submission', 'Approved'],
    ]);
  });

  test('a stopped case’s pending analysis review shows N/A, its release approval Pending QC', () => {
    const items = stepItems(one({ stopped: true, deliverables: [dr()] }));
    expect(items.ANALYSIS_REVIEW[0].view).toMatchObject({
      status: 'PENDING',
      label: 'N/A',
      reason: 'Not needed: the case is stopped',
    });
    expect(items.RELEASE_APPROVAL[0].view).toMatchObject({ label: 'Pending QC', shade: 'yellow' });
  });

  test('a paused case is not highlighted', () => {
    expect(stepItems(one({ paused: true, deliverables: [dr()] })).RELEASE_APPROVAL[0].view.shade).toBe('none');
  });
});
