import { describe, expect, test } from 'vitest';
import type { SampleInput } from '../../../lib/cardea/schema';
import { type MetricValue, metricValue } from '../../../lib/qc/values';
import { run, sample } from './builders';

type SampleMetricInput = NonNullable<SampleInput['metrics']>[number];
const entry = (fields: Partial<SampleMetricInput>): SampleMetricInput => ({
  name: 'Mean Coverage Deduplicated',
  metricLevel: 'SAMPLE',
  value: 42,
  ...fields,
});
const final = (value: number | null): MetricValue => ({ value, preliminary: false });

describe('metricValue: legacy field mapping (§1.7 step 2)', () => {
  test.each<[string, string, Partial<SampleInput>, MetricValue]>([
    ['§1.7 Appropriate volume → volume', 'Appropriate volume', { volume: 12.5 }, final(12.5)],
    ['§1.7 Volume → volume', 'Volume', { volume: 30 }, final(30)],
    ['§1.7 Yield = volume × concentration', 'Yield', { volume: 10, concentration: 2.5 }, final(25)],
    ['§1.7 Yield (Qubit) = volume × concentration', 'Yield (Qubit)', { volume: 4, concentration: 3 }, final(12)],
    ['§1.7 Yield is null without a volume', 'Yield', { volume: null, concentration: 2.5 }, final(null)],
    ['§1.7 Yield is null without a concentration', 'Yield', { volume: 10, concentration: null }, final(null)],
    ['§1.7 Yield with a zero volume is 0, not missing', 'Yield', { volume: 0, concentration: 2.5 }, final(0)],
    ['§1.7 DV200 → dv200', 'DV200', { dv200: 71 }, final(71)],
    ['§1.7 Mean Insert Size → meanInsertSize', 'Mean Insert Size', { meanInsertSize: 310 }, final(310)],
    ['§1.7 Median Insert Size → medianInsertSize', 'Median Insert Size', { medianInsertSize: 295 }, final(295)],
    ['§1.7 Duplication Rate → duplicationRate', 'Duplication Rate', { duplicationRate: 7.1 }, final(7.1)],
    [
      '§1.7 Clusters Per Sample → clustersPerSample',
      'Clusters Per Sample',
      { clustersPerSample: 1e6, preliminaryClustersPerSample: 5 },
      final(1e6),
    ],
    ['§1.7 Pass Filter Clusters → clustersPerSample', 'Pass Filter Clusters', { clustersPerSample: 2e6 }, final(2e6)],
    [
      '§1.7 Total Clusters (Passed Filter) → clustersPerSample',
      'Total Clusters (Passed Filter)',
      { clustersPerSample: 3e6 },
      final(3e6),
    ],
    [
      '§1.7 Pipeline Filtered Clusters → clustersPerSample',
      'Pipeline Filtered Clusters',
      { clustersPerSample: 4e6 },
      final(4e6),
    ],
    [
      '§1.7 clusters fall back to the preliminary field, flagged',
      'Pass Filter Clusters',
      { clustersPerSample: null, preliminaryClustersPerSample: 9e5 },
      { value: 9e5, preliminary: true },
    ],
    ['§1.7 clusters with neither field → null, not preliminary', 'Clusters Per Sample', {}, final(null)],
    [
      '§1.7 Mean Coverage Deduplicated → the final field',
      'Mean Coverage Deduplicated',
      { meanCoverageDeduplicated: 41.2, preliminaryMeanCoverageDeduplicated: 12 },
      final(41.2),
    ],
    [
      '§1.7 Mean Coverage Deduplicated falls back to the preliminary field, flagged',
      'Mean Coverage Deduplicated',
      { preliminaryMeanCoverageDeduplicated: 38.5 },
      { value: 38.5, preliminary: true },
    ],
    [
      "§1.7/§7.29 rRNA Contamination reads Cardea's rrnaContamination (Bao fixes Dimsum)",
      'rRNA Contamination',
      { rrnaContamination: 3.2 },
      final(3.2),
    ],
    ['§1.7 Coverage (Raw) → rawCoverage', 'Coverage (Raw)', { rawCoverage: 88 }, final(88)],
    ['§1.7 Mean Bait Coverage → rawCoverage', 'Mean Bait Coverage', { rawCoverage: 77 }, final(77)],
    ['§1.7 Mapped to Coding → mappedToCoding', 'Mapped to Coding', { mappedToCoding: 61 }, final(61)],
    ['§1.7 On Target Reads → onTargetReads', 'On Target Reads', { onTargetReads: 80 }, final(80)],
    [
      '§1.7 qPCR → concentration when NANOMOLAR',
      'Quantitative PCR (qPCR)',
      { concentration: 9, concentrationUnits: 'NANOMOLAR' },
      final(9),
    ],
    [
      '§1.7 qPCR → null when ng/µL',
      'Quantitative PCR (qPCR)',
      { concentration: 9, concentrationUnits: 'NANOGRAMS_PER_MICROLITRE' },
      final(null),
    ],
    ['§1.7 Bases Over Q30 → run.percentOverQ30', 'Bases Over Q30', { run: run({ percentOverQ30: 91.5 }) }, final(91.5)],
    ['§1.7 Bases Over Q30 without a run → null', 'Bases Over Q30', { run: null }, final(null)],
    ['§1.7 Lambda Methylation', 'Lambda Methylation', { lambdaMethylation: 0.5 }, final(0.5)],
    ['§1.7 Lambda Clusters', 'Lambda Clusters', { lambdaClusters: 1200 }, final(1200)],
    ['§1.7 pUC19 Methylation', 'pUC19 Methylation', { puc19Methylation: 97 }, final(97)],
    ['§1.7 pUC19 Clusters', 'pUC19 Clusters', { puc19Clusters: 800 }, final(800)],
    ['§1.7 Methylation Beta', 'Methylation Beta', { methylationBeta: 0.7 }, final(0.7)],
    ['§1.7 PE Reads', 'PE Reads', { peReads: 1e7 }, final(1e7)],
    ['§1.7 Collapsed Coverage', 'Collapsed Coverage', { collapsedCoverage: 500 }, final(500)],
    [
      '§1.7 Relative CpG Frequency in Regions vs Reference → relativeCpgInRegions',
      'Relative CpG Frequency in Regions vs Reference',
      { relativeCpgInRegions: 2.1 },
      final(2.1),
    ],
    [
      '§1.7 a name starting Concentration → concentration',
      'Concentration (Qubit)',
      { concentration: 15.3 },
      final(15.3),
    ],
    ['§1.7 plain Concentration → concentration', 'Concentration', { concentration: 4 }, final(4)],
    [
      '§1.7 a name starting Avg Size Distribution → librarySize',
      'Avg Size Distribution (bp)',
      { librarySize: 350 },
      final(350),
    ],
    ['§1.7 an unknown name has no value', 'Tumour Purity', { volume: 1 }, final(null)],
    ['§1.7 a missing field → null', 'DV200', {}, final(null)],
  ])('%s', (_label, name, fields, expected) => {
    expect(metricValue(name, sample(fields))).toEqual(expected);
  });
});

