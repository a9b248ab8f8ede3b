import type { Metric } from '../cardea/schema';

/** Decimal places of a JS number as JSON delivered it (`150.0` arrives as 150 → 0; `1.5e-7` → 8). */
export function decimalPlaces(n: number | null | undefined): number {
  if (n == null || !Number.isFinite(n)) return 0;
  const [mantissa = '', exponent = '0'] = String(n).split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

// Intl accepts at most 100 fraction digits; thresholds never come near this.
const MAX_DIGITS = 20;

// `toLocaleString` builds a formatter per call (~19 µs); a 2,000-row table formats tens of thousands
// of cells. Same options, same output: `minimumFractionDigits` alone leaves the maximum at max(min, 3).
const formatters = new Map<string, Intl.NumberFormat>();
export function enCa(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat('en-CA', options)));
  return formatter;
}

/**
 * docs/qc-rules.md#value-formatting: the cell text for a value. p = the most decimal places among the metrics' bounds. With p = 0 and an integer
 * value: no decimals. Otherwise p+1 decimals, truncated: like Dimsum, format with minimumFractionDigits p+1 (Intl
 * then rounds at max(p+1, 3) places, which is why 12.9996 shows "13.0") and cut the string. Thousands get commas.
 */
export function formatMetricValue(value: number, metrics: readonly Pick<Metric, 'minimum' | 'maximum'>[]): string {
  const p = Math.max(0, ...metrics.map((m) => Math.max(decimalPlaces(m.minimum), decimalPlaces(m.maximum))));
  if (p === 0 && Number.isInteger(value)) return enCa({ maximumFractionDigits: 0 }).format(value);
  const digits = Math.min(p + 1, MAX_DIGITS);
  const text = enCa({ minimumFractionDigits: digits }).format(value);
  const dot = text.indexOf('.');
  return dot < 0 ? text : text.slice(0, dot + 1 + digits);
}
