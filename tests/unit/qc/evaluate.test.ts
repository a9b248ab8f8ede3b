import { describe, expect, test } from 'vitest';
import type { SampleInput } from '../../../lib/cardea/schema';
import { type CellEvaluation, evaluateCell } from '../../../lib/qc/evaluate';
import { type MetricInput, assay, assaysById, run, sample, subcategory } from './builders';

type SampleMetricInput = NonNullable<SampleInput['metrics']>[number];

const coverage: MetricInput = { name: 'Mean Coverage Deduplicated', thresholdType: 'GE', minimum: 40, units: 'X' };
const authenticated: MetricInput = { name: 'Sample Authenticated', thresholdType: 'BOOLEAN' };
const authEntry = (fields: Partial<SampleMetricInput>): SampleMetricInput => ({
  name: 'Sample Authenticated',
  thresholdType: 'BOOLEAN',
  metricLevel: 'SAMPLE',
  ...fields,
});

/** Evaluates `column` for a sample of assay 1, whose FD category holds `metrics` in one subcategory. */
function evaluate(column: string, metrics: MetricInput[], fields: Partial<SampleInput> = {}): CellEvaluation {
  const assays = assaysById(assay(1, { FULL_DEPTH_SEQUENCING: [subcategory(metrics)] }));
  return evaluateCell(column, 'FULL_DEPTH_SEQUENCING', sample(fields), assays);
}

