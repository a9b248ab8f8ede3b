import { appendFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  mergeRunLibrary,
  notificationFor,
  runFacts,
  runLibraryKey,
  samplesByCategory,
  type CaseRecord,
  type DocumentSummary,
  type IndexBatch,
  type IndexWriter,
  type NotificationRecord,
  type RunLibraryRecord,
  type RunRecord,
} from '../lib/cardea/records';
import type { Assay, OmittedRunSample, Run } from '../lib/cardea/schema';
import { canonicalJson, canonicalRunFileJson, runFileOf } from '../lib/snapshot/build';
import { caseFileJson } from '../lib/snapshot/cases';
import { HeapGuard } from './heap-guard';
import {
  caseBucketCount,
  caseBucketOf,
  MAX_CASE_BUCKETS,
  type SnapshotRunFile,
  type SnapshotTrendRun,
} from '../lib/snapshot/schema';
import { trendRunsOf } from '../lib/snapshot/trends';

// The server's IndexWriter: the ingest streams a Cardea document into it and it turns that into a
// snapshot's parts. A large document's run-libraries are most of it, so they are never all in memory:
// each batch is appended to one NDJSON file per run in a temporary folder, and when the notification
// pass reads a run back its file is written out at once. The spool's lines are the records' canonical
// JSON, so a run's file is put together from them without serialising its libraries a second time.
// The spool is read and appended synchronously: its files are small and in the page cache, and
// libuv's few threads are busy compressing the run files already written, so an asynchronous read
// would queue behind them and hold up the ingest. Cases go to disk the same way (a 200 MB document
// carries tens of MB of them), into one spool per finest bucket, so a bucket's file is read back from
// the few spools that make it up whatever the bucket count turns out to be. Assays, runs and Omissions
// are small and stay in memory.

/** A run's notification both ways, for the ticket keeper (a run with an open ticket is due at other times). */
export interface BothNotifications {
  withOpenTicket: NotificationRecord | null;
  withoutTicket: NotificationRecord | null;
}

export interface SpoolIndexOptions {
  /**
   * Writes one run's file, given as its object and its canonical JSON (`canonicalJson(file)`); resolves
   * with its path relative to the snapshot (`runs/…`).
   */
  writeRun: (file: SnapshotRunFile, json: string) => Promise<string>;
  /** Also work out every run's notification with and without an open ticket (when a keeper runs). */
  bothNotifications?: boolean;
}

