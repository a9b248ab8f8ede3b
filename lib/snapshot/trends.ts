import type { Run, Sample } from '../cardea/schema';
import type { AssaysById } from '../qc/applicability';
import { TABLE_CATEGORIES } from '../trends/series-keys';
import type { SeriesKey, Trend, TrendPoint } from '../trends/schema';
import {
  analyseSeries,
  buildTrend,
  compareRuns,
  firingRules,
  inSeries,
  ownPoint,
  pickHistory,
  type SummarisedRun,
} from '../trends/series';
import { metricColumns } from '../qc/columns';
import {
  SNAPSHOT_FORMAT,
  type SnapshotTrendFile,
  type SnapshotTrendPoint,
  type SnapshotTrendRun,
  type SnapshotTrendWarning,
} from './schema';

// Trends from a Bao server (docs/trends.md#from-a-bao-server). The server reads each run's run-libraries once while
// it publishes, so it keeps each run's point for every series instead, per assay; the series builder and the rules
// of lib/trends then work on those points exactly as on run-libraries read from the local index.

export interface TrendOptions {
  runs: number;
  minHistory: number;
}

const pointOf = (point: TrendPoint): SnapshotTrendPoint => [
  point.median,
  point.q1,
  point.q3,
  point.min,
  point.max,
  point.n,
];

const runFacts = (run: SnapshotTrendRun['run']): SnapshotTrendRun['run'] => ({
  name: run.name,
  completionDate: run.completionDate,
  containerModel: run.containerModel,
  qcPassed: run.qcPassed,
  dataReviewPassed: run.dataReviewPassed,
});

/** A run's entry in each of its assays' trend files: its points for every series its run-libraries have. */
export function trendRunsOf(
  run: Run,
  samples: { lq: readonly Sample[]; fd: readonly Sample[] },
  assaysById: AssaysById,
): Map<number, SnapshotTrendRun> {
  const byAssay = new Map<number, SnapshotTrendRun>();
  for (const [category, field] of TABLE_CATEGORIES) {
    const rows = samples[field];
    const pairs = new Map<string, { assayId: number; design: string }>();
    for (const sample of rows) {
      const design = sample.libraryDesignCode;
      if (!design) continue;
      for (const assayId of sample.assayIds) pairs.set(`${assayId}\u0000${design}`, { assayId, design });
    }
    for (const { assayId, design } of pairs.values()) {
      const own = rows.filter((s) => inSeries(s, assayId, design));
      const points: Record<string, SnapshotTrendPoint> = {};
      for (const metric of metricColumns(category, own, assaysById)) {
        const point = ownPoint({ category, assayId, design, metric, assaysById }, { run, samples: rows });
        if (point) points[metric] = pointOf(point);
      }
      const entry = byAssay.get(assayId) ?? { run: runFacts(run), series: [] };
      entry.series.push({ category, design, points });
      byAssay.set(assayId, entry);
    }
  }
  return byAssay;
}

const toPoint = (run: SnapshotTrendRun['run'], [median, q1, q3, min, max, n]: SnapshotTrendPoint): TrendPoint => ({
  runName: run.name,
  completionDate: run.completionDate,
  median,
  q1,
  q3,
  min,
  max,
  n,
});

/** Every run of an assay's trend file as the series builder's candidates for one series. */
export function summarisedRuns(file: SnapshotTrendFile, key: Omit<SeriesKey, 'assayId'>): SummarisedRun[] {
  return file.runs.map((entry) => {
    const series = entry.series.find((s) => s.category === key.category && s.design === key.design);
    const point = series?.points[key.metric];
    return { run: entry.run, inSeries: series !== undefined, point: point ? toPoint(entry.run, point) : null };
  });
}

/** One series of a run: its history from the assay's trend file, its own values from its run-libraries. */
export function trendFromFile(
  current: { run: Run; lq: Sample[]; fd: Sample[] },
  key: SeriesKey,
  file: SnapshotTrendFile,
  assaysById: AssaysById,
  options: TrendOptions,
): Trend {
  const samples = key.category === 'LIBRARY_QUALIFICATION' ? current.lq : current.fd;
  return buildTrend(
    {
      current: { run: current.run, samples },
      candidates: summarisedRuns(file, key),
      ...key,
      assaysById,
      limit: options.runs,
    },
    options.minHistory,
  );
}

/**
 * Each run's trend warnings from one assay's trend file: every series of every run (or of the run named `only`),
 * judged on its points.
 */
export function trendWarningsOf(
  file: SnapshotTrendFile,
  assaysById: AssaysById,
  options: TrendOptions,
  only?: string,
): Map<string, SnapshotTrendWarning[]> {
  const warnings = new Map<string, SnapshotTrendWarning[]>();
  const candidates = new Map<string, SummarisedRun[]>();
  for (const entry of file.runs) {
    if (only !== undefined && entry.run.name !== only) continue;
    for (const series of entry.series) {
      for (const [metric, point] of Object.entries(series.points)) {
        const key = { category: series.category, assayId: file.assayId, design: series.design, metric };
        const id = `${key.category}\u0000${key.design}\u0000${metric}`;
        let list = candidates.get(id);
        if (!list) candidates.set(id, (list = summarisedRuns(file, key)));
        const { history } = pickHistory({
          ...key,
          assaysById,
          current: entry.run,
          candidates: list,
          limit: options.runs,
        });
        const rules = firingRules(analyseSeries({ history, current: toPoint(entry.run, point) }, options.minHistory));
        if (rules.length === 0) continue;
        const own = warnings.get(entry.run.name) ?? [];
        own.push({ ...key, rules });
        warnings.set(entry.run.name, own);
      }
    }
  }
  return warnings;
}

/** One assay's trend file from its runs' entries (in any order), and each run's trend warnings judged on it. */
export function trendFileOf(
  assayId: number,
  runs: SnapshotTrendRun[],
  assaysById: AssaysById,
  options: TrendOptions,
): { file: SnapshotTrendFile; warnings: Map<string, SnapshotTrendWarning[]> } {
  const file: SnapshotTrendFile = {
    format: SNAPSHOT_FORMAT,
    assayId,
    runs: [...runs].sort((a, b) => compareRuns(a.run, b.run)),
  };
  return { file, warnings: trendWarningsOf(file, assaysById, options) };
}
