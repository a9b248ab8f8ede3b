import type { Assay, Metric, MetricCategory, MetricSubcategory, Sample } from '../cardea/schema';

/** Cardea's `assaysById` (JSON keys are strings; numeric ids index it too). */
export type AssaysById = Readonly<Record<string, Assay | undefined>>;

/** Metrics measured on the run rather than the library (docs/qc-rules.md#applicability, docs/qc-rules.md#run-level-metrics). */
export const RUN_METRIC_NAMES = [
  'Bases Over Q30',
  'Min Clusters (PF)',
  'Min Reads Delivered (PF)',
  'PhiX Control',
] as const;
export type RunMetricName = (typeof RUN_METRIC_NAMES)[number];

export function isRunMetricName(name: string): name is RunMetricName {
  return (RUN_METRIC_NAMES as readonly string[]).includes(name);
}

export const QUBIT = 'Concentration (Qubit)';
// Assays are typed by hand in MISO, so both the micro sign (U+00B5) and Greek mu (U+03BC) occur. Dimsum knows only
// the Greek mu; Bao reads both as ng/µL (docs/departures.md).
export const MICRO_SIGN_UNITS = 'ng/\u00b5L';
const NANOGRAMS_PER_MICROLITRE_UNITS = [MICRO_SIGN_UNITS, 'ng/\u03bcL'];

/** docs/qc-rules.md#applicability: the subcategory's design, if set, must be the sample's; run-only subcategories need a run. */
export function subcategoryApplies(sub: MetricSubcategory, sample: Sample): boolean {
  if (sub.libraryDesignCode && sub.libraryDesignCode !== sample.libraryDesignCode) return false;
  if (sub.metrics.every((metric) => isRunMetricName(metric.name)) && !sample.run) return false;
  return true;
}

/** docs/qc-rules.md#applicability: each restriction on the metric is tested only when it is set (truthy). */
export function metricApplies(metric: Metric, sample: Sample): boolean {
  if (metric.tissueMaterial && metric.tissueMaterial !== sample.tissueMaterial) return false;
  if (metric.tissueOrigin && metric.tissueOrigin !== sample.tissueOrigin) return false;
  if (metric.tissueType) {
    const sameType = metric.tissueType === sample.tissueType;
    if (metric.negateTissueType ? sameType : !sameType) return false;
  }
  if (metric.nucleicAcidType && metric.nucleicAcidType !== sample.nucleicAcidType) return false;
  if (metric.containerModel && metric.containerModel !== sample.run?.containerModel) return false;
  if (metric.readLength) {
    if (!withinOne(metric.readLength, sample.run?.readLength)) return false;
    // readLength2 is only looked at when readLength is set, as in Dimsum.
    if (metric.readLength2 && !withinOne(metric.readLength2, sample.run?.readLength2)) return false;
  }
  if (metric.name === QUBIT) {
    if (metric.units && NANOGRAMS_PER_MICROLITRE_UNITS.includes(metric.units)) {
      if (sample.concentrationUnits !== 'NANOGRAMS_PER_MICROLITRE') return false;
    } else if (metric.units === 'nM' && sample.concentrationUnits !== 'NANOMOLAR') {
      return false;
    }
  }
  return true;
}

function withinOne(expected: number, actual: number | null | undefined): boolean {
  return actual != null && actual !== 0 && Math.abs(expected - actual) <= 1;
}

/**
 * docs/qc-rules.md#applicability: every applicable Metric named `name` in `category`, from all of the sample's assays. `null` when the sample
 * has no assay (the cell is "N/A"); an empty list when nothing applies. Assay ids missing from `assaysById` are
 * skipped rather than crashing the whole table (Dimsum would throw).
 */
export function matchingMetrics(
  name: string,
  category: MetricCategory,
  sample: Sample,
  assaysById: AssaysById,
): Metric[] | null {
  if (!sample.assayIds.length) return null;
  const found: Metric[] = [];
  for (const assayId of new Set(sample.assayIds)) {
    for (const sub of assaysById[assayId]?.metricCategories[category] ?? []) {
      if (!subcategoryApplies(sub, sample)) continue;
      for (const metric of sub.metrics) {
        if (metric.name === name && metricApplies(metric, sample)) found.push(metric);
      }
    }
  }
  return found;
}

/**
 * A Qubit threshold written with the micro sign that Bao left out for this library because its concentration is not
 * in ng/µL. Dimsum does not recognise that spelling and would have judged the library against it.
 */
export function microSignThresholdSkipped(category: MetricCategory, sample: Sample, assaysById: AssaysById): boolean {
  if (sample.concentrationUnits === 'NANOGRAMS_PER_MICROLITRE') return false;
  return [...new Set(sample.assayIds)].some((assayId) =>
    (assaysById[assayId]?.metricCategories[category] ?? []).some(
      (sub) =>
        subcategoryApplies(sub, sample) &&
        sub.metrics.some(
          (m) => m.name === QUBIT && m.units === MICRO_SIGN_UNITS && metricApplies({ ...m, units: null }, sample),
        ),
    ),
  );
}
