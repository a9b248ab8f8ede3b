import { describe, expect, test } from 'vitest';
import { Run, type RunInput, type SampleInput } from '../../../lib/cardea/schema';
import {
  type QcStatusKey,
  combinedStatus,
  firstStatus,
  qcStatuses,
  runLibraryStatus,
  runStatus,
  statusTooltip,
} from '../../../lib/qc/status';
import { run, sample } from './builders';

describe('qcStatuses vocabulary (§1.12)', () => {
  test.each<[QcStatusKey, string, string, boolean, string, number]>([
    ['construction', 'Pending work', 'road-barrier', false, 'yellow', 0],
    ['sequencing', 'Sequencing in progress', 'pen-to-square', false, 'yellow', 2],
    ['analysis', 'Pending analysis', 'hourglass-half', false, 'yellow', 3],
    ['qc', 'Pending QC', 'magnifying-glass', false, 'yellow', 4],
    ['transfer', 'Pending transfer', 'right-left', true, 'yellow', 0],
    ['dataReview', 'Pending data review', 'glasses', true, 'yellow', 5],
    ['passed', 'Approved', 'check', true, 'none', 7],
    ['passedDifferentAssay', 'Approved with different assay', 'circle-check', true, 'none', 7],
    ['staged', 'Staged', 'hard-drive', true, 'none', 7],
    ['failed', 'Failed', 'xmark', true, 'red', 1],
    ['topUp', 'Top-up Required', 'fill-drip', true, 'yellow', 6],
    ['na', 'Not Applicable', 'ban', true, 'none', 8],
    ['assigned', 'Assigned', 'user', false, 'yellow', 8],
  ])('§1.12 %s', (key, label, icon, qcComplete, shade, priority) => {
    expect(qcStatuses[key]).toEqual({ key, label, icon, qcComplete, shade, priority });
  });
});

describe('firstStatus (§1.12)', () => {
  test.each<[string, boolean | null, string | null, QcStatusKey]>([
    ['§1.12 qcPassed false → failed', false, 'Top-up Required', 'failed'],
    ['§1.12 qcPassed true → passed', true, 'Top-up Required', 'passed'],
    ['§1.12 pending with reason "Top-up Required" → topUp', null, 'Top-up Required', 'topUp'],
    ['§1.12 pending otherwise → qc', null, 'Other reason', 'qc'],
    ['§1.12 pending without a reason → qc', null, null, 'qc'],
  ])('%s', (_label, qcPassed, qcReason, key) => {
    expect(firstStatus({ qcPassed, qcReason }).key).toBe(key);
  });
});

describe('runLibraryStatus (§1.12 Run page column, §7.12)', () => {
  test.each<[string, Partial<SampleInput>, QcStatusKey]>([
    ['§1.12 pending QC stays pending QC', { qcPassed: null }, 'qc'],
    [
      '§1.12 passed QC, no data review date → pending data review',
      { qcPassed: true, dataReviewDate: null },
      'dataReview',
    ],
    [
      '§1.12 failed QC, no data review date → pending data review',
      { qcPassed: false, dataReviewDate: null },
      'dataReview',
    ],
    [
      '§1.12 top-up, no data review date → pending data review',
      { qcPassed: null, qcReason: 'Top-up Required' },
      'dataReview',
    ],
    [
      '§1.12 passed QC and data review → passed',
      { qcPassed: true, dataReviewDate: '2023-01-09', dataReviewPassed: true },
      'passed',
    ],
    [
      '§1.12 passed QC, data review failed → failed',
      { qcPassed: true, dataReviewDate: '2023-01-09', dataReviewPassed: false },
      'failed',
    ],
    [
      '§1.12 a data review date with a null result keeps the first status',
      { qcPassed: true, dataReviewDate: '2023-01-09', dataReviewPassed: null },
      'passed',
    ],
    ['§1.12 without a run there is no data review step', { run: null, qcPassed: true, dataReviewDate: null }, 'passed'],
    [
      "§7.12 the run's own failure does not change the library status",
      { qcPassed: true, dataReviewDate: '2023-01-09', dataReviewPassed: true, run: run({ qcPassed: false }) },
      'passed',
    ],
  ])('%s', (_label, fields, key) => {
    expect(runLibraryStatus(sample(fields)).key).toBe(key);
  });
});

