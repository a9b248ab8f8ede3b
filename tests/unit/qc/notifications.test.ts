import { describe, expect, test } from 'vitest';
import { Run, type RunInput, type Sample, type SampleInput } from '../../../lib/cardea/schema';
import {
  type RunNotification,
  desiredState,
  fdReady,
  lqReady,
  metricsAvailable,
  runNotification,
  runState,
} from '../../../lib/qc/notifications';
import { run, sample } from './builders';

type SampleMetricInput = NonNullable<SampleInput['metrics']>[number];
const flag = (fields: Partial<SampleMetricInput>): SampleMetricInput => ({
  name: 'Mean Coverage Deduplicated',
  thresholdType: 'GE',
  metricLevel: 'SAMPLE',
  qcPassed: true,
  ...fields,
});

const analysed: SampleMetricInput[] = [flag({ qcPassed: true })];
const notAnalysed: SampleMetricInput[] = [flag({ qcPassed: null })];

/** Run-libraries in their life stages (docs/notifications-and-tickets.md#readiness counts). */
let next = 0;
function library(stage: 'analysis' | 'qc' | 'dataReview' | 'done', fields: Partial<SampleInput> = {}): Sample {
  next += 1;
  return sample({
    id: `5476_1_LDI${next}`,
    name: `PROJ_${String(next).padStart(4, '0')}_Lv_M_PE_1_WG`,
    metrics: stage === 'analysis' ? notAnalysed : analysed,
    qcDate: stage === 'qc' || stage === 'analysis' ? null : '2023-01-06',
    dataReviewDate: stage === 'done' ? '2023-01-07' : null,
    ...fields,
  });
}
const runWith = (fields: Partial<RunInput> = {}) =>
  Run.parse(run({ qcDate: '2023-01-06', dataReviewDate: null, ...fields }));
const runDone = runWith({ dataReviewDate: '2023-01-08' });

describe('metricsAvailable (§3.1, §7.15)', () => {
  test.each<[string, SampleMetricInput[] | null, boolean]>([
    ['§3.1 no metrics list → available', null, true],
    ['§3.1 an empty list → available', [], true],
    ['§3.1 a non-BOOLEAN flag pending → not available', [flag({ qcPassed: null })], false],
    ['§3.1 a non-BOOLEAN flag passed → available', [flag({ qcPassed: true })], true],
    ['§3.1 a non-BOOLEAN flag failed → available (analysed, not judged)', [flag({ qcPassed: false })], true],
    [
      '§3.1 a BOOLEAN flag pending does not block',
      [flag({ name: 'Tumour Content', thresholdType: 'BOOLEAN', qcPassed: null })],
      true,
    ],
    [
      '§3.1 Sample Authenticated pending blocks, BOOLEAN or not',
      [flag({ name: 'Sample Authenticated', thresholdType: 'BOOLEAN', qcPassed: null })],
      false,
    ],
    [
      '§3.1 a metric without a threshold type counts as non-BOOLEAN',
      [flag({ thresholdType: null, qcPassed: null })],
      false,
    ],
    [
      '§3.1 one pending among many is enough',
      [flag({ qcPassed: true }), flag({ name: 'Duplication Rate', qcPassed: null })],
      false,
    ],
    ['§3.1 values do not matter, only flags', [flag({ value: null, qcPassed: true })], true],
  ])('%s', (_label, metrics, available) => {
    expect(metricsAvailable(sample({ metrics }))).toBe(available);
  });
});

describe('readiness (§3.1; the four readiness tests of §3.3)', () => {
  test.each<[string, 'LQ' | 'FD', ReturnType<typeof runWith>, Sample[], boolean]>([
    [
      '§3.3 LQ with one library lacking metrics → not ready',
      'LQ',
      runWith(),
      [library('qc'), library('analysis')],
      false,
    ],
    ['§3.3 LQ with only the run pending → ready', 'LQ', runWith(), [library('done'), library('done')], true],
    ['§3.3 FD with partial availability → ready', 'FD', runWith(), [library('qc'), library('analysis')], true],
    ['§3.3 FD with nothing available → not ready', 'FD', runWith(), [library('analysis'), library('analysis')], false],
    ['§3.1 LQ empty → not ready', 'LQ', runWith(), [], false],
    ['§3.1 LQ all analysed and a library awaits QC → ready', 'LQ', runDone, [library('done'), library('qc')], true],
    ['§3.1 LQ all analysed, everything reviewed → not ready', 'LQ', runDone, [library('done'), library('done')], false],
    [
      '§3.1 FD: the analysed library and the run both reviewed → not ready',
      'FD',
      runDone,
      [library('done'), library('analysis')],
      false,
    ],
    [
      '§3.1 FD: an analysed library whose run awaits review → ready',
      'FD',
      runWith(),
      [library('done'), library('analysis')],
      true,
    ],
  ])('%s', (_label, set, theRun, libraries, ready) => {
    expect(set === 'LQ' ? lqReady(theRun, libraries) : fdReady(theRun, libraries)).toBe(ready);
  });
});

