import { getKept, getSnapshotMeta, listKept, putKept } from '../db';
import { KeeperRunRecord, KeeperStatus, type KeeperStore } from './records';

// The keeper's records in the IndexedDB keep store `keeper` (lib/db.ts): one per run (`run:{name}`)
// and the last sync's status (`status`). Validated on every read; a record an older build wrote
// that no longer fits is dropped, and the next sync writes it again.

const RUN = 'run:';
const STATUS = 'status';

function readRun(raw: unknown): KeeperRunRecord | undefined {
  const parsed = KeeperRunRecord.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export const idbKeeperStore: KeeperStore = {
  async getRun(runName) {
    const raw = await getKept('keeper', `${RUN}${runName}`);
    return raw === undefined ? undefined : readRun(raw);
  },
  async putRun(record) {
    await putKept('keeper', { id: `${RUN}${record.runName}`, ...record });
  },
  async listRuns() {
    const all = await listKept('keeper');
    return all.filter((r) => r.id.startsWith(RUN)).flatMap((raw) => readRun(raw) ?? []);
  },
  async getStatus() {
    const parsed = KeeperStatus.safeParse(await getKept('keeper', STATUS));
    return parsed.success ? parsed.data : undefined;
  },
  async putStatus(status) {
    await putKept('keeper', { id: STATUS, ...status });
  },
};

export interface RunTicket {
  issueKey: string | null;
  issueState: KeeperRunRecord['issueState'];
}

/**
 * Each run's ticket as of the last sync, for the badge and the popup's run list. When
 * the data came from a Bao server, its keeper's tickets (in the snapshot), not this browser's.
 */
export async function ticketsByRun(): Promise<Map<string, RunTicket>> {
  const snapshot = await getSnapshotMeta();
  if (snapshot) {
    return new Map(
      Object.entries(snapshot.runs).flatMap(([runName, { ticket }]) => (ticket ? [[runName, ticket]] : [])),
    );
  }
  return keeperTicketsByRun();
}

/** Each run's ticket as this browser's keeper last recorded it: what reading Cardea directly goes by. */
export async function keeperTicketsByRun(): Promise<Map<string, RunTicket>> {
  const records = await idbKeeperStore.listRuns();
  return new Map(records.map((r) => [r.runName, { issueKey: r.issueKey, issueState: r.issueState }]));
}
