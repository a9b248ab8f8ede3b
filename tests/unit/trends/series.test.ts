import { describe, expect, test } from 'vitest';
import { Run, type Sample } from '../../../lib/cardea/schema';
import { analyseSeries, buildSeries, buildTrend, type TrendRun } from '../../../lib/trends/series';
import { assay, assaysById, metric, run, sample, subcategory } from '../../builders/cardea';

const INSERT = 'Mean Insert Size';
const assays = assaysById(
  assay(1, {
    FULL_DEPTH_SEQUENCING: [
      subcategory([metric({ name: INSERT, thresholdType: 'GE', minimum: 150, units: 'bp' })], {
        libraryDesignCode: 'WG',
      }),
      subcategory([metric({ name: INSERT, thresholdType: 'GE', minimum: 100, units: 'bp' })], {
        libraryDesignCode: 'EX',
      }),
      subcategory([metric({ name: 'Min Clusters (PF)', thresholdType: 'GE', minimum: 1, units: 'B' })]),
    ],
  }),
  assay(2, {
    FULL_DEPTH_SEQUENCING: [
      subcategory([metric({ name: INSERT, thresholdType: 'GE', minimum: 150 })], { libraryDesignCode: 'WG' }),
    ],
  }),
);

let runId = 1;
/** A run completed on `day` (of January 2024) with libraries of the given insert sizes. */
function trendRun(
  name: string,
  day: number,
  inserts: (number | null)[],
  fields: Partial<Parameters<typeof run>[0]> & { design?: string; assayId?: number } = {},
): TrendRun {
  const { design = 'WG', assayId = 1, ...runFields } = fields;
  const r = Run.parse(
    run({
      id: runId++,
      name,
      containerModel: 'S4',
      completionDate: `2024-01-${String(day).padStart(2, '0')}`,
      clustersPf: 2_000_000_000,
      ...runFields,
    }),
  );
  const samples: Sample[] = inserts.map((meanInsertSize, i) => ({
    ...sample({ id: `${name}_${i}`, assayIds: [assayId], libraryDesignCode: design, meanInsertSize }),
    run: r,
  }));
  return { run: r, samples };
}

const request = (current: TrendRun, candidates: TrendRun[], extra: { limit?: number; metric?: string } = {}) => ({
  current,
  candidates,
  assayId: 1,
  design: 'WG',
  metric: INSERT,
  category: 'FULL_DEPTH_SEQUENCING' as const,
  assaysById: assays,
  ...extra,
});

describe('buildSeries', () => {
  const current = trendRun('R20', 20, [300, 310, 320]);

  test('each prior run is its libraries’ median and spread, oldest first; this run is summarised apart', () => {
    const series = buildSeries(
      request(current, [trendRun('R2', 2, [100, 200, 300, 400, 500]), trendRun('R1', 1, [50])]),
    );
    expect(series.history.map((p) => [p.runName, p.median, p.q1, p.q3, p.min, p.max, p.n])).toEqual([
      ['R1', 50, 50, 50, 50, 50, 1],
      ['R2', 300, 200, 400, 100, 500, 5],
    ]);
    expect(series.current).toMatchObject({ runName: 'R20', median: 310, n: 3 });
    expect(series.currentValues).toEqual([300, 310, 320]);
    expect(series.thresholds).toEqual([{ type: 'GE', minimum: 150, maximum: null }]);
    expect(series.instrumentModel).toBe('S4');
  });

  test('only completed runs before this one, on the same instrument model, with the assay and design', () => {
    const series = buildSeries(
      request(current, [
        trendRun('same', 5, [200]),
        trendRun('other-model', 6, [200], { containerModel: 'SP' }),
        trendRun('other-design', 7, [200], { design: 'EX' }),
        trendRun('other-assay', 8, [200], { assayId: 2 }),
        trendRun('later', 25, [200]),
        trendRun('sequencing', 1, [200], { completionDate: null }),
        current,
      ]),
    );
    expect(series.history.map((p) => p.runName)).toEqual(['same']);
    expect(series.leftOut).toEqual({ excluded: 0, withoutMetric: 0 });
  });

  test('failed runs and runs without the metric are left out and counted; the limit counts kept runs', () => {
    const candidates = [
      trendRun('kept1', 1, [200]),
      trendRun('kept2', 2, [200]),
      trendRun('qc-failed', 3, [999], { qcPassed: false }),
      trendRun('review-failed', 4, [999], { dataReviewPassed: false }),
      trendRun('no-value', 5, [null, null]),
      trendRun('kept3', 6, [200]),
      trendRun('kept4', 7, [200, null]),
    ];
    const series = buildSeries(request(current, candidates, { limit: 3 }));
    expect(series.history.map((p) => p.runName)).toEqual(['kept2', 'kept3', 'kept4']);
    expect(series.history[2].n).toBe(1);
    expect(series.leftOut).toEqual({ excluded: 2, withoutMetric: 1 });
  });

  test('runs passed over once the history is full are not counted', () => {
    const series = buildSeries(
      request(current, [trendRun('old-failed', 1, [1], { qcPassed: false }), trendRun('kept', 2, [200])], {
        limit: 1,
      }),
    );
    expect(series.leftOut.excluded).toBe(0);
  });

  test('a run-level metric is its run value, not one per library', () => {
    const series = buildSeries(
      request(current, [trendRun('R1', 1, [200, 210, 220], { clustersPf: 3_000_000_000 })], {
        metric: 'Min Clusters (PF)',
      }),
    );
    expect(series.history).toMatchObject([{ runName: 'R1', median: 3, n: 1 }]);
    expect(series.units).toBe('B');
  });

  test('this run without a value: no current point, and nothing to judge', () => {
    const trend = buildTrend(request(trendRun('R20', 20, [null]), [trendRun('R1', 1, [200])]));
    expect(trend.series.current).toBeNull();
    expect(trend.analysis).toEqual({ status: 'no-current-value' });
  });
});

describe('analyseSeries', () => {
  const history = (medians: number[]) => medians.map((m, i) => trendRun(`H${i + 1}`, i + 1, [m]));

  test('the bands come from the prior runs only, never this run', () => {
    const trend = buildTrend(request(trendRun('R20', 20, [1000]), history([9, 11, 9, 11, 9, 11, 9, 11, 9, 11])));
    expect(trend.analysis.status).toBe('ok');
    if (trend.analysis.status !== 'ok') return;
    expect(trend.analysis.mean).toBe(10);
    expect(trend.analysis.sd).toBeCloseTo(1.054, 3);
    expect(trend.analysis.rules.find((r) => r.rule === '1-3s')).toMatchObject({ fires: true, points: [10] });
  });

  test('fewer prior runs than the minimum: not enough history instead of bands', () => {
    const series = buildSeries(request(trendRun('R20', 20, [10]), history([9, 11, 9, 11, 9, 11, 9, 11, 9])));
    expect(analyseSeries(series, 10)).toEqual({ status: 'not-enough-history', have: 9, need: 10 });
    expect(analyseSeries(series, 9).status).toBe('ok');
  });

  test('prior runs all equal: no spread to draw bands with', () => {
    const series = buildSeries(request(trendRun('R20', 20, [10]), history([10, 10, 10])));
    expect(analyseSeries(series, 3)).toEqual({ status: 'no-spread', mean: 10 });
  });
});