describe('evaluateCell: the highlight order of §1.9 and the texts of §1.11', () => {
  test.each<[string, string, MetricInput[], Partial<SampleInput>, Partial<CellEvaluation>]>([
    // rule 1
    [
      '§1.9.1/§1.6 no assay → na "N/A"',
      coverage.name,
      [coverage],
      { assayIds: [] },
      { outcome: 'na', reason: 'no-assay', display: 'N/A' },
    ],
    [
      '§1.9.1 nothing applies → na "N/A"',
      coverage.name,
      [{ ...coverage, tissueType: 'R' }],
      { tissueType: 'M' },
      { outcome: 'na', reason: 'no-applicable-metric', display: 'N/A' },
    ],
    [
      '§1.9.1 a column the assay does not define → na',
      'DV200',
      [coverage],
      {},
      { outcome: 'na', reason: 'no-applicable-metric' },
    ],
    // rule 4
    [
      '§1.9.4 Sample Authenticated: its qcPassed true → pass "Passed"',
      authenticated.name,
      [authenticated],
      { metrics: [authEntry({ qcPassed: true })] },
      { outcome: 'pass', reason: 'authenticated', display: 'Passed', icon: 'check' },
    ],
    [
      '§1.9.4 Sample Authenticated: its qcPassed false → fail "Failed"',
      authenticated.name,
      [authenticated],
      { metrics: [authEntry({ qcPassed: false })] },
      { outcome: 'fail', reason: 'not-authenticated', display: 'Failed', icon: 'xmark' },
    ],
    [
      '§1.9.4/§1.11 Sample Authenticated: null → unavailable "Pending analysis"',
      authenticated.name,
      [authenticated],
      { metrics: [authEntry({ qcPassed: null })] },
      { outcome: 'unavailable', reason: 'pending-authentication', display: 'Pending analysis', icon: 'hourglass-half' },
    ],
    [
      '§1.9.4/§1.11 Sample Authenticated: null and analysis skipped → "Analysis Skipped"',
      authenticated.name,
      [authenticated],
      { analysisSkipped: true, metrics: [authEntry({ qcPassed: null })] },
      { outcome: 'unavailable', display: 'Analysis Skipped', icon: 'triangle-exclamation' },
    ],
    [
      '§1.9.4 Sample Authenticated: no entry → unavailable',
      authenticated.name,
      [authenticated],
      { metrics: null },
      { outcome: 'unavailable', reason: 'pending-authentication' },
    ],
    [
      '§1.9.4 Sample Authenticated: a RUN-level entry counts (any level)',
      authenticated.name,
      [authenticated],
      { metrics: [authEntry({ metricLevel: 'RUN', qcPassed: true })] },
      { outcome: 'pass' },
    ],
    [
      "§1.9.4 Sample Authenticated: its own flag beats the library's qcPassed (rule 4 before 5)",
      authenticated.name,
      [authenticated],
      { qcPassed: true, metrics: [authEntry({ qcPassed: false })] },
      { outcome: 'fail' },
    ],
    // rule 5
    [
      '§1.9.5/§7.5 all BOOLEAN: library qcPassed true → pass "Passed"',
      'Tumour Content',
      [{ name: 'Tumour Content', thresholdType: 'BOOLEAN' }],
      { qcPassed: true },
      { outcome: 'pass', reason: 'qc-passed', display: 'Passed', icon: 'check' },
    ],
    [
      '§1.9.5/§7.5 all BOOLEAN: library qcPassed false → fail "Failed"',
      'Tumour Content',
      [{ name: 'Tumour Content', thresholdType: 'BOOLEAN' }],
      { qcPassed: false },
      { outcome: 'fail', reason: 'qc-failed', display: 'Failed', icon: 'xmark' },
    ],
    [
      '§1.9.5/§7.4 all BOOLEAN: library pending → unavailable "Pending QC"',
      'Tumour Content',
      [{ name: 'Tumour Content', thresholdType: 'BOOLEAN' }],
      { qcPassed: null },
      { outcome: 'unavailable', reason: 'pending-boolean', display: 'Pending QC', icon: 'magnifying-glass' },
    ],
    [
      '§1.9.5 BOOLEAN beside a numeric variant → compared as a number',
      'DV200',
      [
        { name: 'DV200', thresholdType: 'BOOLEAN' },
        { name: 'DV200', thresholdType: 'GE', minimum: 50 },
      ],
      { qcPassed: true, dv200: 40 },
      { outcome: 'fail', reason: 'threshold-failed' },
    ],
    [
      '§1.9.5 BOOLEAN Adaptor Contamination follows the library (rule 5 before 6)',
      'Adaptor Contamination',
      [{ name: 'Adaptor Contamination', thresholdType: 'BOOLEAN' }],
      { qcPassed: false },
      { outcome: 'fail', reason: 'qc-failed' },
    ],
    // rule 6
    [
      '§1.9.6/§7.6 Adaptor Contamination* is never highlighted, links to MISO',
      'Adaptor Contamination (Ligation)',
      [{ name: 'Adaptor Contamination (Ligation)', thresholdType: 'LE', maximum: 1 }],
      {},
      { outcome: 'pass', reason: 'never-highlighted', display: 'See attachment in MISO', link: 'miso-attachment' },
    ],
    [
      '§1.9.6 AUC between* is never highlighted, links to MISO',
      'AUC between 100 and 200bp',
      [{ name: 'AUC between 100 and 200bp', thresholdType: 'GE', minimum: 5 }],
      {},
      { outcome: 'pass', reason: 'never-highlighted', display: 'See attachment in MISO', link: 'miso-attachment' },
    ],
    [
      '§1.9.6 Assigned* is never highlighted, manual check',
      'Assigned Reads',
      [{ name: 'Assigned Reads', thresholdType: 'GE', minimum: 5 }],
      {},
      { outcome: 'pass', reason: 'never-highlighted', display: 'Manual check required', link: null },
    ],
    [
      '§1.9.6 Empty is never highlighted, manual check',
      'Empty',
      [{ name: 'Empty', thresholdType: 'LE', maximum: 5 }],
      {},
      { outcome: 'pass', reason: 'never-highlighted', display: 'Manual check required' },
    ],
    [
      '§1.9.6 "Empty" must match exactly ("Empty Wells" is compared)',
      'Empty Wells',
      [{ name: 'Empty Wells', thresholdType: 'LE', maximum: 5 }],
      {},
      { outcome: 'unavailable', reason: 'null-value' },
    ],
    // rule 7
    [
      '§1.9.7 value meets the threshold → pass, formatted',
      coverage.name,
      [coverage],
      { meanCoverageDeduplicated: 41.678 },
      { outcome: 'pass', reason: 'threshold-met', display: '41.6', value: 41.678, preliminary: false },
    ],
    [
      '§1.9.7 value at a GE bound → pass',
      coverage.name,
      [coverage],
      { meanCoverageDeduplicated: 40 },
      { outcome: 'pass', display: '40' },
    ],
    [
      '§1.9.7 value fails → fail',
      coverage.name,
      [coverage],
      { meanCoverageDeduplicated: 39.99 },
      { outcome: 'fail', reason: 'threshold-failed', display: '39.9' },
    ],
    [
      '§1.9.7/§7.4 preliminary and passing → unavailable',
      coverage.name,
      [coverage],
      { preliminaryMeanCoverageDeduplicated: 45 },
      { outcome: 'unavailable', reason: 'preliminary', preliminary: true, icon: 'pen-ruler', display: '45' },
    ],
    [
      '§1.9.7/§7.4 preliminary and failing → still unavailable, not fail',
      coverage.name,
      [coverage],
      { preliminaryMeanCoverageDeduplicated: 12 },
      { outcome: 'unavailable', reason: 'preliminary' },
    ],
    [
      '§1.9.7/§1.11 null value, completed run → "Pending analysis"',
      coverage.name,
      [coverage],
      { run: run({ completionDate: '2023-01-05' }) },
      {
        outcome: 'unavailable',
        reason: 'null-value',
        display: 'Pending analysis',
        icon: 'hourglass-half',
        value: null,
      },
    ],
    [
      '§1.11 null value, run still sequencing → "Sequencing in progress"',
      coverage.name,
      [coverage],
      { run: run({ completionDate: null }) },
      {
        outcome: 'unavailable',
        reason: 'sequencing-in-progress',
        display: 'Sequencing in progress',
        icon: 'pen-to-square',
      },
    ],
    [
      '§1.11 null value, analysis skipped → "Analysis Skipped"',
      coverage.name,
      [coverage],
      { analysisSkipped: true, run: run({ completionDate: null }) },
      { outcome: 'unavailable', display: 'Analysis Skipped', icon: 'triangle-exclamation' },
    ],
    [
      '§1.11 null value without a run → "Not Found"',
      coverage.name,
      [coverage],
      { run: null },
      { outcome: 'unavailable', display: 'Not Found', icon: 'question' },
    ],
    [
      '§1.8/§7.3 the divisor scales the comparison, the display stays raw',
      'Pass Filter Clusters',
      [{ name: 'Pass Filter Clusters', thresholdType: 'GE', minimum: 500, units: 'M' }],
      { clustersPerSample: 499_999_999 },
      { outcome: 'fail', display: '499,999,999' },
    ],
    [
      '§1.7 rRNA Contamination is judged from rrnaContamination (Bao)',
      'rRNA Contamination',
      [{ name: 'rRNA Contamination', thresholdType: 'LT', maximum: 35, units: '%' }],
      { rrnaContamination: 35 },
      { outcome: 'fail', display: '35' },
    ],
  ])('%s', (_label, column, metrics, fields, expected) => {
    expect(evaluate(column, metrics, fields)).toMatchObject(expected);
  });
});

