import { z } from 'zod';
import { Failure } from '../net/failure';

// What the keeper remembers between syncs, in the browser's IndexedDB keep store (./state.ts) or
// the Node command's state file: per run its ticket, and how the last sync went. Jira stays the
// source of truth; these records let the popup show ticket keys and the failures.

export const IssueStateSchema = z.enum(['OPEN', 'PAUSED', 'OVERRIDDEN', 'CLOSED']);

export const RunOutcome = z.enum([
  'created',
  'commented',
  'reopened',
  'paused',
  'closed',
  'unchanged',
  'overridden',
  'search-failed',
  'failed',
]);
export type RunOutcome = z.infer<typeof RunOutcome>;

export const KeeperRunRecord = z.object({
  runName: z.string(),
  issueKey: z.string().nullable(),
  issueState: IssueStateSchema.nullable(),
  /** The `<R#A#Q#D#>` the ticket's newest coded text carries; null after "All sign-offs…" or without a ticket. */
  code: z.string().nullable(),
  /** On the Active list (`requiresAction`, and not "Won't Do"). */
  listed: z.boolean(),
  outcome: RunOutcome,
  syncedAt: z.string(),
  failure: Failure.nullable(),
});
export type KeeperRunRecord = z.infer<typeof KeeperRunRecord>;

export const KeeperStatus = z.object({
  state: z.enum(['running', 'ok', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Cardea's timestamp of the data the sync worked from. */
  documentTimestamp: z.string().nullable(),
  /** Why the whole sync stopped (Jira unreachable, the token refused, rate limits beyond the retries…). */
  failure: Failure.nullable(),
  /** Runs per outcome in this sync. */
  counts: z.record(z.string(), z.number().int()),
});
export type KeeperStatus = z.infer<typeof KeeperStatus>;

/** Where a keeper keeps its records: IndexedDB in the browser, a JSON file for the Node command. */
export interface KeeperStore {
  getRun(runName: string): Promise<KeeperRunRecord | undefined>;
  putRun(record: KeeperRunRecord): Promise<void>;
  listRuns(): Promise<KeeperRunRecord[]>;
  getStatus(): Promise<KeeperStatus | undefined>;
  putStatus(status: KeeperStatus): Promise<void>;
}

/** An in-memory store (tests; the Node command wraps one with its file). */
export class MemoryKeeperStore implements KeeperStore {
  runs = new Map<string, KeeperRunRecord>();
  status: KeeperStatus | undefined;

  async getRun(runName: string) {
    return this.runs.get(runName);
  }
  async putRun(record: KeeperRunRecord) {
    this.runs.set(record.runName, record);
  }
  async listRuns() {
    return [...this.runs.values()];
  }
  async getStatus() {
    return this.status;
  }
  async putStatus(status: KeeperStatus) {
    this.status = status;
  }
}
