import type { Random } from './random';
import type { NumericField, SampleJson } from './sample-json';

// Where Dimsum's legacy mapping (docs/qc-rules.md#value-source) finds a metric's value on a sample.

const LEGACY_FIELDS: Record<string, NumericField> = {
  'Appropriate volume': 'volume',
  Volume: 'volume',
  DV200: 'dv200',
  'Mean Insert Size': 'meanInsertSize',
  'Median Insert Size': 'medianInsertSize',
  'Duplication Rate': 'duplicationRate',
  'Clusters Per Sample': 'clustersPerSample',
  'Pass Filter Clusters': 'clustersPerSample',
  'Total Clusters (Passed Filter)': 'clustersPerSample',
  'Pipeline Filtered Clusters': 'clustersPerSample',
  'Mean Coverage Deduplicated': 'meanCoverageDeduplicated',
  'rRNA Contamination': 'rrnaContamination',
  'Coverage (Raw)': 'rawCoverage',
  'Mean Bait Coverage': 'rawCoverage',
  'Mapped to Coding': 'mappedToCoding',
  'On Target Reads': 'onTargetReads',
  'Quantitative PCR (qPCR)': 'concentration',
  'Lambda Methylation': 'lambdaMethylation',
  'Lambda Clusters': 'lambdaClusters',
  'pUC19 Methylation': 'puc19Methylation',
  'pUC19 Clusters': 'puc19Clusters',
  'Methylation Beta': 'methylationBeta',
  'PE Reads': 'peReads',
  'Collapsed Coverage': 'collapsedCoverage',
  'Relative CpG Frequency in Regions vs Reference': 'relativeCpgInRegions',
};
const PRELIMINARY_FIELDS: Partial<Record<NumericField, NumericField>> = {
  clustersPerSample: 'preliminaryClustersPerSample',
  meanCoverageDeduplicated: 'preliminaryMeanCoverageDeduplicated',
};

function legacyField(name: string): NumericField | 'yield' | null {
  if (name in LEGACY_FIELDS) return LEGACY_FIELDS[name];
  if (name === 'Yield' || name === 'Yield (Qubit)') return 'yield';
  if (name.startsWith('Concentration')) return 'concentration';
  if (name.startsWith('Avg Size Distribution')) return 'librarySize';
  return null;
}

/** Puts a value where Dimsum's legacy mapping finds it; false when only a metrics entry can carry it. */
export function writeLegacy(
  rng: Random,
  sample: SampleJson,
  name: string,
  value: number,
  preliminary: boolean,
): boolean {
  const field = legacyField(name);
  if (field === null) return false;
  if (field === 'yield') {
    if (preliminary) return false;
    const volume = sample.volume ?? Math.round(rng.float(15, 90) * 10) / 10;
    sample.volume = volume;
    sample.concentration = Math.round((value / volume) * 1000) / 1000;
    return true;
  }
  if (preliminary) {
    const target = PRELIMINARY_FIELDS[field];
    if (!target) return false;
    sample[target] = value;
    return true;
  }
  if (sample[field] === null) sample[field] = value;
  return true;
}
