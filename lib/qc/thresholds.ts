import { enCa } from './format';
import type { Metric } from '../cardea/schema';

/** The parts of a Metric that the comparison and the requirement text read. */
export type Threshold = Pick<Metric, 'thresholdType' | 'minimum' | 'maximum' | 'units'>;

/** docs/qc-rules.md#threshold-types: units starting with an uppercase K, M or B scale the value (never the threshold). */
export function divisorFor(units: string | null | undefined): number {
  switch (units?.charAt(0)) {
    case 'K':
      return 1e3;
    case 'M':
      return 1e6;
    case 'B':
      return 1e9;
    default:
      return 1;
  }
}

/** The letter shown after a scaled value (`4,835.2K`), or '' when the units do not scale. */
export function divisorLetter(units: string | null | undefined): '' | 'K' | 'M' | 'B' {
  const letter = units?.charAt(0);
  return letter === 'K' || letter === 'M' || letter === 'B' ? letter : '';
}

/**
 * docs/qc-rules.md#threshold-types: whether `value` fails this one metric. GT and LT fail at equality; GE, LE and BETWEEN (both ends) pass at it.
 * A missing bound is a pass. BOOLEAN metrics are never compared (their cells follow a QC flag, docs/qc-rules.md#cell-outcome).
 */
export function metricFails(metric: Threshold, value: number): boolean {
  const scaled = value / divisorFor(metric.units);
  const { minimum: min, maximum: max } = metric;
  switch (metric.thresholdType) {
    case 'GT':
      return min !== null && scaled <= min;
    case 'GE':
      return min !== null && scaled < min;
    case 'LT':
      return max !== null && scaled >= max;
    case 'LE':
      return max !== null && scaled > max;
    case 'BETWEEN':
      return (min !== null && scaled < min) || (max !== null && scaled > max);
    case 'BOOLEAN':
      return false;
    default:
      throw new Error(`Unexpected threshold type: ${String(metric.thresholdType)}`);
  }
}

/** docs/qc-rules.md#threshold-types: with several metrics, one failure fails the cell. */
export function anyMetricFails(metrics: readonly Threshold[], value: number): boolean {
  return metrics.some((metric) => metricFails(metric, value));
}

function formatBound(value: number | null): string {
  // Dimsum tests `!value`, which also prints a threshold of 0 as "Unknown"; Bao prints 0.
  if (value === null) return 'Unknown';
  return enCa({ maximumFractionDigits: Number.isInteger(value) ? 0 : 3 }).format(value);
}

/** docs/qc-rules.md#threshold-types: `> 40X`, `>= 0.52B/lane`, `Between 1 and 2%`; null for BOOLEAN, which has no requirement to print. */
export function requirementText(metric: Threshold): string | null {
  let text: string;
  switch (metric.thresholdType) {
    case 'GT':
      text = `> ${formatBound(metric.minimum)}`;
      break;
    case 'GE':
      text = `>= ${formatBound(metric.minimum)}`;
      break;
    case 'LT':
      text = `< ${formatBound(metric.maximum)}`;
      break;
    case 'LE':
      text = `<= ${formatBound(metric.maximum)}`;
      break;
    case 'BETWEEN':
      text = `Between ${formatBound(metric.minimum)} and ${formatBound(metric.maximum)}`;
      break;
    case 'BOOLEAN':
      return null;
    default:
      throw new Error(`Unexpected threshold type: ${String(metric.thresholdType)}`);
  }
  return text + (metric.units ?? '');
}

/** docs/qc-rules.md#threshold-types: tooltip lines; one distinct requirement → `Required: …`, several → `Requirements:` and a bullet each. */
export function requirementsTooltip(metrics: readonly Threshold[]): string[] {
  const texts = [...new Set(metrics.map(requirementText))].filter((text): text is string => text !== null);
  if (texts.length === 0) return [];
  if (texts.length === 1) return [`Required: ${texts[0]}`];
  return ['Requirements:', ...texts.map((text) => `• ${text}`)];
}
