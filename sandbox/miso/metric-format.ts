import type { QcNodeDto } from '../../lib/miso/schema';
import type { RequestedMetric } from './metrics-request';

// The Run-Library Metrics page's cell rules (docs/qc-in-miso.md#run-library-metrics-page): raw comparisons, truncation to one
// more decimal than the thresholds, and the effective QC status.

/** Decimal places of a number as JS prints it (`30` → 0, `25.5` → 1, `1e-7` → 7). */
export function decimalPlaces(n: number): number {
  const [mantissa, exponent] = String(n).split(/e/i);
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/** Cuts (never rounds) `value` to `places` decimals: 41.279 at 1 → `41.2`; -0.05 at 1 → `0`. */
export function truncateDecimal(value: number, places: number): string {
  const printed = String(value);
  if (Math.abs(value) >= 1e21) return printed;
  const plain = /e/i.test(printed) ? value.toFixed(Math.min(100, decimalPlaces(value))) : printed;
  const dot = plain.indexOf('.');
  if (dot < 0) return plain;
  return String(Number(plain.slice(0, places === 0 ? dot : dot + places + 1)));
}

export class MetricsScriptError extends Error {}

function checked(metric: RequestedMetric): number {
  // The page script throws here, and the table stays empty (docs/qc-in-miso.md#run-library-metrics-page).
  if (!['gt', 'ge', 'lt', 'le', 'between'].includes(metric.thresholdType)) {
    throw new MetricsScriptError(`Unknown thresholdType: ${metric.thresholdType}`);
  }
  if (metric.value === null) throw new MetricsScriptError(`No value for ${metric.title}`);
  return metric.value;
}

export function formatMetricValue(metric: RequestedMetric): string {
  const value = checked(metric);
  const places = Math.max(decimalPlaces(metric.threshold), decimalPlaces(metric.threshold2)) + 1;
  return truncateDecimal(value, places);
}

export function thresholdLabel(metric: RequestedMetric): string {
  checked(metric);
  const { threshold: t, threshold2: t2 } = metric;
  const labels: Record<string, string> = {
    gt: `> ${t}`,
    ge: `>= ${t}`,
    lt: `< ${t}`,
    le: `<= ${t}`,
    between: `between ${t} and ${t2}`,
  };
  return labels[metric.thresholdType];
}

export function metricPassed(metric: RequestedMetric): boolean {
  const value = checked(metric);
  const { threshold: t, threshold2: t2 } = metric;
  switch (metric.thresholdType) {
    case 'gt':
      return value > t;
    case 'ge':
      return value >= t;
    case 'lt':
      return value < t;
    case 'le':
      return value <= t;
    default:
      return value >= t && value <= t2;
  }
}

/** First explicitly failed node from the top wins; else passed only if the run-library passed. */
export function effectiveStatus(nodes: QcNodeDto[]): { text: string; failed: boolean } {
  const failed = nodes.find((n) => n.qcPassed === false);
  if (failed) return { text: `Failed (${failed.typeLabel})`, failed: true };
  const last = nodes[nodes.length - 1];
  if (last?.qcPassed === true) return { text: `Passed (${last.typeLabel})`, failed: false };
  return { text: 'Pending', failed: false };
}
