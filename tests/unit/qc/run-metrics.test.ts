import { describe, expect, test } from 'vitest';
import type { RunInput, SampleInput } from '../../../lib/cardea/schema';
import { type CellEvaluation, evaluateCell } from '../../../lib/qc/evaluate';
import { type MetricInput, assay, assaysById, lane, run, sample, subcategory } from './builders';

type SampleMetricInput = NonNullable<SampleInput['metrics']>[number];

/** A run-only subcategory (as "NovaSeq (SAV, MISO)" in Cardea's test data) with the given metrics. */
function evaluate(
  column: string,
  metrics: MetricInput[],
  runFields: Partial<RunInput> | null,
  fields: Partial<SampleInput> = {},
) {
  const assays = assaysById(
    assay(1, { FULL_DEPTH_SEQUENCING: [subcategory(metrics, { name: 'NovaSeq (SAV, MISO)' })] }),
  );
  return evaluateCell(column, 'FULL_DEPTH_SEQUENCING', sample({ run: runFields && run(runFields), ...fields }), assays);
}

const laneTexts = (cell: CellEvaluation) => cell.lanes.map((l) => l.text);
const laneOutcomes = (cell: CellEvaluation) => cell.lanes.map((l) => l.outcome);

describe('Bases Over Q30 (§1.10)', () => {
  const q30: MetricInput = { name: 'Bases Over Q30', thresholdType: 'GE', minimum: 80, units: '%' };
  const runQ30 = (fields: Partial<SampleMetricInput>): SampleMetricInput => ({
    name: 'Bases Over Q30',
    metricLevel: 'RUN',
    ...fields,
  });
  const twoLanes = [
    lane(1, { percentOverQ30Read1: 86.1, percentOverQ30Read2: 84.2 }),
    lane(2, { percentOverQ30Read1: 85 }),
  ];

  test.each<[string, Partial<RunInput>, Partial<SampleInput>, Partial<CellEvaluation>]>([
    [
      '§1.10 run value meets the threshold → pass, shown',
      { percentOverQ30: 85.27 },
      {},
      { outcome: 'pass', display: '85.2', value: 85.27 },
    ],
    ['§1.10 run value fails → fail', { percentOverQ30: 79.9 }, {}, { outcome: 'fail', display: '79.9' }],
    [
      '§1.10/§7.9 a RUN sample metric colours the cell; the display keeps the run value',
      { percentOverQ30: 75 },
      { metrics: [runQ30({ value: 85 })] },
      { outcome: 'pass', display: '75', value: 85 },
    ],
    [
      '§1.10/§7.9 a failing RUN sample metric fails even when the run value passes',
      { percentOverQ30: 85 },
      { metrics: [runQ30({ value: 75 })] },
      { outcome: 'fail', display: '85' },
    ],
    [
      '§1.10 a SAMPLE-level Q30 entry is not used for the colour',
      { percentOverQ30: 85 },
      { metrics: [runQ30({ metricLevel: 'SAMPLE', value: 75 })] },
      { outcome: 'pass' },
    ],
    [
      '§1.10/§1.9.7 a preliminary RUN metric → unavailable',
      { percentOverQ30: 85 },
      { metrics: [runQ30({ value: 85, preliminary: true })] },
      { outcome: 'unavailable', reason: 'preliminary', preliminary: true },
    ],
    [
      '§1.10/§1.9.7 a RUN metric without a value → unavailable',
      { percentOverQ30: 85 },
      { metrics: [runQ30({ value: null })] },
      { outcome: 'unavailable', display: '85' },
    ],
    [
      '§1.10 no value while sequencing → "Sequencing in progress"',
      { percentOverQ30: null, completionDate: null },
      {},
      { outcome: 'unavailable', reason: 'sequencing-in-progress', display: 'Sequencing in progress' },
    ],
    [
      '§1.10 no value on a completed run → "Not Found"',
      { percentOverQ30: null },
      {},
      { outcome: 'unavailable', reason: 'null-value', display: 'Not Found', icon: 'question' },
    ],
    [
      '§1.10 a multi-lane run lists "L{n} R1: …; R2: …", R2 omitted when missing',
      { percentOverQ30: 85, lanes: twoLanes },
      {},
      { outcome: 'pass' },
    ],
  ])('%s', (_label, runFields, fields, expected) => {
    expect(evaluate('Bases Over Q30', [q30], runFields, fields)).toMatchObject(expected);
  });

  test.each<[string, RunInput['lanes'], string[]]>([
    ['§1.10 multi-lane: "L{n} " prefix, raw values', twoLanes, ['L1 R1: 86.1; R2: 84.2', 'L2 R1: 85']],
    [
      '§1.10 single lane: no lane prefix',
      [lane(1, { percentOverQ30Read1: 91.23, percentOverQ30Read2: 89.1 })],
      ['R1: 91.23; R2: 89.1'],
    ],
    [
      '§1.10 R2 of 0 is omitted (falsy)',
      [lane(1, { percentOverQ30Read1: 90, percentOverQ30Read2: 0 }), lane(2, { percentOverQ30Read1: 91 })],
      ['L1 R1: 90', 'L2 R1: 91'],
    ],
    [
      '§1.10 a lane without R1 is not listed',
      [lane(1, { percentOverQ30Read1: null }), lane(2, { percentOverQ30Read1: 91 })],
      ['L2 R1: 91'],
    ],
  ])('%s', (_label, lanes, texts) => {
    expect(laneTexts(evaluate('Bases Over Q30', [q30], { percentOverQ30: 85, lanes }))).toEqual(texts);
  });

  // Differential run against the reference: without a run value it shows only why, never a lane list.
  test.each<[string, Partial<RunInput>, Partial<SampleInput>, Partial<CellEvaluation>]>([
    [
      'no run value while sequencing → "Sequencing in progress", no lanes',
      { percentOverQ30: null, completionDate: null, lanes: twoLanes },
      {},
      { display: 'Sequencing in progress', outcome: 'unavailable' },
    ],
    [
      'no run value on a completed run → "Not Found", no lanes',
      { percentOverQ30: null, lanes: twoLanes },
      {},
      { display: 'Not Found', outcome: 'unavailable' },
    ],
    [
      'no run value but a RUN metric colours it → the text, still no lanes',
      { percentOverQ30: null, lanes: twoLanes },
      { metrics: [runQ30({ value: 85 })] },
      { display: 'Not Found', outcome: 'pass' },
    ],
    [
      'a run value → the lanes are listed',
      { percentOverQ30: 85, lanes: twoLanes },
      {},
      { display: '85', outcome: 'pass' },
    ],
  ])('reference: %s', (_label, runFields, fields, expected) => {
    const cell = evaluate('Bases Over Q30', [q30], runFields, fields);
    expect(cell).toMatchObject(expected);
    expect(cell.lanes.length > 0).toBe(runFields.percentOverQ30 != null);
  });

  test('§1.6/§7.8 a run-only subcategory on a library without a run → N/A', () => {
    expect(evaluate('Bases Over Q30', [q30], null)).toMatchObject({ outcome: 'na', reason: 'no-applicable-metric' });
  });
});

