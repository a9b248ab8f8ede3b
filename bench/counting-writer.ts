import type { IndexBatch, IndexWriter } from '../lib/cardea/records';

/**
 * Counts what the ingest writes and keeps nothing. The bench measures the parser, validation and
 * record extraction, so the writer must cost nothing: fake-indexeddb would hold the whole database
 * in this process's heap (so "peak memory" would be the database's size) and its speed is not
 * Chromium's. The real IndexedDB cost is measured separately, in Chromium.
 */
export class CountingWriter implements IndexWriter {
  readonly counts = { batches: 0, assays: 0, cases: 0, runs: 0, runLibraries: 0, omitted: 0 };

  async write(batch: IndexBatch): Promise<void> {
    this.counts.batches += 1;
    this.counts.assays += batch.assays.length;
    this.counts.cases += batch.cases.length;
    this.counts.runs += batch.runs.length;
    this.counts.runLibraries += batch.runLibraries.length;
    this.counts.omitted += batch.omitted.length;
  }

  /** Nothing is kept, so the notification pass has nothing to read back (the same for both ingests). */
  async readRun(): Promise<undefined> {
    return undefined;
  }

  async finishRuns(): Promise<void> {}
  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
}
