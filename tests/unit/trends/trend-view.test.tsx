import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { RunOverlay, type RunOverlayProps } from '../../../components/run-overlay/run-overlay';
import { chartLines } from '../../../components/trends/trend-chart';
import type { TrendsSource } from '../../../components/trends/trend-types';
import type { TrendWarnings } from '../../../lib/messages/protocol';
import type { SeriesKey, Trend, TrendSeries } from '../../../lib/trends/schema';
import { analyseSeries } from '../../../lib/trends/series';
import { RUN_NAME, runData } from '../overlay/run-data';

afterEach(cleanup);

/** Waits until the element is there (the trend view answers asynchronously). */
const present = (find: () => HTMLElement | null) =>
  waitFor(() => {
    const element = find();
    if (!element) throw new Error('not there yet');
    return element;
  });

const INSERT = 'Mean Insert Size';

function series(medians: number[], current: number): TrendSeries {
  const point = (runName: string, median: number) => ({
    runName,
    completionDate: '2023-01-01',
    median,
    q1: median - 5,
    q3: median + 5,
    min: median - 10,
    max: median + 10,
    n: 4,
  });
  return {
    runName: RUN_NAME,
    assayId: 1,
    assayName: 'Assay 1',
    category: 'FULL_DEPTH_SEQUENCING',
    metric: INSERT,
    design: 'WG',
    instrumentModel: 'S4',
    units: 'bp',
    thresholds: [{ type: 'BETWEEN', minimum: 150, maximum: 500 }],
    history: medians.map((m, i) => point(`PRIOR_${i + 1}`, m)),
    current: point(RUN_NAME, current),
    currentValues: [current - 3, current, current + 3],
    limit: 30,
    leftOut: { excluded: 1, withoutMetric: 2 },
  };
}

const trendOf = (s: TrendSeries): Trend => ({ series: s, analysis: analyseSeries(s, 10) });
const LOW = trendOf(series([300, 310, 290, 305, 295, 300, 310, 290, 305, 295], 200));

const WARNINGS: TrendWarnings = {
  runName: RUN_NAME,
  warnings: [
    {
      category: 'FULL_DEPTH_SEQUENCING',
      assayId: 1,
      design: 'WG',
      metric: INSERT,
      assayName: 'Assay 1',
      rules: ['1-3s'],
    },
  ],
};

function setup(trend: Trend = LOW, warnings: TrendWarnings | null = WARNINGS) {
  const load = vi.fn(async (_key: SeriesKey) => ({ ok: true as const, value: trend }));
  const trends: TrendsSource = { warnings, load };
  const onCopy = vi.fn(async (_text: string) => undefined);
  const props: RunOverlayProps = {
    runName: RUN_NAME,
    view: { kind: 'found', data: runData(), failure: null, cached: false, refreshFailure: null },
    misoUrl: '',
    onMisoRunPage: false,
    grouping: 'by-assay-and-design',
    onOpenQcInMiso: vi.fn(async () => ({ ok: true as const, opened: 1 })),
    onCopy,
    onSaveFile: vi.fn(),
    trends,
  };
  const view = render(<RunOverlay {...props} />);
  const fd = () => view.container.querySelector<HTMLElement>('[data-bao="run-table-fd"]')!;
  return { view, fd, load, onCopy, props };
}

describe('the trend warning in the run header', () => {
  test('names the metric and the rule, with its own mark; the cells keep their data-qc', () => {
    const withTrends = setup();
    const warning = withTrends.view.container.querySelector<HTMLElement>('[data-bao="trend-warning"]')!;
    expect(warning.textContent).toContain('◆');
    expect(warning.textContent).toContain('Mean Insert Size (Assay 1, WG): 1-3s');
    expect(warning.textContent).not.toContain('✕');
    const qc = (root: Element) => [...root.querySelectorAll<HTMLElement>('[data-qc]')].map((c) => c.dataset.qc);
    const withQc = qc(withTrends.view.container);
    cleanup();
    const without = render(<RunOverlay {...withTrends.props} trends={undefined} />);
    expect(qc(without.container)).toEqual(withQc);
    expect(without.container.querySelector('[data-bao="trend-warning"]')).toBeNull();
  });

  test('no warning when no rule fires', () => {
    const { view } = setup(LOW, { runName: RUN_NAME, warnings: [] });
    expect(view.container.querySelector('[data-bao="trend-warning"]')).toBeNull();
  });
});

