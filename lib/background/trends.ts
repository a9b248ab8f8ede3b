import type { RunRecord } from '../cardea/records';
import type { Run, Sample } from '../cardea/schema';
import { getSnapshotMeta, readTrendSamples, listTrendRuns } from '../db';
import { readServerTrend, readServerTrendWarnings } from '../bao-server/trends';
import type { TrendWarning, TrendWarnings } from '../messages/protocol';
import type { AssaysById } from '../qc/applicability';
import type { SeriesKey, Trend } from '../trends/schema';
import { TREND_DEFAULTS } from '../trends/schema';
import { seriesKeysOfRun } from '../trends/series-keys';
import { buildTrend, compareRuns, firingRules, type TrendRun } from '../trends/series';

// Trend series and warnings from the local index (docs/trends.md). The history is read a page of runs at a time,
// newest first, until the series has its runs or the candidates run out: most series fill from the first page.

export interface TrendOptions {
  runs: number;
  minHistory: number;
}

type TableCategory = SeriesKey['category'];

const CATEGORY_KEY = { LIBRARY_QUALIFICATION: 'lq', FULL_DEPTH_SEQUENCING: 'fd' } as const;

/** Thrown when a new document replaced the index while a series was read; the caller tries once more. */
class GenerationChanged extends Error {}

/** A run's trend context: the run, the candidate runs before it (newest first), and their samples as read. */
class TrendContext {
  private readonly loaded = new Map<string, { lq: Sample[]; fd: Sample[] }>();

  constructor(
    readonly generation: number,
    readonly current: Run,
    readonly assaysById: AssaysById,
    private readonly candidates: readonly RunRecord[],
  ) {}

  /** The candidates that can hold the series (their facts list its assay and design; no facts: maybe). */
  private candidatesFor(key: SeriesKey): Run[] {
    return this.candidates
      .filter(
        (r) => !r.facts || (r.facts.assayIds.includes(key.assayId) && r.facts.libraryDesigns.includes(key.design)),
      )
      .map((r) => r.run);
  }

  async samplesOf(runs: readonly Run[]): Promise<void> {
    const missing = runs.filter((run) => !this.loaded.has(run.name));
    if (missing.length === 0) return;
    const read = await readTrendSamples(this.generation, missing);
    if (!read) throw new GenerationChanged();
    for (const [name, samples] of read) this.loaded.set(name, samples);
  }

  trendRun(run: Run, category: TableCategory): TrendRun {
    return { run, samples: this.loaded.get(run.name)?.[CATEGORY_KEY[category]] ?? [] };
  }

  async trend(key: SeriesKey, options: TrendOptions): Promise<Trend> {
    const candidates = this.candidatesFor(key);
    await this.samplesOf([this.current]);
    for (let count = options.runs; ; count += options.runs) {
      const page = candidates.slice(0, count);
      await this.samplesOf(page);
      const trend = buildTrend(
        {
          current: this.trendRun(this.current, key.category),
          candidates: page.map((run) => this.trendRun(run, key.category)),
          ...key,
          assaysById: this.assaysById,
          limit: options.runs,
        },
        options.minHistory,
      );
      if (trend.series.history.length >= options.runs || count >= candidates.length) return trend;
    }
  }

  /** Every (category, assay, design, metric column) this run's libraries have. */
  keys(): SeriesKey[] {
    return seriesKeysOfRun(this.loaded.get(this.current.name) ?? { lq: [], fd: [] }, this.assaysById);
  }
}

async function openContext(runName: string): Promise<TrendContext | undefined> {
  const listed = await listTrendRuns();
  const record = listed?.runs.find((r) => r.runName === runName);
  if (!listed || !record) return undefined;
  const current = record.run;
  const model = current.containerModel ?? '';
  const candidates = listed.runs
    .filter(
      ({ run }) =>
        run.name !== current.name &&
        run.completionDate !== null &&
        (run.containerModel ?? '') === model &&
        (current.completionDate === null || compareRuns(run, current) < 0),
    )
    .sort((a, b) => compareRuns(b.run, a.run));
  return new TrendContext(listed.generation, current, listed.assaysById, candidates);
}

async function withContext<T>(runName: string, task: (context: TrendContext) => Promise<T>): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      const context = await openContext(runName);
      return context ? await task(context) : undefined;
    } catch (error) {
      if (!(error instanceof GenerationChanged) || attempt > 0) throw error;
    }
  }
}

/** One series and its analysis; undefined when the index has no such run. */
export async function readTrend(
  runName: string,
  key: SeriesKey,
  options: TrendOptions = TREND_DEFAULTS,
): Promise<Trend | undefined> {
  // From a Bao server the index holds only the snapshot: the history is in the server's trend files.
  const snapshot = await getSnapshotMeta();
  if (snapshot) return readServerTrend(snapshot, runName, key, options);
  return withContext(runName, (context) => context.trend(key, options));
}

/** The series of this run whose rules fire (docs/trends.md#westgard-rules), for the run header and the popup. */
export async function readTrendWarnings(
  runName: string,
  options: TrendOptions = TREND_DEFAULTS,
): Promise<TrendWarnings | undefined> {
  const snapshot = await getSnapshotMeta();
  if (snapshot) return readServerTrendWarnings(snapshot, runName, options);
  return withContext(runName, async (context) => {
    await context.samplesOf([context.current]);
    const warnings: TrendWarning[] = [];
    for (const key of context.keys()) {
      const trend = await context.trend(key, options);
      const rules = firingRules(trend.analysis);
      if (rules.length > 0) warnings.push({ ...key, assayName: trend.series.assayName, rules });
    }
    return { runName, warnings };
  });
}