/** How many runs the notification pass reads between two looks at the heap. */
const RUNS_PER_HEAP_CHECK = 8;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class SpoolIndex implements IndexWriter {
  readonly assays = new Map<number, Assay>();
  private readonly heap = new HeapGuard();
  /** Cases spooled so far (the bucket count depends on it). */
  caseCount = 0;
  readonly runs = new Map<string, { run: Run; spool: number }>();
  readonly omitted = new Map<string, OmittedRunSample[]>();
  readonly notifications = new Map<string, NotificationRecord>();
  readonly both = new Map<string, BothNotifications>();
  /** Run name → its file in the snapshot, filled as the notification pass reads the runs. */
  readonly files = new Map<string, string>();
  /** The assays some run has trend points for (each run's entry is spooled per assay, read back by `trendRuns`). */
  readonly trendAssays = new Set<number>();
  private runsRead = 0;
  summary: DocumentSummary | undefined;

  private constructor(
    private readonly dir: string,
    private readonly options: SpoolIndexOptions,
  ) {}

  static async create(options: SpoolIndexOptions): Promise<SpoolIndex> {
    return new SpoolIndex(await mkdtemp(path.join(os.tmpdir(), 'bao-server-spool-')), options);
  }

  private spoolFile(n: number): string {
    return path.join(this.dir, `${n}.ndjson`);
  }

  private trendSpoolFile(assayId: number): string {
    return path.join(this.dir, `trends-${assayId}.ndjson`);
  }

  /** Every run's trend entry for one assay, read back from the spool. */
  trendRuns(assayId: number): SnapshotTrendRun[] {
    if (!this.trendAssays.has(assayId)) return [];
    const text = readFileSync(this.trendSpoolFile(assayId), 'utf8');
    // Our own spool, written a moment ago from entries built here.
    return text.split('\n').flatMap((line) => (line ? [JSON.parse(line) as SnapshotTrendRun] : []));
  }

  private caseSpoolFile(shard: number): string {
    return path.join(this.dir, `cases-${shard}.ndjson`);
  }

  /** Each case as a line `{id as JSON}\t{its canonical JSON}`: a JSON string never holds a raw tab. */
  private spoolCases(cases: readonly CaseRecord[]): void {
    const lines = new Map<number, string[]>();
    for (const record of cases) {
      const shard = caseBucketOf(record.id, MAX_CASE_BUCKETS);
      const list = lines.get(shard) ?? [];
      list.push(`${JSON.stringify(record.id)}\t${canonicalJson(record)}`);
      lines.set(shard, list);
    }
    for (const [shard, list] of lines) appendFileSync(this.caseSpoolFile(shard), `${list.join('\n')}\n`);
    this.caseCount += cases.length;
  }

  /** The number of case buckets, and each bucket's file (canonical JSON, cases in id order) read back from the spool. */
  caseBuckets(): { count: number; read: (bucket: number) => { json: string; cases: number } } {
    const count = caseBucketCount(this.caseCount);
    const read = (bucket: number) => {
      const entries: { id: string; json: string }[] = [];
      // Every finest bucket whose cases land in this bucket: the count divides MAX_CASE_BUCKETS.
      for (let shard = bucket; shard < MAX_CASE_BUCKETS; shard += count) {
        let text: string;
        try {
          text = readFileSync(this.caseSpoolFile(shard), 'utf8');
        } catch (error) {
          if (error instanceof Error && 'code' in error && error.code === 'ENOENT') continue;
          throw error;
        }
        for (const line of text.split('\n')) {
          if (!line) continue;
          const tab = line.indexOf('\t');
          entries.push({ id: JSON.parse(line.slice(0, tab)) as string, json: line.slice(tab + 1) });
        }
      }
      entries.sort((a, b) => byKey(a.id, b.id));
      return {
        json: caseFileJson(
          bucket,
          entries.map((entry) => entry.json),
        ),
        cases: entries.length,
      };
    };
    return { count, read };
  }

  async write(batch: IndexBatch): Promise<void> {
    this.heap.check();
    for (const assay of batch.assays) this.assays.set(assay.id, assay);
    this.spoolCases(batch.cases);
    for (const { runName, run } of batch.runs) {
      if (!this.runs.has(runName)) this.runs.set(runName, { run, spool: this.runs.size });
    }
    for (const sample of batch.omitted) {
      const list = this.omitted.get(sample.runName) ?? [];
      list.push(sample);
      this.omitted.set(sample.runName, list);
    }
    const lines = new Map<number, string[]>();
    for (const record of batch.runLibraries) {
      const spool = this.runs.get(record.runName)?.spool;
      if (spool === undefined) throw new Error(`run-library of ${record.runName} before its run`);
      const list = lines.get(spool) ?? [];
      list.push(canonicalJson(record));
      lines.set(spool, list);
    }
    for (const [spool, list] of lines) appendFileSync(this.spoolFile(spool), `${list.join('\n')}\n`);
  }

  /** Reads a run's spool back (merging run-libraries that several batches carried) and writes its file. */
  async readRun(runName: string): Promise<{ run: Run; libraries: RunLibraryRecord[] } | undefined> {
    const found = this.runs.get(runName);
    if (!found) return undefined;
    // The notification pass makes garbage too (a run's libraries parsed, its trend points worked out); looked at
    // every few runs, as a full collection per run cost more time than the trend points themselves.
    if (++this.runsRead % RUNS_PER_HEAP_CHECK === 0) this.heap.check();
    // Each library with its line, or with no line once it was merged (its JSON is worked out again).
    const merged = new Map<string, { record: RunLibraryRecord; json: string | undefined }>();
    let text = '';
    try {
      text = readFileSync(this.spoolFile(found.spool), 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      // Our own spool, written a moment ago from validated records.
      const record = JSON.parse(line) as RunLibraryRecord;
      const key = runLibraryKey(record);
      const existing = merged.get(key);
      merged.set(
        key,
        existing ? { record: mergeRunLibrary(existing.record, record), json: undefined } : { record, json: line },
      );
    }
    const entries = [...merged.values()].sort(
      (a, b) => byKey(a.record.category, b.record.category) || byKey(a.record.sampleId, b.record.sampleId),
    );
    const libraries = entries.map((entry) => entry.record);
    const facts = runFacts(libraries);
    const file = runFileOf({
      runName,
      run: found.run,
      facts,
      libraries,
      assays: this.assays,
      omitted: this.omitted.get(runName) ?? [],
    });
    const json = canonicalRunFileJson(
      file,
      entries.map((entry) => entry.json ?? canonicalJson(entry.record)),
    );
    this.files.set(runName, await this.options.writeRun(file, json));
    const assaysById = Object.fromEntries(file.assays.map((assay) => [String(assay.id), assay]));
    // Spooled, not kept: every point the heap holds through the ingest raises how much garbage it may gather.
    for (const [assayId, entry] of trendRunsOf(found.run, samplesByCategory(libraries, found.run), assaysById)) {
      appendFileSync(this.trendSpoolFile(assayId), `${canonicalJson(entry)}\n`);
      this.trendAssays.add(assayId);
    }
    if (this.options.bothNotifications) {
      this.both.set(runName, {
        withOpenTicket: notificationFor(found.run, libraries, true),
        withoutTicket: notificationFor(found.run, libraries, false),
      });
    }
    return { run: found.run, libraries };
  }

  async finishRuns(_runs: RunRecord[], notifications: NotificationRecord[]): Promise<void> {
    for (const notification of notifications) this.notifications.set(notification.runName, notification);
  }

  async commit(summary: DocumentSummary): Promise<void> {
    this.summary = summary;
  }

  async abort(): Promise<void> {
    await this.dispose();
  }

  /** Removes the spool folder (the records in memory stay; spooled cases go). */
  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