describe('the trend view', () => {
  test('a metric header’s button opens it for the table’s assay and design: rules in words, the table, copy', async () => {
    const s = setup();
    fireEvent.click(within(s.fd()).getByRole('button', { name: `Trend of ${INSERT}` }));
    expect(s.load).toHaveBeenCalledWith({
      category: 'FULL_DEPTH_SEQUENCING',
      assayId: 1,
      design: 'WG',
      metric: INSERT,
    });
    const view = await present(() =>
      s.fd().querySelector<HTMLElement>('[data-bao="trend-view"] [data-bao="trend-table"]'),
    );
    const trend = s.fd().querySelector<HTMLElement>('[data-bao="trend-view"]')!;
    const fired = [...trend.querySelectorAll<HTMLElement>('[data-bao="trend-rule"][data-fires="true"]')];
    expect(fired.map((r) => r.dataset.rule)).toEqual(['1-3s']);
    expect(fired[0].textContent).toContain('below the mean of 300');
    expect(view.querySelectorAll('tbody tr')).toHaveLength(11);
    expect(view.querySelector('[data-trend-current]')!.textContent).toContain(`${RUN_NAME} (this run)`);
    expect(trend.querySelector('[data-bao="trend-scope"]')!.textContent).toContain('Left out: 1 run whose');
    expect(trend.querySelector('[data-bao="trend-chart"]')!.getAttribute('aria-label')).toContain('10 prior runs');
    fireEvent.click(within(trend).getByRole('button', { name: 'Copy table' }));
    expect(s.onCopy.mock.calls[0][0].split('\n')[0]).toBe(
      'Run\tCompleted\tMedian\tQ1\tQ3\tMin\tMax\tLibraries\tSD from mean',
    );
    expect(s.onCopy.mock.calls[0][0]).toContain(`${RUN_NAME} (this run)\t2023-01-01\t200`);
  });

  test('t on a metric header opens it from the keyboard, its heading takes focus, Escape closes it', async () => {
    const s = setup();
    const grid = within(s.fd()).getByRole('grid');
    act(() => grid.querySelector<HTMLElement>('[tabindex="0"]')!.focus());
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    for (let i = 0; i < 10; i++) fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 't' });
    const view = await present(() => s.fd().querySelector<HTMLElement>('[data-bao="trend-view"]'));
    expect(view.dataset.metric).toBe(INSERT);
    expect(document.activeElement?.textContent).toBe(`Trend: ${INSERT}`);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(s.fd().querySelector('[data-bao="trend-view"]')).toBeNull();
  });

  test('too little history: says so, and judges no rule', async () => {
    const s = setup(trendOf(series([300, 310, 290], 200)));
    fireEvent.click(within(s.fd()).getByRole('button', { name: `Trend of ${INSERT}` }));
    const status = await present(() => s.fd().querySelector<HTMLElement>('[data-bao="trend-status"]'));
    expect(status.dataset.status).toBe('not-enough-history');
    expect(status.textContent).toContain('Not enough history: 3 prior runs');
    expect(s.fd().querySelector('[data-bao="trend-rule"]')).toBeNull();
  });
});

describe('chartLines', () => {
  test('mean and ±1/2/3 SD only with bands to draw; the thresholds always', () => {
    expect(chartLines(LOW.series, LOW.analysis).map((l) => l.label)).toEqual([
      'mean',
      '+1 SD',
      '−1 SD',
      '+2 SD',
      '−2 SD',
      '+3 SD',
      '−3 SD',
      'threshold 150',
      'threshold 500',
    ]);
    const short = trendOf(series([300, 310, 290], 200));
    expect(chartLines(short.series, short.analysis).map((l) => l.label)).toEqual(['threshold 150', 'threshold 500']);
  });
});
