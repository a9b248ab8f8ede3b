import type { Sample } from '../cardea/schema';

export interface MetricValue {
  value: number | null;
  /** The value is an early estimate (shaded as unavailable whatever it is, docs/qc-rules.md#cell-outcome rule 7). */
  preliminary: boolean;
}

/**
 * Where the value is shown. The table takes SAMPLE- and RUN-level `sample.metrics` entries; "QC in MISO" only
 * SAMPLE-level ones (docs/qc-in-miso.md#which-metrics-a-library-gets). LANE-level entries are never used (docs/qc-rules.md#value-source).
 */
export type ValueLevel = 'table' | 'miso';

const final = (value: number | null): MetricValue => ({ value, preliminary: false });

/** Prefer the final field; fall back to the preliminary one, flagged, when only that exists. */
function finalOrPreliminary(value: number | null, preliminaryValue: number | null): MetricValue {
  if (value !== null) return final(value);
  return { value: preliminaryValue, preliminary: preliminaryValue !== null };
}

/** docs/qc-rules.md#value-source step 1, then the legacy mapping of step 2. */
export function metricValue(
  name: string,
  sample: Sample,
  options: { level: ValueLevel } = { level: 'table' },
): MetricValue {
  const levels = options.level === 'table' ? ['SAMPLE', 'RUN'] : ['SAMPLE'];
  const entry = sample.metrics?.find((m) => m.name === name && levels.includes(m.metricLevel));
  if (entry) return { value: entry.value, preliminary: entry.preliminary === true };
  return legacyMetricValue(name, sample);
}

/** docs/qc-rules.md#value-source step 2: the fields Cardea carries on the sample itself. Unknown names have no value. */
export function legacyMetricValue(name: string, sample: Sample): MetricValue {
  switch (name) {
    case 'Appropriate volume':
    case 'Volume':
      return final(sample.volume);
    case 'Yield':
    case 'Yield (Qubit)':
      if (sample.volume === null || sample.concentration === null) return final(null);
      return final(sample.volume * sample.concentration);
    case 'DV200':
      return final(sample.dv200);
    case 'Mean Insert Size':
      return final(sample.meanInsertSize);
    case 'Median Insert Size':
      return final(sample.medianInsertSize);
    case 'Duplication Rate':
      return final(sample.duplicationRate);
    case 'Clusters Per Sample':
    case 'Pass Filter Clusters':
    case 'Total Clusters (Passed Filter)':
    case 'Pipeline Filtered Clusters':
      return finalOrPreliminary(sample.clustersPerSample, sample.preliminaryClustersPerSample);
    case 'Mean Coverage Deduplicated':
      return finalOrPreliminary(sample.meanCoverageDeduplicated, sample.preliminaryMeanCoverageDeduplicated);
    case 'rRNA Contamination':
      // Dimsum reads `rRnaContamination`, which Cardea never emits, so its cell is always empty. Bao reads the field
      // Cardea really sends, so lab users see the value.
      return final(sample.rrnaContamination);
    case 'Coverage (Raw)':
    case 'Mean Bait Coverage':
      return final(sample.rawCoverage);
    case 'Mapped to Coding':
      return final(sample.mappedToCoding);
    case 'On Target Reads':
      return final(sample.onTargetReads);
    case 'Quantitative PCR (qPCR)':
      return final(sample.concentrationUnits === 'NANOMOLAR' ? sample.concentration : null);
    case 'Bases Over Q30':
      return final(sample.run?.percentOverQ30 ?? null);
    case 'Lambda Methylation':
      return final(sample.lambdaMethylation);
    case 'Lambda Clusters':
      return final(sample.lambdaClusters);
    case 'pUC19 Methylation':
      return final(sample.puc19Methylation);
    case 'pUC19 Clusters':
      return final(sample.puc19Clusters);
    case 'Methylation Beta':
      return final(sample.methylationBeta);
    case 'PE Reads':
      return final(sample.peReads);
    case 'Collapsed Coverage':
      return final(sample.collapsedCoverage);
    case 'Relative CpG Frequency in Regions vs Reference':
      return final(sample.relativeCpgInRegions);
  }
  if (name.startsWith('Concentration')) return final(sample.concentration);
  if (name.startsWith('Avg Size Distribution')) return final(sample.librarySize);
  return final(null);
}
