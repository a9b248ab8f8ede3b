import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { TrendAnalysis, TrendSeries } from '../../lib/trends/schema';

// The Levey–Jennings chart: prior runs' medians in order, the mean and ±1/2/3 SD lines of those runs, the thresholds,
// and this run last (its median as a large diamond, each of its libraries as a small dot). uPlot draws on a canvas,
// which works the same inside the overlay's shadow root. The data table beside it carries the same numbers in text.

const WIDTH = 420;
const HEIGHT = 220;
const BAND = ['#d6c8ea', '#b9a5d8', '#9c82c6'];

interface Line {
  label: string;
  value: number;
  stroke: string;
  dash?: number[];
}

export function chartLines(series: TrendSeries, analysis: TrendAnalysis): Line[] {
  const lines: Line[] = [];
  if (analysis.status === 'ok') {
    lines.push({ label: 'mean', value: analysis.mean, stroke: '#6f42c1' });
    for (const k of [1, 2, 3]) {
      for (const sign of [1, -1]) {
        lines.push({
          label: `${sign > 0 ? '+' : '−'}${k} SD`,
          value: analysis.mean + sign * k * analysis.sd,
          stroke: BAND[k - 1],
          dash: [4, 3],
        });
      }
    }
  }
  for (const t of series.thresholds) {
    for (const value of [t.minimum, t.maximum]) {
      if (value !== null) lines.push({ label: `threshold ${value}`, value, stroke: '#b42318', dash: [8, 4] });
    }
  }
  return lines;
}

export function TrendChart({ series, analysis }: { series: TrendSeries; analysis: TrendAnalysis }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = target.current;
    // No 2D canvas (a test DOM): uPlot would fail later, outside this effect; the table has every number anyway.
    if (!el || !series.current || !el.ownerDocument.createElement('canvas').getContext('2d')) return;
    const n = series.history.length;
    const xs = Array.from({ length: n + 1 }, (_, i) => i + 1);
    const medians = [...series.history.map((p) => p.median), null];
    const current = [...Array<null>(n).fill(null), series.current.median];
    const lines = chartLines(series, analysis);
    const own = series.currentValues;
    let chart: uPlot | undefined;
    try {
      chart = new uPlot(
        {
          width: WIDTH,
          height: HEIGHT,
          legend: { show: false },
          cursor: { show: false },
          scales: {
            x: { time: false, range: [0.5, n + 1.5] },
            y: {
              range: (_u, min, max) => {
                const all = [min, max, ...own, ...lines.map((l) => l.value)].filter(Number.isFinite);
                const lo = Math.min(...all);
                const hi = Math.max(...all);
                const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
                return [lo - pad, hi + pad];
              },
            },
          },
          axes: [
            {
              label: 'runs, oldest to this one',
              values: (_u, ticks) => ticks.map((t) => (t === n + 1 ? 'this' : String(t))),
            },
            { size: 60 },
          ],
          series: [
            {},
            { label: 'prior runs', stroke: '#3b4a5c', width: 1.5, points: { show: true, size: 6 } },
            { label: 'this run', stroke: '#6f42c1', width: 0, points: { show: true, size: 12, fill: '#6f42c1' } },
            ...lines.map((l) => ({
              label: l.label,
              stroke: l.stroke,
              width: 1,
              dash: l.dash,
              points: { show: false },
            })),
          ],
          hooks: {
            draw: [
              (u: uPlot) => {
                const ctx = u.ctx;
                ctx.save();
                ctx.fillStyle = 'rgba(111, 66, 193, 0.45)';
                const x = u.valToPos(n + 1, 'x', true);
                for (const [i, v] of own.entries()) {
                  const y = u.valToPos(v, 'y', true);
                  ctx.beginPath();
                  ctx.arc(x + ((i % 7) - 3) * 2, y, 2.5, 0, 2 * Math.PI);
                  ctx.fill();
                }
                ctx.restore();
              },
            ],
          },
        },
        [xs, medians, current, ...lines.map((l) => xs.map(() => l.value))],
        el,
      );
      el.dataset.drawn = 'true';
    } catch (error) {
      console.warn('[bao:trends] chart not drawn', error);
    }
    return () => {
      chart?.destroy();
      delete el.dataset.drawn;
    };
  }, [series, analysis]);
  const label = series.current
    ? `Levey–Jennings chart of ${series.metric}: ${series.history.length} prior runs and this run; the table beside it has the values`
    : `No chart: this run has no value for ${series.metric}`;
  return (
    <>
      <style>{uplotCss}</style>
      <div ref={target} class="bao-trend__chart" role="img" aria-label={label} tabIndex={0} data-bao="trend-chart" />
    </>
  );
}
