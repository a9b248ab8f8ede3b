import type { z } from 'zod';
import { deleteKept, getKept, listKept, putKept, updateKept } from '../db';
import { MisoBatch, type MisoBatchListing, type MisoBatchRequest, type MisoBatchSummary } from '../messages/protocol';
import { parseFrom } from '../net/failure';

// QC-in-MISO batches in IndexedDB (the `misoBatches` keep store). A batch is written before any MISO
// tab opens and deleted only when MISO's Run-Library Metrics page shows its run-libraries, so a
// closed tab, a lost login or a closed browser never loses what the user selected.

const STORE = 'misoBatches';
const WHERE = 'IndexedDB misoBatches';

/** Posted this long ago and never shown by MISO: the popup offers a retry. */
export const STALLED_AFTER_MS = 10 * 60_000;
/** A tab picks a batch up on its own only this often; a retry from the popup starts again. */
export const MAX_AUTO_ATTEMPTS = 3;

const read = (raw: unknown): MisoBatch => parseFrom('Bao', WHERE, MisoBatch, raw);

const byAge = (a: MisoBatch, b: MisoBatch) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

export const summary = ({ id, runName, label, runLibraryIds }: MisoBatch): MisoBatchSummary => ({
  id,
  runName,
  label,
  runLibraryIds,
});

/** Unique, and in the order of the plan when sorted: batches of one "QC in MISO" share `createdAt`. */
const batchId = (now: Date, index: number) =>
  `${now.getTime().toString(36).padStart(9, '0')}-${String(index).padStart(2, '0')}-${crypto.randomUUID()}`;

/** Stores every batch of one "QC in MISO" and returns them with their ids. */
export async function addMisoBatches(
  runName: string,
  batches: z.output<typeof MisoBatchRequest>[],
  now = new Date(),
): Promise<MisoBatch[]> {
  const stored = batches.map((b, i) =>
    MisoBatch.parse({
      id: batchId(now, i),
      runName,
      label: b.label,
      runLibraryIds: b.runLibraryIds,
      request: b.request,
      createdAt: now.toISOString(),
      tabId: null,
      state: 'waiting',
      postedAt: null,
      attempts: 0,
      rejection: null,
    }),
  );
  for (const batch of stored) await putKept(STORE, batch);
  return stored;
}

export async function getMisoBatch(id: string): Promise<MisoBatch | undefined> {
  const raw = await getKept(STORE, id);
  return raw === undefined ? undefined : read(raw);
}

/** Oldest first. A record an older Bao wrote in another shape is skipped here, never deleted. */
export async function listMisoBatches(): Promise<MisoBatch[]> {
  const batches: MisoBatch[] = [];
  for (const raw of await listKept(STORE)) {
    const parsed = MisoBatch.safeParse(raw);
    if (parsed.success) batches.push(parsed.data);
    else console.warn(`[bao] ${WHERE}: a record Bao cannot read was left in place`, raw.id);
  }
  return batches.sort(byAge);
}

export async function listMisoBatchesForPopup(now = Date.now()): Promise<MisoBatchListing[]> {
  return (await listMisoBatches()).map((b) => ({ ...b, stalled: isStalled(b, now) }));
}

export function isStalled(batch: MisoBatch, now = Date.now()): boolean {
  return batch.state === 'posted' && batch.postedAt !== null && now - Date.parse(batch.postedAt) > STALLED_AFTER_MS;
}

/** Whether a tab may submit it without the user asking again. */
export const submittable = (batch: MisoBatch): boolean =>
  batch.state !== 'rejected' && batch.attempts < MAX_AUTO_ATTEMPTS;

/** Read and written in one transaction: a batch delivered (deleted) meanwhile stays deleted. */
function update(id: string, change: (batch: MisoBatch) => MisoBatch | undefined): Promise<MisoBatch | undefined> {
  return updateKept(STORE, id, (raw) => {
    const next = change(read(raw));
    return next && MisoBatch.parse(next);
  });
}

export const assignMisoBatch = (id: string, tabId: number | null) => update(id, (b) => ({ ...b, tabId }));

export const markMisoBatchPosted = (id: string, tabId: number, now = new Date()) =>
  update(id, (b) => ({ ...b, tabId, state: 'posted', postedAt: now.toISOString(), attempts: b.attempts + 1 }));

/** MISO refused it: kept for the popup, and no longer tied to a tab, so no tab posts it again by itself. */
export const markMisoBatchRejected = (id: string, message: string) =>
  update(id, (b) => ({ ...b, tabId: null, state: 'rejected', rejection: message }));

/** A retry from the popup: a fresh start. */
export const resetMisoBatch = (id: string) =>
  update(id, (b) => ({ ...b, tabId: null, state: 'waiting', postedAt: null, attempts: 0, rejection: null }));

export async function deleteMisoBatch(id: string): Promise<boolean> {
  const existed = (await getKept(STORE, id)) !== undefined;
  if (existed) await deleteKept(STORE, id);
  return existed;
}

/** The oldest batch a tab should submit (after a login page dropped the URL parameter). */
export async function submittableBatchOfTab(tabId: number): Promise<MisoBatch | undefined> {
  return (await listMisoBatches()).find((b) => b.tabId === tabId && submittable(b));
}

/** The batch this tab posted last: the one an error page is about. */
export async function postedBatchOfTab(tabId: number): Promise<MisoBatch | undefined> {
  const posted = (await listMisoBatches()).filter((b) => b.tabId === tabId && b.state === 'posted');
  return posted.sort((a, b) => (a.postedAt ?? '').localeCompare(b.postedAt ?? '')).at(-1);
}

/** The run-library ids a batch asks MISO for: Cardea's ids, and the same built from the request MISO got. */
function sameRunLibraries(batch: MisoBatch, shown: ReadonlySet<string>): boolean {
  const fromRequest = new Set(batch.request.library_aliquots.map((l) => `${l.run_id}_${l.partition}_${l.name}`));
  const equal = (ids: ReadonlySet<string>) => ids.size === shown.size && [...ids].every((id) => shown.has(id));
  return equal(new Set(batch.runLibraryIds)) || equal(fromRequest);
}

/**
 * MISO's page shows exactly these run-libraries: the matching batch (the tab's own first, then any)
 * is delivered and deleted. Undefined when no batch matches (a page Bao did not open).
 */
export async function deliverMisoBatch(
  tabId: number | undefined,
  runLibraryIds: string[],
): Promise<MisoBatch | undefined> {
  const shown = new Set(runLibraryIds);
  const matching = (await listMisoBatches()).filter((b) => sameRunLibraries(b, shown));
  const batch = matching.find((b) => tabId !== undefined && b.tabId === tabId) ?? matching[0];
  if (batch) await deleteKept(STORE, batch.id);
  return batch;
}

/** A closed tab leaves its batches pending, for the popup or another tab. */
export async function unassignTab(tabId: number): Promise<void> {
  for (const batch of await listMisoBatches()) {
    if (batch.tabId === tabId) await update(batch.id, (b) => (b.tabId === tabId ? { ...b, tabId: null } : undefined));
  }
}

/** After a browser restart tab ids start again, so no batch may stay tied to an old one. */
export async function unassignAllTabs(): Promise<void> {
  for (const batch of await listMisoBatches()) {
    if (batch.tabId !== null) await update(batch.id, (b) => (b.tabId === null ? undefined : { ...b, tabId: null }));
  }
}
