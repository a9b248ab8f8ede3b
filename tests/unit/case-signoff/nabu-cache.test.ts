import { describe, expect, test } from 'vitest';
import { CACHE_EXPIRY_MS, isFresh, mergeCache, newestPerKey, overlayCase } from '../../../lib/case-signoff/nabu-cache';
import { listItems } from '../../../lib/case-signoff/query';
import { stepItems } from '../../../lib/case-signoff/status-view';
import { caseRecord, nabuRow } from './builders';

const kase = caseRecord({
  id: 'PANX_1_b1_Co_M',
  deliverables: [
    { type: 'Clinical Report', releases: ['Clinical Report'] },
    { type: 'Data Release', releases: ['Full Pipeline', 'cBioPortal Submission'] },
  ],
});
const at = (iso: string) => ({ created: iso });

describe('the overlay shows a Nabu sign-off before Cardea has it', () => {
  test('a Release Approval row replaces status, user, date and note of its type only', () => {
    const row = nabuRow({
      caseIdentifier: kase.id,
      ...at('2026-11-24T10:00:00.000Z'),
      comment: '50% + tumour/normal ✓',
    });
    const { record, fromNabu } = overlayCase(kase, [row]);
    const dr = record.deliverables.find((d) => d.deliverableCategory === 'Data Release')!;
    expect(dr).toMatchObject({
      releaseApprovalQcStatus: 'PASSED_PROCEED',
      releaseApprovalQcUser: 'Tess Ter',
      releaseApprovalQcDate: '2026-11-24',
      releaseApprovalQcNote: '50% + tumour/normal ✓',
    });
    expect(
      record.deliverables.find((d) => d.deliverableCategory === 'Clinical Report')!.releaseApprovalQcStatus,
    ).toBeNull();
    expect(fromNabu).toEqual([{ step: 'RELEASE_APPROVAL', deliverableType: 'Data Release', deliverable: null }]);
    expect(stepItems(record).RELEASE_APPROVAL.map((i) => [i.deliverableType, i.view.label])).toEqual([
      ['Clinical Report', 'Pending QC'],
      ['Data Release', 'Approved'],
    ]);
  });

  test('a Release row changes only its deliverable', () => {
    const row = nabuRow({
      caseIdentifier: kase.id,
      signoffStepName: 'RELEASE',
      deliverable: 'Full Pipeline',
      qcPassed: true,
      release: false,
    });
    const { record } = overlayCase(kase, [row]);
    expect(record.deliverables[1].releases.map((r) => [r.deliverable, r.qcStatus])).toEqual([
      ['Full Pipeline', 'STAGED'],
      ['cBioPortal Submission', null],
    ]);
  });

  test('the Pending pair clears a status', () => {
    const done = caseRecord({ id: 'X_1', deliverables: [{ type: 'Data Release', releaseApproval: 'FAILED_STOP' }] });
    const row = nabuRow({ caseIdentifier: 'X_1', qcPassed: null, release: null });
    expect(overlayCase(done, [row]).record.deliverables[0].releaseApprovalQcStatus).toBeNull();
  });

  test.each([
    ['another case', nabuRow({ caseIdentifier: 'OTHER' })],
    ['a type the case does not have', nabuRow({ caseIdentifier: kase.id, deliverableType: 'DATA_RELEASE' })],
    [
      'a deliverable the case does not have',
      nabuRow({ caseIdentifier: kase.id, signoffStepName: 'RELEASE', deliverable: 'Nope' }),
    ],
    [
      'a pair Cardea cannot map',
      nabuRow({ caseIdentifier: kase.id, signoffStepName: 'ANALYSIS_REVIEW', qcPassed: true, release: true }),
    ],
  ])('ignores a row for %s', (_label, row) => {
    expect(overlayCase(kase, [row])).toEqual({ record: kase, fromNabu: [] });
  });

  test('the case stops waiting for the step it was signed off for', () => {
    const waiting = caseRecord({
      id: 'W_1',
      deliverables: [{ type: 'Data Release', analysisReview: 'PASSED', releases: ['Full Pipeline'] }],
    });
    expect(listItems([waiting], [])[0].waitingFor).toEqual(['RELEASE_APPROVAL']);
    const [item] = listItems([waiting], [nabuRow({ caseIdentifier: 'W_1' })]);
    expect(item.waitingFor).toEqual(['RELEASE']);
  });
});

describe('newest row wins', () => {
  test('per (case, step, type, deliverable), by created, then id', () => {
    const older = nabuRow({ caseIdentifier: 'A', ...at('2026-11-24T10:00:00.000Z'), qcPassed: false, release: false });
    const newer = nabuRow({ caseIdentifier: 'A', ...at('2026-11-24T10:00:01.000Z') });
    const other = nabuRow({
      caseIdentifier: 'A',
      deliverableType: 'Clinical Report',
      ...at('2026-11-24T09:00:00.000Z'),
    });
    expect(newestPerKey([newer, older, other])).toEqual([newer, other]);
    const same1 = nabuRow({ caseIdentifier: 'B', ...at('2026-11-24T10:00:00.000Z') });
    const same2 = { ...nabuRow({ caseIdentifier: 'B', ...at('2026-11-24T10:00:00.000Z') }), qcPassed: false };
    expect(newestPerKey([same2, same1])).toEqual([same2]);
  });
});

describe('a cached row expires once Cardea is more than 10 minutes newer than it', () => {
  const row = nabuRow({ caseIdentifier: kase.id, ...at('2026-11-24T10:00:00.000Z') });
  test.each([
    ['no Cardea data yet', null, true],
    ['Cardea older than the row', '2026-11-24T09:00:00Z', true],
    ['Cardea 10 minutes newer', '2026-11-24T10:10:00Z', true],
    ['Cardea 10 minutes and 1 second newer', '2026-11-24T10:10:01Z', false],
  ])('%s → kept: %s', (_label, timestamp, kept) => {
    expect(isFresh(row, timestamp)).toBe(kept);
    expect(mergeCache([row], [], timestamp)).toHaveLength(kept ? 1 : 0);
  });

  test('the expiry is 10 minutes', () => {
    expect(CACHE_EXPIRY_MS).toBe(600_000);
  });

  test('merging keeps the newer of a cached and an incoming row', () => {
    const newer = nabuRow({ caseIdentifier: kase.id, ...at('2026-11-24T10:05:00.000Z'), comment: 'changed my mind' });
    expect(mergeCache([row], [newer], '2026-11-24T10:01:00Z')).toEqual([newer]);
    expect(mergeCache([newer], [row], '2026-11-24T10:01:00Z')).toEqual([newer]);
  });
});
