import type { MetricCategory, Run, Sample } from '../cardea/schema';
import type { AssaysById } from '../qc/applicability';
import { isRunMetricName } from '../qc/applicability';
import { evaluateCell } from '../qc/evaluate';
import { divisorFor } from '../qc/thresholds';
import { TREND_DEFAULTS, type Trend, type TrendAnalysis, type TrendPoint, type TrendSeries } from './schema';
import { mean, median, quantile, sampleSd } from './stats';
import { westgard } from './westgard';

// The series builder of docs/trends.md#the-series: which runs are compared with this one, and how each becomes one
// point. Pure: the caller reads the runs (lib/background/trends.ts from IndexedDB, tests by hand).

/** A run with its run-libraries of the table's category, each with its `run` filled in. */
export interface TrendRun {
  run: Run;
  samples: readonly Sample[];
}

/** The facts of a run that decide whether it is compared with another, and where it stands. */
export type TrendRunFacts = Pick<Run, 'name' | 'completionDate' | 'containerModel' | 'qcPassed' | 'dataReviewPassed'>;

/**
 * A run already summarised for one series (a Bao server publishes these): whether it has run-libraries of the
 * assay and design, and its point when any of them has a value for the metric.
 */
export interface SummarisedRun {
  run: TrendRunFacts;
  inSeries: boolean;
  point: TrendPoint | null;
}

export interface SeriesRequest {
  current: TrendRun;
  /** Other runs to choose the history from, in any order; the builder filters and sorts them. */
  candidates: Iterable<TrendRun | SummarisedRun>;
  assayId: number;
  design: string;
  metric: string;
  category: MetricCategory;
  assaysById: AssaysById;
  limit?: number;
}

/** A run passed over for the history: its QC or its data review failed. */
export const isExcludedRun = (run: TrendRunFacts): boolean => run.qcPassed === false || run.dataReviewPassed === false;

