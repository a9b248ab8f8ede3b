import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, expect, test, vi } from 'vitest';
import { TrendView } from '../../../components/trends/trend-view';
import type { SeriesKey, Trend, TrendPoint, TrendSeries } from '../../../lib/trends/schema';
import { analyseSeries } from '../../../lib/trends/series';

// The trend view says the series length and the minimum history the settings gave the background, not the defaults.

afterEach(cleanup);

const key: SeriesKey = { category: 'FULL_DEPTH_SEQUENCING', assayId: 1, design: 'WG', metric: 'Mean Insert Size' };

const point = (runName: string, median: number): TrendPoint => ({
  runName,
  completionDate: '2024-02-01',
  median,
  q1: median - 5,
  q3: median + 5,
  min: median - 10,
  max: median + 10,
  n: 3,
});

function trendWith(priorRuns: number, limit: number, minHistory: number): Trend {
  const series: TrendSeries = {
    runName: 'NOW',
    ...key,
    assayName: 'Assay 1',
    instrumentModel: 'S4',
    units: 'bp',
    thresholds: [],
    history: Array.from({ length: priorRuns }, (_, i) => point(`PRIOR_${i + 1}`, 300 + (i % 3))),
    current: point('NOW', 301),
    currentValues: [301],
    limit,
    leftOut: { excluded: 0, withoutMetric: 0 },
  };
  return { series, analysis: analyseSeries(series, minHistory) };
}

async function show(trend: Trend) {
  render(
    <TrendView
      keys={[key]}
      load={vi.fn(async () => ({ ok: true as const, value: trend }))}
      onClose={() => undefined}
      onCopy={() => undefined}
      assayName={() => 'Assay 1'}
    />,
  );
  return waitFor(() => {
    const scope = document.querySelector('[data-bao="trend-scope"]');
    if (!scope) throw new Error('not there yet');
    return { scope: scope.textContent, status: document.querySelector('[data-bao="trend-status"]')?.textContent };
  });
}

test('a minimum history of 15 over a series of 40: the view says 12 prior runs are not enough, and 15 are needed', async () => {
  const { scope, status } = await show(trendWith(12, 40, 15));
  expect(scope).toContain('Last 12 completed runs before this one on S4 (up to 40).');
  expect(status).toBe('Not enough history: 12 prior runs on this instrument model, and the bands need 15.');
  expect(screen.queryByText(/\b(30|10)\b/)).toBeNull();
});

test('a series of 5 with a minimum of 3: no history message, the scope says up to 5', async () => {
  const { scope, status } = await show(trendWith(5, 5, 3));
  expect(scope).toContain('(up to 5)');
  expect(status).toBeUndefined();
});