describe('metricValue: sample.metrics entries first (§1.7 step 1, §2.2, §7.7)', () => {
  test.each<[string, SampleMetricInput[], 'table' | 'miso', MetricValue]>([
    ['§1.7 a SAMPLE entry beats the legacy field', [entry({ value: 42 })], 'table', final(42)],
    [
      '§1.7 a RUN entry beats the legacy field in the table',
      [entry({ metricLevel: 'RUN', value: 43 })],
      'table',
      final(43),
    ],
    [
      '§2.2/§7.7 QC in MISO ignores RUN entries (legacy field used)',
      [entry({ metricLevel: 'RUN', value: 43 })],
      'miso',
      final(10),
    ],
    ['§2.2 QC in MISO uses SAMPLE entries', [entry({ value: 44 })], 'miso', final(44)],
    ['§1.7/§7.7 LANE entries are ignored', [entry({ metricLevel: 'LANE', value: 45 })], 'table', final(10)],
    [
      '§1.7 the first matching entry wins',
      [entry({ metricLevel: 'LANE', value: 1 }), entry({ value: 46 }), entry({ value: 47 })],
      'table',
      final(46),
    ],
    ['§1.7 an entry with a null value is unavailable (no fallback)', [entry({ value: null })], 'table', final(null)],
    [
      '§1.7 an entry carries its preliminary flag',
      [entry({ value: 30, preliminary: true })],
      'table',
      { value: 30, preliminary: true },
    ],
    ['§1.7 entries of other names are not used', [entry({ name: 'Duplication Rate', value: 5 })], 'table', final(10)],
  ])('%s', (_label, metrics, level, expected) => {
    expect(
      metricValue('Mean Coverage Deduplicated', sample({ meanCoverageDeduplicated: 10, metrics }), { level }),
    ).toEqual(expected);
  });
});
