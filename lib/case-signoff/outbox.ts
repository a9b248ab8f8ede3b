import { z } from 'zod';
import { deleteKept, getKept, listKept, putKept, putKeptAll, type KeptRecord } from '../db';
import { NabuSignoffList, type NabuSignoff } from '../nabu/schema';
import { parseFrom } from '../net/failure';
import type { SignoffPlan } from './plan';
import { findStatusPair } from '../nabu/statuses';
import { OUTBOX_ENTRY_KIND, OutboxEntry, SubmitResult } from './schemas';

// The outbox (docs/architecture.md#outbox): every sign-off the user submits is written here first,
// one entry per Nabu request, and removed only once Nabu has confirmed every case. It lives in the
// IndexedDB keep store `outbox`, so a closed popup, a sleeping worker or a browser restart loses
// nothing. The same store holds one more record of Bao's: the cache of confirmed Nabu rows.

const STORE = 'outbox';
export const NABU_CACHE_ID = 'nabu-cache';

const NabuCacheRecord = z.object({
  id: z.literal(NABU_CACHE_ID),
  kind: z.literal('nabu-cache'),
  refreshedAt: z.string().nullable(),
  rows: NabuSignoffList,
});

export interface NewEntryOptions {
  now: number;
  newId: () => string;
  /** The popup's id for this press of Submit; a new one otherwise. */
  submissionId?: string;
}

/** The outbox entries for a plan: one per Nabu request, every case pending, due at once. */
export function entriesFor(plan: SignoffPlan, { now, newId, submissionId = newId() }: NewEntryOptions): OutboxEntry[] {
  const createdAt = new Date(now).toISOString();
  return plan.requests.map(({ caseIdentifiers, ...request }) =>
    OutboxEntry.parse({
      id: newId(),
      kind: OUTBOX_ENTRY_KIND,
      submissionId,
      createdAt,
      request,
      statusLabel: findStatusPair(request.signoffStepName, request.qcPassed, request.release)?.label ?? '',
      summary: plan.summary,
      cases: caseIdentifiers.map((caseId) => ({ caseId, state: 'pending', rowId: null, created: null })),
      attempts: 0,
      state: 'queued',
      lastAttemptAt: null,
      nextAttemptAt: null,
      lastFailure: null,
      message: null,
    }),
  );
}

export function isOutboxRecord(record: KeptRecord): boolean {
  return record.kind === OUTBOX_ENTRY_KIND;
}

const byCreation = (a: OutboxEntry, b: OutboxEntry) =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

const sameTarget = (a: OutboxEntry['request'], b: OutboxEntry['request']) =>
  a.signoffStepName === b.signoffStepName &&
  a.deliverableType === b.deliverableType &&
  (a.deliverable || null) === (b.deliverable || null);

/**
 * The older entry `entry` waits for: one that still has a case of `entry` pending for the same step, deliverable type
 * and deliverable. Nabu shows only the newest row per case and step (docs/case-signoffs.md#outbox-order), so an older
 * entry retried after a newer one reached Nabu could no longer see its own row, would send it again, and would undo the
 * user's later decision. Sign-offs of one case therefore reach Nabu in the order they were made.
 */
export function earlierEntryFor(entry: OutboxEntry, outbox: readonly OutboxEntry[]): OutboxEntry | undefined {
  const pending = new Set(entry.cases.filter((c) => c.state === 'pending').map((c) => c.caseId));
  return outbox.find(
    (other) =>
      other.id !== entry.id &&
      byCreation(other, entry) < 0 &&
      sameTarget(other.request, entry.request) &&
      other.cases.some((c) => c.state === 'pending' && pending.has(c.caseId)),
  );
}

/**
 * Every entry, oldest first. A record that no longer validates (an older build's) stays in the
 * store untouched and is reported, rather than being dropped unseen.
 */
export async function listOutbox(): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  for (const record of await listKept(STORE)) {
    if (!isOutboxRecord(record)) continue;
    const parsed = OutboxEntry.safeParse(record);
    if (parsed.success) entries.push(parsed.data);
    else console.error(`Bao: outbox entry ${record.id} is not readable and was left in place`, parsed.error.issues);
  }
  return entries.sort(byCreation);
}

export async function getOutboxEntry(id: string): Promise<OutboxEntry | undefined> {
  const record = await getKept(STORE, id);
  if (!record || !isOutboxRecord(record)) return undefined;
  return parseFrom('Bao', 'IndexedDB outbox', OutboxEntry, record);
}

export async function saveOutboxEntry(entry: OutboxEntry): Promise<void> {
  await putKept(STORE, OutboxEntry.parse(entry));
}

export async function deleteOutboxEntry(id: string): Promise<void> {
  await deleteKept(STORE, id);
}

/** How long Bao remembers what a submission wrote, so a retry of the same press of Submit is answered, not rewritten. */
export const RECEIPT_KEEP_MS = 24 * 60 * 60_000;
const RECEIPT_KIND = 'submission-receipt';
const receiptId = (submissionId: string) => `receipt:${submissionId}`;

const SubmissionReceipt = z.object({
  id: z.string(),
  kind: z.literal(RECEIPT_KIND),
  createdAt: z.string(),
  result: SubmitResult,
});

/** What an earlier delivery of this submission wrote, if Bao still remembers it. */
export async function findReceipt(submissionId: string): Promise<SubmitResult | undefined> {
  const parsed = SubmissionReceipt.safeParse(await getKept(STORE, receiptId(submissionId)));
  return parsed.success ? parsed.data.result : undefined;
}

/**
 * Writes a submission's entries and, when the popup named the submission, its receipt, in one transaction: a worker
 * stopped half-way leaves neither, so the popup's retry writes them once.
 */
export async function saveSubmission(entries: OutboxEntry[], result: SubmitResult, now: number): Promise<void> {
  const records: KeptRecord[] = entries.map((entry) => OutboxEntry.parse(entry));
  if (result.submissionId) {
    const createdAt = new Date(now).toISOString();
    records.push(
      SubmissionReceipt.parse({ id: receiptId(result.submissionId), kind: RECEIPT_KIND, createdAt, result }),
    );
  }
  await putKeptAll(STORE, records);
}

/** Forgets receipts older than RECEIPT_KEEP_MS. */
export async function pruneReceipts(now: number): Promise<void> {
  for (const record of await listKept(STORE)) {
    const receipt = SubmissionReceipt.safeParse(record);
    if (receipt.success && Date.parse(receipt.data.createdAt) < now - RECEIPT_KEEP_MS)
      await deleteKept(STORE, record.id);
  }
}

export interface NabuCache {
  refreshedAt: string | null;
  rows: NabuSignoff[];
}

export async function loadNabuCache(): Promise<NabuCache> {
  const record = await getKept(STORE, NABU_CACHE_ID);
  const parsed = NabuCacheRecord.safeParse(record);
  // A cache is only a cache: one an older build wrote is simply rebuilt from Nabu.
  return parsed.success
    ? { refreshedAt: parsed.data.refreshedAt, rows: parsed.data.rows }
    : { refreshedAt: null, rows: [] };
}

export async function saveNabuCache(cache: NabuCache): Promise<void> {
  await putKept(STORE, NabuCacheRecord.parse({ id: NABU_CACHE_ID, kind: 'nabu-cache', ...cache }));
}
