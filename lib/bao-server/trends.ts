import type { SnapshotMeta } from '../db';
import type { TrendWarning, TrendWarnings } from '../messages/protocol';
import { FetchError } from '../net/failure';
import { SNAPSHOT_FORMAT, type SnapshotTrendFile, type SnapshotTrendWarning } from '../snapshot/schema';
import { trendFromFile, trendWarningsOf, type TrendOptions } from '../snapshot/trends';
import type { SeriesKey, Trend } from '../trends/schema';
import { BAO_SERVER, fetchSnapshotTrends } from './client';
import { readRunView } from './run-view';

// Trends from a Bao server (docs/trends.md#from-a-bao-server). The browser holds only the snapshot, so a series'
// history comes from the assay's trend file (fetched when a trend view opens, kept in memory; the file is
// immutable, so the browser's HTTP cache keeps it too) and this run's own values from its run file. The warnings
// for the run header and the popup are the ones index.json carries, judged by the server.

/** Trend files kept in memory: a few assays' worth, each a few hundred kB at most. */
const KEPT_FILES = 16;
const files = new Map<string, Promise<SnapshotTrendFile>>();

function trendFile(snapshot: SnapshotMeta, assayId: number): Promise<SnapshotTrendFile> {
  const entry = snapshot.trends?.files.find((f) => f.assayId === assayId);
  // No file: no run of the snapshot has run-libraries of the assay, so there is no history.
  if (!entry) return Promise.resolve({ format: SNAPSHOT_FORMAT, assayId, runs: [] });
  const key = `${snapshot.source}|${entry.file}`;
  let pending = files.get(key);
  if (!pending) {
    pending = fetchSnapshotTrends(snapshot.source, entry.file).then((file) => {
      if (file.assayId !== assayId) {
        throw new FetchError({
          kind: 'invalid',
          system: BAO_SERVER,
          url: `${snapshot.source}/${entry.file}`,
          issues: [`${entry.file} assayId: is ${file.assayId}, not ${assayId}`],
        });
      }
      return file;
    });
    files.set(key, pending);
    void pending.catch(() => files.delete(key));
    while (files.size > KEPT_FILES) files.delete(files.keys().next().value!);
  }
  return pending;
}

/** One series of a run in server mode; undefined when the snapshot has no such run. */
export async function readServerTrend(
  snapshot: SnapshotMeta,
  runName: string,
  key: SeriesKey,
  options: TrendOptions,
): Promise<Trend | undefined> {
  if (!snapshot.runs[runName]) return undefined;
  const [view, file] = await Promise.all([readRunView(runName), trendFile(snapshot, key.assayId)]);
  if (!view) return undefined;
  return trendFromFile(view, key, file, view.assaysById, options);
}

const sameOptions = (a: TrendOptions, b: TrendOptions | undefined) =>
  b !== undefined && a.runs === b.runs && a.minHistory === b.minHistory;

/**
 * A run's trend warnings in server mode: those index.json carries when they were judged with these options;
 * otherwise judged here on the trend files of the assays that have the run.
 */
export async function readServerTrendWarnings(
  snapshot: SnapshotMeta,
  runName: string,
  options: TrendOptions,
): Promise<TrendWarnings | undefined> {
  const entry = snapshot.runs[runName];
  if (!entry) return undefined;
  const trends = snapshot.trends;
  const named = (warnings: readonly SnapshotTrendWarning[]): TrendWarning[] =>
    warnings.map((w) => ({
      ...w,
      assayName: trends?.files.find((f) => f.assayId === w.assayId)?.assayName ?? `Assay ${w.assayId}`,
    }));
  if (!trends || sameOptions(options, trends.options)) return { runName, warnings: named(entry.trendWarnings) };
  const found: SnapshotTrendWarning[] = [];
  for (const { assayId } of trends.files) {
    const file = await trendFile(snapshot, assayId);
    if (!file.runs.some((r) => r.run.name === runName)) continue;
    found.push(...(trendWarningsOf(file, {}, options, runName).get(runName) ?? []));
  }
  return { runName, warnings: named(found) };
}
