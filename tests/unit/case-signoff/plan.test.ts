import { describe, expect, test } from 'vitest';
import {
  deliverableTypeOptions,
  missingEarlierCount,
  planSignoff,
  preselectedType,
  releaseOptions,
  type SignoffChoice,
} from '../../../lib/case-signoff/plan';
import { statusOptions, type SignoffStepName } from '../../../lib/case-signoff/steps';
import { NabuBulkRequest } from '../../../lib/nabu/schema';
import { bulkRequest } from '../../builders/nabu';
import { caseRecord } from './builders';

const choice = (overrides: Partial<SignoffChoice>): SignoffChoice => ({
  step: 'RELEASE_APPROVAL',
  deliverableType: 'Data Release',
  deliverables: [],
  status: 'PASSED_PROCEED',
  note: '',
  ...overrides,
});

describe('the statuses offered per step are exactly the allowed (qcPassed, release) pairs', () => {
  const expected: [SignoffStepName, [string, boolean | null, boolean | null][]][] = [
    [
      'ANALYSIS_REVIEW',
      [
        ['Pending', null, null],
        ['Passed', true, null],
        ['Failed', false, null],
        ['N/A', null, false],
      ],
    ],
    [
      'RELEASE_APPROVAL',
      [
        ['Pending', null, null],
        ['Passed/Proceed', true, true],
        ['Failed/Proceed', false, true],
        ['Failed/Stop', false, false],
        ['N/A', null, false],
      ],
    ],
    [
      'RELEASE',
      [
        ['Pending', null, null],
        ['Passed/Released', true, true],
        ['Staged', true, false],
        ['Failure Released', false, true],
        ['Failure Not Released', false, false],
        ['N/A', null, false],
      ],
    ],
  ];
  test.each(expected)('%s', (step, pairs) => {
    expect(statusOptions(step).map((p) => [p.label, p.qcPassed, p.release])).toEqual(pairs);
  });

  test('no "None" or "Assigned" entry: both would send a null status (pitfall 23)', () => {
    for (const step of ['ANALYSIS_REVIEW', 'RELEASE_APPROVAL', 'RELEASE'] as const) {
      expect(statusOptions(step).map((p) => p.label)).not.toContain('None');
      expect(statusOptions(step).map((p) => p.label)).not.toContain('Assigned');
    }
  });

  test.each([
    ['ANALYSIS_REVIEW', 'PASSED_PROCEED'],
    ['RELEASE_APPROVAL', 'PASSED'],
    ['RELEASE', 'FAILED_PROCEED'],
    ['RELEASE_APPROVAL', 'ASSIGNED'],
  ] as const)('a %s sign-off with status %s is refused', (step, status) => {
    const plan = planSignoff(
      [caseRecord({ id: 'A_1' })],
      choice({ step, status, deliverables: ['Full Pipeline'] }),
      'Tess Ter',
    );
    expect(plan.errors.join(' ')).toMatch(/is not a .* status/);
    expect(plan.requests).toEqual([]);
  });
});

describe('deliverable types shared by the selection', () => {
  const a = caseRecord({ id: 'A_1', deliverables: [{ type: 'Data Release' }, { type: 'Clinical Report' }] });
  const b = caseRecord({ id: 'B_1', deliverables: [{ type: 'Clinical Report' }, { type: 'Data Release' }] });
  const c = caseRecord({ id: 'C_1', deliverables: [{ type: 'Clinical Report' }] });

  test('in the first case’s order, types every case has', () => {
    expect(deliverableTypeOptions([a, b]).shared).toEqual(['Data Release', 'Clinical Report']);
    expect(deliverableTypeOptions([b, a]).shared).toEqual(['Clinical Report', 'Data Release']);
  });

  test('types only some cases have are offered apart, with how many have them', () => {
    expect(deliverableTypeOptions([a, c])).toEqual({
      shared: ['Clinical Report'],
      partial: [{ type: 'Data Release', count: 1 }],
    });
  });

  test('preselected only when exactly one is shared', () => {
    expect(preselectedType(deliverableTypeOptions([a, c]))).toBe('Clinical Report');
    expect(preselectedType(deliverableTypeOptions([a, b]))).toBe('');
  });

  test('nothing in common', () => {
    const d = caseRecord({ id: 'D_1', deliverables: [{ type: 'Data Release' }] });
    expect(deliverableTypeOptions([c, d]).shared).toEqual([]);
  });
});

