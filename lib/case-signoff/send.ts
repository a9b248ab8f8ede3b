import type { NabuClient } from '../nabu/client';
import { cleanNabuError, type NabuSignoff } from '../nabu/schema';
import { describeFailure, FetchError, internalFailure, type Failure } from '../net/failure';
import { newer } from './nabu-cache';
import type { OutboxEntry } from './schemas';
import { forEachLimited } from '../for-each-limited';

// One attempt at an outbox entry. Nabu's bulk insert is not a transaction and it keeps every row it
// gets (docs/jira-and-nabu.md#nabu-bulk-save), so a failed request may have saved some cases and a blind resend would
// duplicate them. After any earlier attempt Bao first reads back what Nabu holds for each pending
// case and sends only the cases that are still missing (docs/jira-and-nabu.md#nabu-bulk-save).

/** Nabu's clock and the browser's may differ a little; a matching row this close to the entry is ours. */
export const CLOCK_SKEW_MS = 2 * 60_000;
export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 30 * 60_000;
const READ_BACK_CONCURRENCY = 6;

/** Exponential backoff with ±20 % jitter; a server's Retry-After wins when it asks for longer. */
export function backoffDelayMs(attempts: number, random: () => number = Math.random, retryAfterMs?: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential * (0.8 + 0.4 * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}

const sameKey = (row: NabuSignoff, request: OutboxEntry['request']) =>
  row.signoffStepName === request.signoffStepName &&
  row.deliverableType === request.deliverableType &&
  (row.deliverable || null) === (request.deliverable || null);

/** The row says what this entry says: same step, type, deliverable, status pair, note and user. */
export function rowMatches(row: NabuSignoff, request: OutboxEntry['request']): boolean {
  return (
    sameKey(row, request) &&
    row.qcPassed === request.qcPassed &&
    row.release === request.release &&
    (row.comment || null) === (request.comment || null) &&
    row.username === request.username
  );
}

export type ReadBackVerdict = 'saved' | 'superseded' | 'missing';

/**
 * What Nabu's current row for this case, step, type and deliverable (newest wins) means for the entry:
 * - `saved`: it is this entry's row (it matches and was created after the entry);
 * - `superseded`: someone signed this off differently after the entry was made, and resending would
 *   overwrite that newer decision;
 * - `missing`: send it.
 */
export function readBackVerdict(
  entry: Pick<OutboxEntry, 'createdAt' | 'request'>,
  row: NabuSignoff | undefined,
): ReadBackVerdict {
  if (!row) return 'missing';
  const created = Date.parse(row.created);
  const entryTime = Date.parse(entry.createdAt);
  if (rowMatches(row, entry.request)) return created >= entryTime - CLOCK_SKEW_MS ? 'saved' : 'missing';
  return created > entryTime + CLOCK_SKEW_MS ? 'superseded' : 'missing';
}

export interface FailureOutcome {
  state: 'retrying' | 'blocked';
  message: string;
}

/** 401 and 400 wait for the user; anything that may pass by itself is retried. */
export function failureOutcome(failure: Failure): FailureOutcome {
  switch (failure.kind) {
    case 'unauthorized':
      return {
        state: 'blocked',
        message: 'Nabu refused the API key: fix the Nabu API key in Bao’s options, then press Retry.',
      };
    case 'http':
      if (failure.status === 400) {
        return {
          state: 'blocked',
          message: `Nabu rejected this sign-off: ${cleanNabuError(failure.detail ?? 'no reason given')}`,
        };
      }
      return { state: 'blocked', message: `${describeFailure(failure)} Check the Nabu address in Bao’s options.` };
    case 'internal':
      return { state: 'blocked', message: describeFailure(failure) };
    default:
      return { state: 'retrying', message: `${describeFailure(failure)} Bao will try again.` };
  }
}

export interface AttemptOptions {
  now?: () => number;
  random?: () => number;
  /** Called with the entry marked `sending` before anything goes over the network (persist it). */
  beforeSend?: (entry: OutboxEntry) => Promise<void>;
}

export interface AttemptResult {
  entry: OutboxEntry;
  /** Rows Nabu confirmed during the attempt (for the cache), including newer ones that superseded. */
  rows: NabuSignoff[];
  /** Every case is saved or superseded: the entry can leave the outbox. */
  done: boolean;
}

const pendingIds = (entry: OutboxEntry) => entry.cases.filter((c) => c.state === 'pending').map((c) => c.caseId);

export async function attemptEntry(
  entry: OutboxEntry,
  client: NabuClient,
  options: AttemptOptions = {},
): Promise<AttemptResult> {
  const now = options.now ?? Date.now;
  const isRetry = entry.attempts > 0;
  let current: OutboxEntry = {
    ...entry,
    cases: entry.cases.map((c) => ({ ...c })),
    attempts: entry.attempts + 1,
    state: 'sending',
    lastAttemptAt: new Date(now()).toISOString(),
    nextAttemptAt: null,
  };
  const rows: NabuSignoff[] = [];
  const mark = (caseId: string, state: 'saved' | 'superseded', row: NabuSignoff) => {
    const item = current.cases.find((c) => c.caseId === caseId);
    if (!item || item.state !== 'pending') return;
    item.state = state;
    item.rowId = row.id;
    item.created = row.created;
    rows.push(row);
  };
  // Persisted before any request: a worker stopped mid-request leaves an entry that is read back first.
  await options.beforeSend?.(current);
  try {
    // Cases whose read-back failed stay unknown: they are neither sent nor given up this time,
    // while the ones read back as missing are sent, so a flaky Nabu still makes progress.
    let readBackError: unknown;
    const toSend: string[] = isRetry ? [] : pendingIds(current);
    if (isRetry) {
      await forEachLimited(pendingIds(current), READ_BACK_CONCURRENCY, async (caseId) => {
        try {
          const held = (await client.signoffsFor(caseId)).filter(
            (r) => r.caseIdentifier === caseId && sameKey(r, current.request),
          );
          const newest = held.reduce<NabuSignoff | undefined>(
            (found, row) => (found ? newer(found, row) : row),
            undefined,
          );
          const verdict = readBackVerdict(current, newest);
          if (verdict === 'missing' || !newest) toSend.push(caseId);
          else mark(caseId, verdict, newest);
        } catch (error) {
          readBackError ??= error;
        }
      });
    }
    if (toSend.length > 0) {
      const created = await client.bulkSignoff({ ...current.request, caseIdentifiers: toSend });
      for (const row of created) {
        if (toSend.includes(row.caseIdentifier) && rowMatches(row, current.request))
          mark(row.caseIdentifier, 'saved', row);
      }
      const unconfirmed = toSend.filter((id) => pendingIds(current).includes(id));
      if (unconfirmed.length > 0) {
        throw new FetchError({
          kind: 'invalid',
          system: 'Nabu',
          url: '/case/sign-off',
          issues: [`no matching row came back for ${unconfirmed.join(', ')}`],
        });
      }
    }
    if (readBackError !== undefined) throw readBackError;
    current = { ...current, state: 'queued', lastFailure: null, message: null };
    return { entry: current, rows, done: true };
  } catch (error) {
    const failure = internalFailure(error, 'case sign-off outbox');
    const outcome = failureOutcome(failure);
    const delay = backoffDelayMs(current.attempts, options.random, failure.retryAfterMs);
    current = {
      ...current,
      state: outcome.state,
      lastFailure: failure,
      message: outcome.message,
      nextAttemptAt: outcome.state === 'retrying' ? new Date(now() + delay).toISOString() : null,
    };
    return { entry: current, rows, done: false };
  }
}