describe('Min Clusters (PF) / Min Reads Delivered (PF) (§1.10)', () => {
  const perLane: MetricInput = { name: 'Min Clusters (PF)', thresholdType: 'GE', minimum: 500, units: 'K/lane' };
  const perRun: MetricInput = { name: 'Min Clusters (PF)', thresholdType: 'GE', minimum: 1000, units: 'K' };
  const lanes = (...values: (number | null)[]) => values.map((clustersPf, i) => lane(i + 1, { clustersPf }));

  test.each<[string, MetricInput[], Partial<RunInput>, Partial<CellEvaluation>, (string | null)[]]>([
    [
      '§1.10 per-lane: every lane meets it → pass; total shown scaled',
      [perLane],
      { clustersPf: 1_200_000, lanes: lanes(600_000, 600_000) },
      { outcome: 'pass', display: '1,200K', value: 1_200_000 },
      ['pass', 'pass'],
    ],
    [
      '§1.10 per-lane: one lane short → fail',
      [perLane],
      { clustersPf: 1_099_999, lanes: lanes(600_000, 499_999) },
      { outcome: 'fail', reason: 'threshold-failed' },
      ['pass', 'fail'],
    ],
    [
      '§1.10 per-lane: a lane at the GE bound passes',
      [perLane],
      { clustersPf: 1_000_000, lanes: lanes(500_000, 500_000) },
      { outcome: 'pass' },
      ['pass', 'pass'],
    ],
    [
      '§1.10/§7.4 per-lane: a lane without a value → unavailable',
      [perLane],
      { clustersPf: 1_200_000, lanes: lanes(600_000, null) },
      { outcome: 'unavailable', reason: 'missing-lane-data' },
      ['pass', 'unavailable'],
    ],
    [
      '§1.10 per-lane: a missing lane does not hide a failing one (keep going)',
      [perLane],
      { clustersPf: 1_200_000, lanes: lanes(null, 499_999) },
      { outcome: 'fail' },
      ['unavailable', 'fail'],
    ],
    [
      '§1.10 per-run: the total is compared, not the lanes',
      [perRun],
      { clustersPf: 1_000_000, lanes: lanes(900_000, 100_000) },
      { outcome: 'pass' },
      [null, null],
    ],
    [
      '§1.10 per-run: a short total → fail',
      [perRun],
      { clustersPf: 999_999, lanes: lanes(500_000, 499_999) },
      { outcome: 'fail' },
      [null, null],
    ],
    [
      '§1.10 per-run failure is reported before missing lanes',
      [perRun, perLane],
      { clustersPf: 999_999, lanes: lanes(null, null) },
      { outcome: 'fail' },
      ['unavailable', 'unavailable'],
    ],
    [
      '§1.10 per-run passes, then a per-lane failure → fail',
      [perRun, perLane],
      { clustersPf: 1_100_000, lanes: lanes(700_000, 400_000) },
      { outcome: 'fail' },
      ['pass', 'fail'],
    ],
    [
      '§1.10/§7.9 a 1-lane run compares the total with the per-lane metric, unconverted',
      [perLane],
      { clustersPf: 499_999, lanes: lanes(600_000) },
      { outcome: 'fail' },
      [],
    ],
    [
      '§1.10 a 1-lane run ignores its lane value',
      [perLane],
      { clustersPf: 600_000, lanes: lanes(null) },
      { outcome: 'pass' },
      [],
    ],
    [
      '§1.10 joined lanes: per-lane becomes per-run × lane count (a weak lane passes)',
      [perLane],
      { joinedLanes: true, clustersPf: 1_000_000, lanes: lanes(700_000, 300_000) },
      { outcome: 'pass' },
      [null, null],
    ],
    [
      '§1.10 joined lanes: the total must reach min × lanes',
      [perLane],
      { joinedLanes: true, clustersPf: 999_999, lanes: lanes(700_000, 299_999) },
      { outcome: 'fail' },
      [null, null],
    ],
    [
      '§1.10 no total on a completed run → unavailable "Not Found"',
      [perLane],
      { clustersPf: null, lanes: lanes(600_000, 600_000) },
      { outcome: 'unavailable', display: 'Not Found' },
      [],
    ],
    [
      '§1.10 no total while sequencing → "Sequencing in progress"',
      [perLane],
      { clustersPf: null, completionDate: null },
      { outcome: 'unavailable', display: 'Sequencing in progress', reason: 'sequencing-in-progress' },
      [],
    ],
    [
      'Bao: per-lane thresholds but no lanes listed → unavailable',
      [perLane],
      { clustersPf: 1_200_000, lanes: [] },
      { outcome: 'unavailable', reason: 'missing-lane-data' },
      [],
    ],
  ])('%s', (_label, metrics, runFields, expected, outcomes) => {
    const cell = evaluate('Min Clusters (PF)', metrics, runFields);
    expect(cell).toMatchObject(expected);
    expect(laneOutcomes(cell)).toEqual(outcomes);
  });

  test.each<[string, MetricInput[], Partial<RunInput>, string, string[]]>([
    [
      '§1.10 verified format: 4,835.2K and per-lane lines',
      [perLane],
      { clustersPf: 4_835_207, lanes: lanes(2_417_603, null) },
      '4,835.2K',
      ['L1: 2,417.6K', 'L2: Not Found'],
    ],
    [
      "§1.10 B/lane: the first metric's divisor and letter",
      [{ ...perLane, minimum: 0.52, units: 'B/lane' }],
      { clustersPf: 1_234_567_890, lanes: lanes(617_283_945, 617_283_945) },
      '1.235B',
      ['L1: 0.617B', 'L2: 0.617B'],
    ],
    ['§1.10 a 1-lane run shows no lane list', [perLane], { clustersPf: 600_000, lanes: lanes(600_000) }, '600K', []],
  ])('%s', (_label, metrics, runFields, display, texts) => {
    const cell = evaluate('Min Clusters (PF)', metrics, runFields);
    expect(cell.display).toBe(display);
    expect(laneTexts(cell)).toEqual(texts);
  });

  test.each<[string, Partial<RunInput>, string[]]>([
    [
      '§1.10 the tooltip shows the per-lane requirement as given',
      { clustersPf: 1_200_000, lanes: lanes(600_000, 600_000) },
      ['Required: >= 500K/lane'],
    ],
    [
      '§1.10 joined lanes: the tooltip shows the per-run equivalent that was checked',
      { joinedLanes: true, clustersPf: 1_200_000, lanes: lanes(600_000, 600_000) },
      ['Required: >= 1,000K'],
    ],
  ])('%s', (_label, runFields, tooltip) => {
    expect(evaluate('Min Clusters (PF)', [perLane], runFields).tooltip).toEqual(tooltip);
  });

  test('§1.10 Min Reads Delivered (PF) reads clustersPf too', () => {
    const metric = { ...perLane, name: 'Min Reads Delivered (PF)' };
    expect(
      evaluate('Min Reads Delivered (PF)', [metric], { clustersPf: 1_000_000, lanes: lanes(600_000, 400_000) }),
    ).toMatchObject({ outcome: 'fail' });
  });
});

