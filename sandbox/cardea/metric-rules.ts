import type { MetricCategory } from '../../lib/cardea/schema';
import { NG_PER_UL, RUN_METRIC_NAMES, type AssayDefinition, type MetricDefinition } from './assays';
import type { Random } from './random';
import type { RunJson, SampleJson } from './sample-json';

// Which of an assay's metrics apply to a sample, and values against their thresholds: the same rules Dimsum
// applies (docs/qc-rules.md#applicability, docs/qc-rules.md#value-source, docs/qc-rules.md#threshold-types).

interface Subject {
  design: string | null;
  tissueOrigin: string | null;
  tissueType: string | null;
  tissueMaterial: string | null;
  nucleicAcidType: string | null;
  concentrationUnits: string | null;
  run: RunJson | null;
}

export const subjectOf = (sample: SampleJson, design: string | null): Subject => ({
  design,
  tissueOrigin: sample.tissueOrigin,
  tissueType: sample.tissueType,
  tissueMaterial: sample.tissueMaterial,
  nucleicAcidType: sample.nucleicAcidType,
  concentrationUnits: sample.concentrationUnits,
  run: sample.run,
});

const within1 = (a: number, b: number | null) => b !== null && Math.abs(a - b) <= 1;

function metricApplies(m: MetricDefinition, s: Subject): boolean {
  if (m.tissueMaterial && m.tissueMaterial !== s.tissueMaterial) return false;
  if (m.tissueOrigin && m.tissueOrigin !== s.tissueOrigin) return false;
  if (m.nucleicAcidType && m.nucleicAcidType !== s.nucleicAcidType) return false;
  if (m.tissueType && (m.tissueType === s.tissueType) === m.negateTissueType) return false;
  if (m.containerModel && m.containerModel !== s.run?.containerModel) return false;
  if (m.readLength) {
    if (!within1(m.readLength, s.run?.readLength ?? null)) return false;
    if (m.readLength2 && !within1(m.readLength2, s.run?.readLength2 ?? null)) return false;
  }
  if (m.name === 'Concentration (Qubit)') {
    if (m.units === NG_PER_UL && s.concentrationUnits !== 'NANOGRAMS_PER_MICROLITRE') return false;
    if (m.units === 'nM' && s.concentrationUnits !== 'NANOMOLAR') return false;
  }
  return true;
}

/** Applicable metrics by name, in assay order. `runMetrics` selects the run-only names or everything else. */
export function applicableByName(
  assay: AssayDefinition,
  category: MetricCategory,
  s: Subject,
  runMetrics: boolean,
): Map<string, MetricDefinition[]> {
  const byName = new Map<string, MetricDefinition[]>();
  for (const sub of assay.metricCategories[category] ?? []) {
    if (sub.libraryDesignCode && sub.libraryDesignCode !== s.design) continue;
    for (const m of sub.metrics) {
      if (RUN_METRIC_NAMES.includes(m.name) !== runMetrics || !metricApplies(m, s)) continue;
      const list = byName.get(m.name);
      if (list) list.push(m);
      else byName.set(m.name, [m]);
    }
  }
  return byName;
}

/** Pass/fail flags carry no value to draw. */
export const onlyBooleans = (metrics: readonly MetricDefinition[]) =>
  metrics.every((m) => m.thresholdType === 'BOOLEAN');

export type Mode = 'pass' | 'fail' | 'edge' | 'null' | 'prelim';

function divisor(units: string | null): number {
  const first = units?.[0];
  return first === 'K' ? 1e3 : first === 'M' ? 1e6 : first === 'B' ? 1e9 : 1;
}

export function passes(m: MetricDefinition, raw: number): boolean {
  const v = raw / divisor(m.units);
  switch (m.thresholdType) {
    case 'GT':
      return m.minimum === null || v > m.minimum;
    case 'GE':
      return m.minimum === null || v >= m.minimum;
    case 'LT':
      return m.maximum === null || v < m.maximum;
    case 'LE':
      return m.maximum === null || v <= m.maximum;
    case 'BETWEEN':
      return (m.minimum === null || v >= m.minimum) && (m.maximum === null || v <= m.maximum);
    case 'BOOLEAN':
      return true;
  }
}

const usesMinimum = (m: MetricDefinition) => ['GT', 'GE', 'BETWEEN'].includes(m.thresholdType);
const usesMaximum = (m: MetricDefinition) => ['LT', 'LE', 'BETWEEN'].includes(m.thresholdType);

export const round2 = (v: number) => Math.round(v * 100) / 100;

function roundValue(name: string, scale: number, v: number): number {
  if (scale > 1 || /Clusters|Reads$/.test(name)) return Math.round(v);
  return Math.abs(v) >= 10 ? round2(v) : Math.round(v * 10_000) / 10_000;
}

/** A raw value (before Dimsum's K/M/B divisor) that passes, fails or sits exactly on the threshold. */
export function drawValue(
  rng: Random,
  name: string,
  metrics: MetricDefinition[],
  mode: 'pass' | 'fail' | 'edge',
): number {
  const first = metrics[0];
  const scale = divisor(first.units);
  const hasMin = first.minimum !== null && usesMinimum(first);
  const hasMax = first.maximum !== null && usesMaximum(first);
  const nearMinimum = () => hasMin && (!hasMax || rng.chance(0.5));
  if (mode === 'edge') return (nearMinimum() ? first.minimum! : first.maximum!) * scale;
  if (mode === 'fail') {
    if (nearMinimum()) return roundValue(name, scale, first.minimum! * scale * rng.float(0.4, 0.93));
    const above = first.maximum! * scale * rng.float(1.08, 1.6);
    return roundValue(name, scale, first.units === '%' ? Math.min(above, 100) : above);
  }
  let lower = -Infinity;
  // Percentages stay percentages.
  let upper = first.units === '%' ? 100 : Infinity;
  for (const m of metrics) {
    const d = divisor(m.units);
    if (m.minimum !== null && usesMinimum(m)) lower = Math.max(lower, m.minimum * d);
    if (m.maximum !== null && usesMaximum(m)) upper = Math.min(upper, m.maximum * d);
  }
  let v: number;
  if (Number.isFinite(lower) && Number.isFinite(upper)) v = lower + (upper - lower) * rng.float(0.1, 0.9);
  else if (Number.isFinite(lower)) v = lower * rng.float(1.05, 2.2);
  else if (Number.isFinite(upper)) v = upper * rng.float(0.05, 0.85);
  else v = rng.float(1, 100);
  return roundValue(name, scale, v);
}