/** Completion date, then name: the order runs are compared in, oldest first. */
export function compareRuns(a: TrendRunFacts, b: TrendRunFacts): number {
  const ad = a.completionDate ?? '';
  const bd = b.completionDate ?? '';
  if (ad !== bd) return ad < bd ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Whether a run-library belongs to the series: of the assay and the library design. */
export const inSeries = (sample: Sample, assayId: number, design: string): boolean =>
  sample.assayIds.includes(assayId) && sample.libraryDesignCode === design;

/** The values the table judges for the metric (final ones only, scaled like the thresholds), and the thresholds. */
function libraryValues(
  request: Pick<SeriesRequest, 'assayId' | 'design' | 'metric' | 'category' | 'assaysById'>,
  trendRun: TrendRun,
) {
  const values: number[] = [];
  let thresholds: ReturnType<typeof evaluateCell>['thresholds'] = [];
  for (const sample of trendRun.samples) {
    if (!inSeries(sample, request.assayId, request.design)) continue;
    const cell = evaluateCell(request.metric, request.category, sample, request.assaysById);
    if (cell.outcome === 'na' || cell.preliminary || cell.value === null || !Number.isFinite(cell.value)) continue;
    if (thresholds.length === 0) thresholds = cell.thresholds;
    values.push(cell.value / divisorFor(cell.thresholds[0]?.units));
    // A run-level metric has one value for the whole run, whichever library carries it.
    if (isRunMetricName(request.metric)) break;
  }
  return { values, thresholds };
}

function summarise(run: TrendRunFacts, values: number[]): TrendPoint {
  return {
    runName: run.name,
    completionDate: run.completionDate,
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/** A run's own point for the series (null: no value for the metric), as the history would count it. */
export function ownPoint(
  request: Pick<SeriesRequest, 'assayId' | 'design' | 'metric' | 'category' | 'assaysById'>,
  trendRun: TrendRun,
): TrendPoint | null {
  const { values } = libraryValues(request, trendRun);
  return values.length ? summarise(trendRun.run, values) : null;
}

/**
 * The prior runs' points, oldest first, and the runs passed over: walking back from the newest run of this run's
 * container model that finished before it, until the history has `limit` runs.
 */
export function pickHistory(
  request: Pick<SeriesRequest, 'assayId' | 'design' | 'metric' | 'category' | 'assaysById'> & {
    current: TrendRunFacts;
    candidates: Iterable<TrendRun | SummarisedRun>;
    limit: number;
  },
): Pick<TrendSeries, 'history' | 'leftOut'> {
  const { current: currentRun, assayId, design, limit } = request;
  const model = currentRun.containerModel ?? '';
  const prior = [...request.candidates]
    .filter(
      ({ run }) =>
        run.name !== currentRun.name &&
        run.completionDate !== null &&
        (run.containerModel ?? '') === model &&
        (currentRun.completionDate === null || compareRuns(run, currentRun) < 0),
    )
    .sort((a, b) => compareRuns(b.run, a.run));
  const history: TrendPoint[] = [];
  const leftOut = { excluded: 0, withoutMetric: 0 };
  for (const candidate of prior) {
    if (history.length >= limit) break;
    const has =
      'samples' in candidate ? candidate.samples.some((s) => inSeries(s, assayId, design)) : candidate.inSeries;
    if (!has) continue;
    if (isExcludedRun(candidate.run)) {
      leftOut.excluded++;
      continue;
    }
    const point = 'samples' in candidate ? ownPoint(request, candidate) : candidate.point;
    if (!point) {
      leftOut.withoutMetric++;
      continue;
    }
    history.push(point);
  }
  history.reverse();
  return { history, leftOut };
}

export function buildSeries(request: SeriesRequest): TrendSeries {
  const { current, assayId, design } = request;
  const limit = request.limit ?? TREND_DEFAULTS.runs;
  const currentRun = current.run;
  const model = currentRun.containerModel ?? '';
  const { history, leftOut } = pickHistory({ ...request, current: currentRun, limit });
  const own = libraryValues(request, current);
  const firstUnits = own.thresholds[0]?.units ?? null;
  return {
    runName: currentRun.name,
    assayId,
    assayName: request.assaysById[String(assayId)]?.name ?? `Assay ${assayId}`,
    category: request.category,
    metric: request.metric,
    design,
    instrumentModel: model,
    units: firstUnits,
    thresholds: own.thresholds.map((t) => ({ type: t.thresholdType, minimum: t.minimum, maximum: t.maximum })),
    history,
    current: own.values.length ? summarise(currentRun, own.values) : null,
    currentValues: own.values,
    limit,
    leftOut,
  };
}

/** docs/trends.md#bands-and-minimum-history: the prior runs' mean and SD (never this run's), then every rule. */
export function analyseSeries(
  series: Pick<TrendSeries, 'history' | 'current'>,
  minHistory: number = TREND_DEFAULTS.minHistory,
): TrendAnalysis {
  if (!series.current) return { status: 'no-current-value' };
  const medians = series.history.map((p) => p.median);
  const need = Math.max(2, minHistory);
  if (medians.length < need) return { status: 'not-enough-history', have: medians.length, need };
  const baseline = { mean: mean(medians), sd: sampleSd(medians) };
  if (!(baseline.sd > 0)) return { status: 'no-spread', mean: baseline.mean };
  return { status: 'ok', ...baseline, rules: westgard([...medians, series.current.median], baseline) };
}

export function buildTrend(request: SeriesRequest, minHistory?: number): Trend {
  const series = buildSeries(request);
  return { series, analysis: analyseSeries(series, minHistory) };
}

/** The rules that fire, for warnings; empty while there is nothing to judge. */
export function firingRules(analysis: TrendAnalysis): string[] {
  return analysis.status === 'ok' ? analysis.rules.filter((r) => r.fires).map((r) => r.rule) : [];
}
