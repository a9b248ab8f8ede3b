import { appendFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  mergeRunLibrary,
  notificationFor,
  runFacts,
  runLibraryKey,
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
import type { SnapshotRunFile } from '../lib/snapshot/schema';

// The server's IndexWriter: the ingest streams a Cardea document into it and it turns that into a
// snapshot's parts. A large document's run-libraries are most of it, so they are never all in memory:
// each batch is appended to one NDJSON file per run in a temporary folder, and when the notification
// pass reads a run back its file is written out at once. The spool's lines are the records' canonical
// JSON, so a run's file is put together from them without serialising its libraries a second time.
// The spool is read and appended synchronously: its files are small and in the page cache, and
// libuv's few threads are busy compressing the run files already written, so an asynchronous read
// would queue behind them and hold up the ingest. Cases, assays, runs and Omissions are small
// and stay in memory.

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

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class SpoolIndex implements IndexWriter {
  readonly assays = new Map<number, Assay>();
  readonly cases: CaseRecord[] = [];
  readonly runs = new Map<string, { run: Run; spool: number }>();
  readonly omitted = new Map<string, OmittedRunSample[]>();
  readonly notifications = new Map<string, NotificationRecord>();
  readonly both = new Map<string, BothNotifications>();
  /** Run name → its file in the snapshot, filled as the notification pass reads the runs. */
  readonly files = new Map<string, string>();
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

  async write(batch: IndexBatch): Promise<void> {
    for (const assay of batch.assays) this.assays.set(assay.id, assay);
    this.cases.push(...batch.cases);
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

  /** Removes the spool folder (the records in memory stay). */
  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
