import {
  mergeRunLibrary,
  runLibraryKey,
  samplesByCategory,
  type DocumentSummary,
  type IndexBatch,
  type IndexWriter,
  type NotificationRecord,
  type RunLibraryRecord,
  type RunRecord,
} from '../cardea/records';
import type { Run } from '../cardea/schema';
import { metricsAvailable, runNotification } from '../qc/notifications';
import type { NotificationSource } from './sync';

// The Node command's index: what `ingestDimsum` streams in, kept in memory for one sync. Only the
// runs and their run-libraries are kept (cases and assays do not matter to tickets), and each
// library's metrics shrink to what readiness reads (docs/notifications-and-tickets.md#readiness), so a large document fits.

/** Keeps `metricsAvailable` as it was: no metrics, or the first entry that still waits for analysis. */
function slim(record: RunLibraryRecord): RunLibraryRecord {
  const { sample } = record;
  if (sample.metrics === null) return record;
  const metrics = metricsAvailable(sample)
    ? null
    : sample.metrics.filter((m) => !metricsAvailable({ metrics: [m] })).slice(0, 1);
  return { ...record, sample: { ...sample, metrics } };
}

export class MemoryIndex implements IndexWriter {
  private runs = new Map<string, Run>();
  private libraries = new Map<string, Map<string, RunLibraryRecord>>();
  notifications: NotificationRecord[] = [];
  summary: DocumentSummary | undefined;

  async write(batch: IndexBatch): Promise<void> {
    for (const record of batch.runs) if (!this.runs.has(record.runName)) this.runs.set(record.runName, record.run);
    for (const record of batch.runLibraries) {
      const ofRun = this.libraries.get(record.runName) ?? new Map<string, RunLibraryRecord>();
      this.libraries.set(record.runName, ofRun);
      const key = runLibraryKey(record);
      const existing = ofRun.get(key);
      ofRun.set(key, existing ? mergeRunLibrary(existing, record) : slim(record));
    }
  }

  async readRun(runName: string): Promise<{ run: Run; libraries: RunLibraryRecord[] } | undefined> {
    const run = this.runs.get(runName);
    return run ? { run, libraries: [...(this.libraries.get(runName)?.values() ?? [])] } : undefined;
  }

  async finishRuns(_runs: RunRecord[], notifications: NotificationRecord[]): Promise<void> {
    this.notifications.push(...notifications);
  }

  async commit(summary: DocumentSummary): Promise<void> {
    this.summary = summary;
  }

  async abort(): Promise<void> {
    this.runs.clear();
    this.libraries.clear();
    this.notifications = [];
  }

  /** The notification of a run with an open ticket (docs/notifications-and-tickets.md#desired-ticket-state), or undefined when the document has no such run. */
  openTicketNotification(runName: string) {
    const run = this.runs.get(runName);
    if (!run) return undefined;
    const libraries = [...(this.libraries.get(runName)?.values() ?? [])];
    return runNotification({ run, ...samplesByCategory(libraries, run), hasOpenTicket: true });
  }

  source(): NotificationSource {
    return {
      documentTimestamp: this.summary?.timestamp ?? null,
      readyNotifications: async () => this.notifications,
      openTicketNotification: async (runName) => this.openTicketNotification(runName),
    };
  }
}