describe('evaluateCell: several assays and tooltips', () => {
  const assays = assaysById(
    assay(1, { FULL_DEPTH_SEQUENCING: [subcategory([coverage])] }),
    assay(2, { FULL_DEPTH_SEQUENCING: [subcategory([{ ...coverage, minimum: 50 }])] }),
  );
  test.each<[string, number[], Partial<SampleInput>, Partial<CellEvaluation>]>([
    [
      '§1.6/§7.2 two assays, the value fails one → fail',
      [1, 2],
      { meanCoverageDeduplicated: 45 },
      { outcome: 'fail', tooltip: ['Requirements:', '• >= 40X', '• >= 50X'] },
    ],
    [
      '§1.6/§7.2 two assays, the value passes both → pass',
      [1, 2],
      { meanCoverageDeduplicated: 55 },
      { outcome: 'pass' },
    ],
    [
      "§1.6 only the sample's own assays count",
      [1],
      { meanCoverageDeduplicated: 45 },
      { outcome: 'pass', tooltip: ['Required: >= 40X'] },
    ],
    [
      '§1.11 a preliminary value: bold line first, then the requirement',
      [1],
      { preliminaryMeanCoverageDeduplicated: 45 },
      { tooltip: ['PRELIMINARY VALUE ONLY', 'Required: >= 40X'] },
    ],
  ])('%s', (_label, assayIds, fields, expected) => {
    const cell = evaluateCell(coverage.name, 'FULL_DEPTH_SEQUENCING', sample({ assayIds, ...fields }), assays);
    expect(cell).toMatchObject(expected);
    expect(cell.thresholds.map((m) => m.minimum)).toEqual(assayIds.map((id) => (id === 1 ? 40 : 50)));
  });
});