describe('PhiX Control (§1.10)', () => {
  const phix: MetricInput = { name: 'PhiX Control', thresholdType: 'GE', minimum: 0.4, units: '%' };
  const reads = (...pairs: [number | null, number | null][]) =>
    pairs.map(([percentPfixRead1, percentPfixRead2], i) => lane(i + 1, { percentPfixRead1, percentPfixRead2 }));

  test.each<[string, Partial<RunInput>, Partial<CellEvaluation>, string[]]>([
    [
      '§1.10 every read meets it → pass; the minimum of R1 and R2 shown',
      { lanes: reads([0.45, 0.43], [0.5, 0.6]) },
      { outcome: 'pass', display: '0.43+/R', value: 0.43 },
      ['L1: R1: 0.45; R2: 0.43', 'L2: R1: 0.5; R2: 0.6'],
    ],
    [
      "§1.10 one lane's R1 failing → fail",
      { lanes: reads([0.45, 0.43], [0.39, 0.6]) },
      { outcome: 'fail', display: '0.39+/R' },
      ['L1: R1: 0.45; R2: 0.43', 'L2: R1: 0.39; R2: 0.6'],
    ],
    [
      '§1.10 a non-null R2 failing → fail',
      { lanes: reads([0.45, 0.39], [0.5, 0.6]) },
      { outcome: 'fail' },
      ['L1: R1: 0.45; R2: 0.39', 'L2: R1: 0.5; R2: 0.6'],
    ],
    [
      '§1.10/§7.9 a missing R2 is fine',
      { lanes: reads([0.45, null], [0.5, null]) },
      { outcome: 'pass', display: '0.45+/R' },
      ['L1: R1: 0.45', 'L2: R1: 0.5'],
    ],
    [
      '§1.10/§7.9 a lane missing R1 → unavailable, even when another lane fails',
      { lanes: reads([null, 0.5], [0.1, 0.1]) },
      { outcome: 'unavailable', reason: 'missing-lane-data' },
      ['L1: Not Found', 'L2: R1: 0.1; R2: 0.1'],
    ],
    ['§1.10 a single lane has no prefix', { lanes: reads([0.45, 0.43]) }, { outcome: 'pass' }, ['R1: 0.45; R2: 0.43']],
    [
      '§1.10 no lanes → unavailable',
      { lanes: [] },
      { outcome: 'unavailable', reason: 'missing-lane-data', display: 'Not Found' },
      [],
    ],
    [
      '§1.10 no lanes while sequencing → "Sequencing in progress"',
      { lanes: [], completionDate: null },
      { outcome: 'unavailable', display: 'Sequencing in progress' },
      [],
    ],
    [
      '§1.10 every lane missing R1 → "Not Found"',
      { lanes: reads([null, null], [null, null]) },
      { outcome: 'unavailable', display: 'Not Found' },
      [],
    ],
    [
      '§1.10 at the GE bound → pass',
      { lanes: reads([0.4, 0.4]) },
      { outcome: 'pass', display: '0.40+/R' },
      ['R1: 0.4; R2: 0.4'],
    ],
  ])('%s', (_label, runFields, expected, texts) => {
    const cell = evaluate('PhiX Control', [phix], runFields);
    expect(cell).toMatchObject(expected);
    expect(laneTexts(cell)).toEqual(texts);
  });

  // Differential run against the reference: when no lane has an R1 value it shows "Not Found", not a minimum of R2s.
  test.each<[string, Partial<RunInput>, Partial<CellEvaluation>, string[]]>([
    [
      'no lane has R1, R2s present → "Not Found", no number, no lanes',
      { lanes: reads([null, 0.5], [null, 0.6]) },
      { outcome: 'unavailable', display: 'Not Found', value: null, icon: 'question' },
      [],
    ],
    [
      'no lane has R1 while sequencing → still "Not Found"',
      { completionDate: null, lanes: reads([null, 0.5]) },
      { outcome: 'unavailable', display: 'Not Found', value: null },
      [],
    ],
    [
      'one lane has R1 → the minimum and the lane list',
      { lanes: reads([null, 0.5], [0.45, 0.6]) },
      { outcome: 'unavailable', display: '0.45+/R', value: 0.45 },
      ['L1: Not Found', 'L2: R1: 0.45; R2: 0.6'],
    ],
  ])('reference: %s', (_label, runFields, expected, texts) => {
    const cell = evaluate('PhiX Control', [phix], runFields);
    expect(cell).toMatchObject(expected);
    expect(laneTexts(cell)).toEqual(texts);
  });
});