describe('runStatus (§1.1 header, getRunStatus)', () => {
  test.each<[string, Partial<RunInput>, QcStatusKey]>([
    ['§1.1 QC pending → qc', { qcPassed: null, dataReviewPassed: null }, 'qc'],
    ['§1.1 QC passed, data review null → dataReview', { qcPassed: true, dataReviewPassed: null }, 'dataReview'],
    ['§1.1 QC failed, data review null → dataReview', { qcPassed: false, dataReviewPassed: null }, 'dataReview'],
    ['§1.1 QC passed, data review failed → failed', { qcPassed: true, dataReviewPassed: false }, 'failed'],
    ['§1.1 QC passed, data review passed → passed', { qcPassed: true, dataReviewPassed: true }, 'passed'],
    ['§1.1 QC failed, data review passed → failed', { qcPassed: false, dataReviewPassed: true }, 'failed'],
    [
      '§1.1/§7.12 server-side: decided by the result, not the date',
      { qcPassed: true, dataReviewPassed: true, dataReviewDate: null },
      'passed',
    ],
  ])('%s', (_label, fields, key) => {
    expect(runStatus(Run.parse(run(fields))).key).toBe(key);
  });
});

describe('combinedStatus (§1.12 detail pages)', () => {
  test.each<[string, Partial<SampleInput>, QcStatusKey]>([
    [
      '§1.12 the run pending data review (5) beats an approved library (7)',
      { qcPassed: true, dataReviewDate: '2023-01-09', dataReviewPassed: true, run: run({ qcPassed: true }) },
      'dataReview',
    ],
    [
      '§1.12 a failed run (1) beats a library pending QC (4)',
      { qcPassed: null, run: run({ qcPassed: false, dataReviewDate: '2023-01-08', dataReviewPassed: true }) },
      'failed',
    ],
    [
      '§1.12 a library pending QC (4) beats a run pending data review (5)',
      { qcPassed: null, run: run({ qcPassed: true }) },
      'qc',
    ],
    ['§1.12 no run → the library alone', { run: null, qcPassed: null }, 'qc'],
  ])('%s', (_label, fields, key) => {
    expect(combinedStatus(sample(fields)).key).toBe(key);
  });
});

describe('statusTooltip (§1.12)', () => {
  test.each<[string, Partial<SampleInput>, string[]]>([
    [
      '§1.12 the reason and the user',
      { qcPassed: false, qcReason: 'Low yield', qcUser: 'Ada', dataReviewDate: '2023-01-09', dataReviewPassed: true },
      ['Status: Low yield (Ada)'],
    ],
    [
      '§1.12 no reason → the label; note on its own line',
      { qcPassed: null, qcNote: 'Re-run lane 2' },
      ['Status: Pending QC', 'Note: Re-run lane 2'],
    ],
    [
      '§1.12 no user → no parentheses',
      { run: null, qcPassed: null, qcReason: 'Top-up Required' },
      ['Status: Top-up Required'],
    ],
    [
      '§1.12 pending data review → just that line',
      { qcPassed: true, qcReason: 'Good', qcUser: 'Ada', qcNote: 'n', dataReviewDate: null },
      ['Status: Pending data review'],
    ],
    [
      '§1.12 approved, no reason, with a user',
      { qcPassed: true, qcUser: 'Bo', dataReviewDate: '2023-01-09', dataReviewPassed: true },
      ['Status: Approved (Bo)'],
    ],
  ])('%s', (_label, fields, lines) => {
    expect(statusTooltip(sample(fields))).toEqual(lines);
  });
});