describe('runState (§3.1, dates only)', () => {
  test.each<[string, Partial<RunInput>, 1 | 2 | 3]>([
    ['§3.1 no qcDate → 1', { qcDate: null, dataReviewDate: null }, 1],
    ['§3.1 no qcDate but a data review date → still 1', { qcDate: null, dataReviewDate: '2023-01-08' }, 1],
    ['§3.1 qcDate, no dataReviewDate → 2', { qcDate: '2023-01-06', dataReviewDate: null }, 2],
    [
      '§3.1/§7.16 both dates (even a failed review) → 3',
      { qcDate: '2023-01-06', qcPassed: false, dataReviewDate: '2023-01-08', dataReviewPassed: false },
      3,
    ],
  ])('%s', (_label, fields, state) => {
    expect(runState(runWith(fields))).toBe(state);
  });
});

const counts = (n: RunNotification | null) =>
  n && [
    n.pendingAnalysis.length,
    n.pendingQc.length,
    n.pendingDataReview.length,
    n.runState,
    n.desiredState,
    n.requiresAction,
  ];

describe('runNotification: counts by dates (§3.1, §7.16)', () => {
  test.each<[string, Sample, [number, number, number]]>([
    [
      '§3.1 a data review date → done, not counted (even when it failed)',
      library('done', { dataReviewPassed: false }),
      [0, 0, 0],
    ],
    ['§3.1 a data review date beats missing metrics', library('analysis', { dataReviewDate: '2023-01-07' }), [0, 0, 0]],
    [
      '§3.1 metrics unavailable → pending analysis, even with a qcDate',
      library('analysis', { qcDate: '2023-01-06' }),
      [1, 0, 0],
    ],
    ['§3.1/§7.16 no qcDate → pending QC, even if qcPassed is set', library('qc', { qcPassed: true }), [0, 1, 0]],
    [
      '§3.1/§7.16 a qcDate and no data review date → pending data review, even if QC failed',
      library('dataReview', { qcPassed: false }),
      [0, 0, 1],
    ],
  ])('%s', (_label, lib, [a, q, d]) => {
    // a second, analysed FD library keeps the run FD-ready whatever the first one is
    const n = runNotification({ run: runWith(), lq: [], fd: [lib, library('done')], hasOpenTicket: false });
    expect(counts(n)?.slice(0, 3)).toEqual([a, q, d]);
  });

  test("§3.1 counts run over LQ then FD, keeping each library's identity", () => {
    const lq = library('qc', { id: '5459_2_LDI1', name: 'LQ_LIB', sequencingLane: '2', project: 'PROJA' });
    const fd = library('qc', { id: '5476_1_LDI1', name: 'FD_LIB', sequencingLane: '1', project: 'PROJB' });
    const n = runNotification({ run: runWith(), lq: [lq], fd: [fd], hasOpenTicket: false });
    expect(n?.pendingQc).toEqual([
      { id: '5459_2_LDI1', name: 'LQ_LIB', lane: '2', project: 'PROJA' },
      { id: '5476_1_LDI1', name: 'FD_LIB', lane: '1', project: 'PROJB' },
    ]);
    expect(n?.runName).toBe('230105_A00469_0405_AHXXXXDSX3');
  });

  test('a run-library listed in both LQ and FD is counted once', () => {
    const lib = library('qc');
    expect(runNotification({ run: runWith(), lq: [lib], fd: [lib], hasOpenTicket: false })?.pendingQc).toHaveLength(1);
  });
});