describe('Release needs a specific deliverable', () => {
  const a = caseRecord({
    id: 'A_1',
    deliverables: [{ type: 'Data Release', releases: ['Full Pipeline', 'cBioPortal Submission'] }],
  });
  const b = caseRecord({ id: 'B_1', deliverables: [{ type: 'Data Release', releases: ['Full Pipeline'] }] });
  const elsewhere = caseRecord({
    id: 'E_1',
    deliverables: [
      { type: 'Data Release', releases: ['Full Pipeline'] },
      { type: 'Clinical Report', releases: ['cBioPortal Submission'] },
    ],
  });

  test('offered: the first case’s deliverables of the type that every case has, checked across all its types', () => {
    expect(releaseOptions([a, b], 'Data Release')).toEqual(['Full Pipeline']);
    expect(releaseOptions([a, elsewhere], 'Data Release')).toEqual(['Full Pipeline', 'cBioPortal Submission']);
  });

  test('without a deliverable it cannot be submitted', () => {
    const plan = planSignoff(
      [a, b],
      choice({ step: 'RELEASE', status: 'PASSED_RELEASE', deliverables: [] }),
      'Tess Ter',
    );
    expect(plan.errors).toContain('No deliverables selected.');
    expect(plan.requests).toEqual([]);
    expect(plan.signoffCount).toBe(0);
  });

  test('one request per deliverable, each with the deliverable named', () => {
    const plan = planSignoff(
      [a, elsewhere],
      choice({ step: 'RELEASE', status: 'STAGED', deliverables: ['Full Pipeline', 'cBioPortal Submission'] }),
      'Tess Ter',
    );
    expect(plan.requests.map((r) => [r.deliverable, r.caseIdentifiers, r.qcPassed, r.release])).toEqual([
      ['Full Pipeline', ['A_1', 'E_1'], true, false],
      ['cBioPortal Submission', ['A_1'], true, false],
    ]);
    // E_1 has that deliverable, but under another type: a Data Release row would never show.
    expect(plan.leftOut).toEqual([
      {
        caseId: 'E_1',
        deliverable: 'cBioPortal Submission',
        reason: 'has cBioPortal Submission only under another deliverable type, not Data Release',
      },
    ]);
    expect(plan.signoffCount).toBe(3);
    expect(plan.summary).toBe('Release · Data Release · Full Pipeline, cBioPortal Submission · Staged');
  });
});

describe('cases the choice does not fit are named and left out', () => {
  const withType = caseRecord({ id: 'A_1', deliverables: [{ type: 'Data Release' }] });
  const without = caseRecord({ id: 'B_1', deliverables: [{ type: 'Clinical Report' }] });
  const stopped = caseRecord({ id: 'S_1', stopped: true, deliverables: [{ type: 'Data Release' }] });
  const skipping = caseRecord({ id: 'K_1', deliverables: [{ type: 'Data Release', analysisReviewSkipped: true }] });

  test('a case without the deliverable type', () => {
    const plan = planSignoff([withType, without], choice({}), 'Tess Ter');
    expect(plan.leftOut).toEqual([
      { caseId: 'B_1', deliverable: null, reason: 'has no Data Release deliverable type' },
    ]);
    expect(plan.requests.map((r) => r.caseIdentifiers)).toEqual([['A_1']]);
    expect(plan.included).toEqual(['A_1']);
  });

  test('Analysis Review on a stopped case is allowed, with a warning that it normally shows N/A', () => {
    const plan = planSignoff([stopped, skipping], choice({ step: 'ANALYSIS_REVIEW', status: 'PASSED' }), 'Tess Ter');
    expect(plan.requests[0].caseIdentifiers).toEqual(['S_1', 'K_1']);
    expect(plan.warnings).toEqual([
      'S_1 is stopped: its Analysis Review normally shows N/A (it still needs Release Approval and Release).',
      'K_1 skips analysis review for Data Release: it normally shows N/A.',
    ]);
  });

  test('stopped cases still take Release Approval and Release without a warning', () => {
    expect(planSignoff([stopped], choice({ status: 'FAILED_STOP' }), 'Tess Ter').warnings).toEqual([]);
  });

  test('nobody left: nothing to submit', () => {
    const plan = planSignoff([without], choice({}), 'Tess Ter');
    expect(plan.errors).toContain('None of the selected cases can take this sign-off.');
  });

  test('Release Approval asks for confirmation when cases lack earlier sign-offs', () => {
    const missing = caseRecord({ id: 'M_1', missingEarlierSignoffs: true });
    expect(missingEarlierCount([withType, missing, without], 'Data Release')).toBe(1);
  });
});

describe('the Nabu request', () => {
  const cases = [caseRecord({ id: 'A_1' }), caseRecord({ id: 'B_1' })];

  test('one bulk request for a step other than Release, with the display name as username', () => {
    const plan = planSignoff(cases, choice({ note: '50% + tumour/normal ✓' }), 'Tess Ter');
    expect(plan.requests).toEqual([bulkRequest({ caseIdentifiers: ['A_1', 'B_1'], comment: '50% + tumour/normal ✓' })]);
    expect(() => NabuBulkRequest.parse(plan.requests[0])).not.toThrow();
    expect(plan.summary).toBe('Release Approval · Data Release · Passed/Proceed');
  });

  test.each(['', '   ', '\n'])('an empty note (%j) is sent as a null comment', (note) => {
    expect(planSignoff(cases, choice({ note }), 'Tess Ter').requests[0].comment).toBeNull();
  });

  test('Pending clears a step: (null, null)', () => {
    const [request] = planSignoff(cases, choice({ status: 'PENDING' }), 'Tess Ter').requests;
    expect([request.qcPassed, request.release]).toEqual([null, null]);
  });

  test('without a display name nothing is sent', () => {
    expect(planSignoff(cases, choice({}), ' ').errors.join(' ')).toContain('display name');
  });

  test('a case selected twice is signed off once', () => {
    expect(planSignoff([...cases, cases[0]], choice({}), 'Tess Ter').requests[0].caseIdentifiers).toEqual([
      'A_1',
      'B_1',
    ]);
  });
});
