import { useMemo, useState } from 'preact/hooks';
import type { Metric } from '../../lib/cardea/schema';
import type { RunTableRow } from '../../lib/run-table/run-table-model';
import { divisorFor, requirementText } from '../../lib/qc/thresholds';
import { plural } from '../../lib/text';

// "Beyond the reference": every shown library's value as a dot, each threshold as a line, failing
// dots red and unavailable (e.g. preliminary) ones hollow, so the reviewer sees the run at a glance.

const WIDTH = 380;
const HEIGHT = 150;
const LEFT = 56;
const RIGHT = 96;
const TOP = 10;
const BOTTOM = 10;

export interface PlotPoint {
  id: string;
  name: string;
  display: string;
  /** In the threshold's units (K/M/B scaled like the comparison, docs/qc-rules.md#threshold-types). */
  value: number;
  outcome: 'pass' | 'fail' | 'unavailable' | 'na';
  /** 0..1, stable per run-library so the dots do not jump when filters change. */
  jitter: number;
}

export interface PlotLine {
  value: number;
  label: string;
}

/** FNV-1a: a deterministic jitter from the run-library id. */
export function jitterOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0xffffffff;
}

function boundsOf(metric: Metric): number[] {
  switch (metric.thresholdType) {
    case 'GT':
    case 'GE':
      return metric.minimum === null ? [] : [metric.minimum];
    case 'LT':
    case 'LE':
      return metric.maximum === null ? [] : [metric.maximum];
    case 'BETWEEN':
      return [metric.minimum, metric.maximum].filter((v): v is number => v !== null);
    case 'BOOLEAN':
      return [];
  }
}

export function plotData(
  rows: readonly RunTableRow[],
  metric: number,
): { points: PlotPoint[]; lines: PlotLine[]; missing: number } {
  const units = rows.map((row) => row.cells[metric]?.thresholds[0]?.units).find((u) => u !== undefined) ?? null;
  const divisor = divisorFor(units);
  const points: PlotPoint[] = [];
  const lines = new Map<string, PlotLine>();
  let missing = 0;
  for (const row of rows) {
    const cell = row.cells[metric];
    if (!cell || cell.outcome === 'na') continue;
    for (const threshold of cell.thresholds) {
      const label = requirementText(threshold);
      if (label === null) continue;
      for (const value of boundsOf(threshold)) lines.set(`${value}|${label}`, { value, label });
    }
    if (cell.value === null) {
      missing += 1;
      continue;
    }
    points.push({
      id: row.id,
      name: row.name,
      display: cell.display,
      value: cell.value / divisor,
      outcome: cell.outcome,
      jitter: jitterOf(row.id),
    });
  }
  return { points, lines: [...lines.values()], missing };
}

const formatAxis = (n: number) => n.toLocaleString('en-CA', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 2 });

export function MetricPlot({
  column,
  rows,
  metric,
  onClose,
}: {
  column: string;
  rows: readonly RunTableRow[];
  metric: number;
  onClose: () => void;
}) {
  const { points, lines, missing } = useMemo(() => plotData(rows, metric), [rows, metric]);
  const [hover, setHover] = useState<PlotPoint | null>(null);
  const values = [...points.map((p) => p.value), ...lines.map((l) => l.value)];
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (min === max) [min, max] = [min - 1, max + 1];
  const pad = (max - min) * 0.05;
  const y = (v: number) => TOP + (1 - (v - (min - pad)) / (max - min + 2 * pad)) * (HEIGHT - TOP - BOTTOM);
  const x = (jitter: number) => LEFT + 6 + jitter * (WIDTH - LEFT - RIGHT - 12);
  const failing = points.filter((p) => p.outcome === 'fail').length;
  const unavailable = points.filter((p) => p.outcome === 'unavailable').length;
  const summary =
    `${plural(points.length, 'library', 'libraries')} plotted, ${failing} failing, ${unavailable} unavailable` +
    (missing ? `, ${missing} without a value` : '') +
    (lines.length ? `; ${lines.map((l) => l.label).join(', ')}` : '');
  return (
    <figure class="bao-plot" data-plot-metric={column}>
      <figcaption class="bao-plot__caption">
        <strong>{column}</strong>
        <button
          type="button"
          class="bao-button bao-button--quiet bao-plot__close"
          aria-label={`Hide the ${column} plot`}
          onClick={onClose}
        >
          ✕
        </button>
      </figcaption>
      <svg
        class="bao-plot__svg"
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${column}: ${summary}`}
      >
        <line class="bao-plot__axis" x1={LEFT} x2={LEFT} y1={TOP} y2={HEIGHT - BOTTOM} />
        <text class="bao-plot__tick" x={LEFT - 4} y={y(max) + 4} text-anchor="end">
          {formatAxis(max)}
        </text>
        <text class="bao-plot__tick" x={LEFT - 4} y={y(min) + 4} text-anchor="end">
          {formatAxis(min)}
        </text>
        {lines.map((line) => (
          <g key={`${line.value}|${line.label}`}>
            <line class="bao-plot__threshold" x1={LEFT} x2={WIDTH - RIGHT} y1={y(line.value)} y2={y(line.value)} />
            <text class="bao-plot__label" x={WIDTH - RIGHT + 4} y={y(line.value) + 4}>
              {line.label}
            </text>
          </g>
        ))}
        {points.map((point) => (
          <circle
            key={point.id}
            class={`bao-dot bao-dot--${point.outcome}`}
            cx={x(point.jitter)}
            cy={y(point.value)}
            r={3.2}
            data-dot={point.outcome}
            onMouseEnter={() => setHover(point)}
            onMouseLeave={() => setHover((current) => (current === point ? null : current))}
          >
            <title>{`${point.name}: ${point.display}`}</title>
          </circle>
        ))}
      </svg>
      <p class="bao-plot__hover" aria-live="polite">
        {hover ? `${hover.name}: ${hover.display}` : summary}
      </p>
    </figure>
  );
}