describe('runNotification: no notification, desired state, requiresAction (§3.2, §7.17)', () => {
  test.each<[string, ReturnType<typeof runWith>, Sample[], Sample[], boolean, ReturnType<typeof counts>]>([
    ['§3.2 pending QC → OPEN', runWith(), [], [library('qc'), library('analysis')], false, [1, 1, 0, 2, 'OPEN', true]],
    ['§3.2 pending data review only → OPEN', runDone, [], [library('dataReview')], false, [0, 0, 1, 3, 'OPEN', true]],
    [
      '§3.2/§7.17 only analysis pending while run QC is outstanding → PAUSED, still requires action',
      runWith({ qcDate: null }),
      [],
      [library('done'), library('analysis')],
      false,
      [1, 0, 0, 1, 'PAUSED', true],
    ],
    [
      "§3.2 nothing pending but the run's data review → OPEN",
      runWith(),
      [],
      [library('done')],
      false,
      [0, 0, 0, 2, 'OPEN', true],
    ],
    [
      '§3.2 open ticket, only analysis pending, run reviewed → PAUSED, no action',
      runDone,
      [],
      [library('done'), library('analysis')],
      true,
      [1, 0, 0, 3, 'PAUSED', false],
    ],
    ['§3.2 open ticket, everything done → no notification (ticket closes)', runDone, [], [library('done')], true, null],
    [
      '§3.2 no ticket, libraries done, run reviewed, analysis pending → none',
      runDone,
      [],
      [library('done'), library('analysis')],
      false,
      null,
    ],
    ['§3.2 no ticket, everything done → none', runDone, [library('done')], [library('done')], false, null],
    [
      '§3.3 no ticket and not ready (LQ not all analysed) → none',
      runWith(),
      [library('qc'), library('analysis')],
      [],
      false,
      null,
    ],
    [
      '§3.3 an open ticket needs no readiness',
      runWith(),
      [library('qc'), library('analysis')],
      [],
      true,
      [1, 1, 0, 2, 'OPEN', true],
    ],
  ])('%s', (_label, theRun, lq, fd, hasOpenTicket, expected) => {
    expect(counts(runNotification({ run: theRun, lq, fd, hasOpenTicket }))).toEqual(expected);
  });

  // NotificationManagerTest's mock run has a dataReviewDate but no qcDate (R = 1).
  const mockRun = runWith({ qcDate: null, dataReviewDate: '2023-01-08' });
  test.each<[string, Sample[], boolean, ReturnType<typeof counts>]>([
    ['§3.3 test "new" (A1 Q1 D0) → OPEN', [library('analysis'), library('qc')], false, [1, 1, 0, 1, 'OPEN', true]],
    [
      '§3.3 test "changed" (A1 Q0 D1) → OPEN',
      [library('analysis'), library('dataReview')],
      true,
      [1, 0, 1, 1, 'OPEN', true],
    ],
    [
      '§3.3 test "pause" (A1 Q0 D0, 1 done) → PAUSED',
      [library('analysis'), library('done')],
      true,
      [1, 0, 0, 1, 'PAUSED', false],
    ],
    ['§3.3 test "close" (2 done) → none, close with the final comment', [library('done'), library('done')], true, null],
    ['§3.3 test "reopen" (Q1, 1 done) → OPEN', [library('qc'), library('done')], true, [0, 1, 0, 1, 'OPEN', true]],
  ])('%s', (_label, fd, hasOpenTicket, expected) => {
    expect(counts(runNotification({ run: mockRun, lq: [], fd, hasOpenTicket }))).toEqual(expected);
  });

  test.each<[string, [number, number, number], string | null, string]>([
    ['§3.2 pending QC → OPEN', [1, 1, 0], '2023-01-08', 'OPEN'],
    ['§3.2 pending data review → OPEN', [1, 0, 1], '2023-01-08', 'OPEN'],
    ['§3.2 only analysis → PAUSED even without a run review', [1, 0, 0], null, 'PAUSED'],
    ['§3.2 nothing pending, run not reviewed → OPEN', [0, 0, 0], null, 'OPEN'],
    ['§3.2 nothing pending, run reviewed → CLOSED', [0, 0, 0], '2023-01-08', 'CLOSED'],
  ])('desiredState: %s', (_label, [a, q, d], dataReviewDate, state) => {
    const lib = { id: 'x', name: 'x', lane: '1', project: 'P' };
    const lists = {
      pendingAnalysis: Array(a).fill(lib),
      pendingQc: Array(q).fill(lib),
      pendingDataReview: Array(d).fill(lib),
    };
    expect(desiredState(lists, { name: 'r', qcDate: '2023-01-06', dataReviewDate })).toBe(state);
  });
});
