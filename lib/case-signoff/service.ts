import { getCurrentIndex } from '../db';
import { createNabuClient, type NabuClient } from '../nabu/client';
import type { NabuSignoff } from '../nabu/schema';
import { internalFailure, type Failure } from '../net/failure';
import { PollLock } from '../poll-lock';
import { readCaseRecords } from './case-index';
import { isFresh, mergeCache } from './nabu-cache';
import {
  deleteOutboxEntry,
  entriesFor,
  earlierEntryFor,
  findReceipt,
  getOutboxEntry,
  listOutbox,
  pruneReceipts,
  saveSubmission,
  loadNabuCache,
  saveNabuCache,
  saveOutboxEntry,
  type NabuCache,
} from './outbox';
import { planSignoff, type LeftOut } from './plan';
import { listItems, queryCases } from './query';
import type {
  CasesPage,
  CasesQuery,
  CompletedEntry,
  OutboxEntry,
  OutboxView,
  SignoffDraft,
  SubmitResult,
} from './schemas';
import { attemptEntry } from './send';

// Case sign-offs in the background: the outbox runner (one attempt at a time, due entries oldest
// first, woken by an alarm for retries), the submit/retry/discard actions, and the case list with
// Nabu's confirmed rows laid over Cardea's data. Everything the browser provides is injected, so the
// tests drive it against the sandbox Nabu directly.

export interface NabuConfig {
  nabuUrl: string;
  apiKey: string;
  displayName: string;
}

export interface ServiceDeps {
  config: () => Promise<NabuConfig>;
  client?: (config: NabuConfig) => NabuClient;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
  /** Wake the runner at this time (an alarm), or never (null). */
  wakeAt: (time: number | null) => Promise<void>;
  /** Something the badge shows may have changed. */
  onChange?: () => void;
}

export interface CaseSignoffService {
  submit(draft: SignoffDraft): Promise<SubmitResult>;
  view(): Promise<OutboxView>;
  retry(ids?: string[]): Promise<OutboxView>;
  discard(ids: string[]): Promise<OutboxView>;
  cases(query: CasesQuery): Promise<CasesPage>;
  /** Reads Nabu's current rows into the cache; best effort (the failure is kept for the popup). */
  refreshNabu(): Promise<void>;
  /** Attempts every due entry; resolves when they are done (joins a run already going). */
  flush(): Promise<void>;
}

const REFRESH_WAIT_MS = 4000;
const RECENT_KEEP_MS = 30 * 60_000;
const RECENT_MAX = 200;
const WAITS_FOR_EARLIER = 'Waits for an earlier sign-off of the same case to reach Nabu first.';
const UNKNOWN_CASE = 'is not in Cardea’s data, so Bao does not send it (Nabu would accept any id)';

function isDue(entry: OutboxEntry, now: number): boolean {
  if (entry.state === 'queued' || entry.state === 'sending') return true;
  if (entry.state === 'retrying') return entry.nextAttemptAt === null || Date.parse(entry.nextAttemptAt) <= now;
  return false;
}

export function createCaseSignoffService(deps: ServiceDeps): CaseSignoffService {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const makeClient = deps.client ?? ((c: NabuConfig) => createNabuClient({ baseUrl: c.nabuUrl, apiKey: c.apiKey }));
  const discarded = new Set<string>();
  let recent: CompletedEntry[] = [];
  let refreshedAt: string | null = null;
  let refreshFailure: Failure | null = null;
  const changed = () => deps.onChange?.();

  // ---- the cache of confirmed Nabu rows (writes one after another) ----
  let cacheChain: Promise<unknown> = Promise.resolve();
  const documentTimestamp = async () => (await getCurrentIndex())?.document.timestamp ?? null;
  /** Merges rows into the cache; `mergeCache` drops those Cardea has caught up with. */
  const updateCache = (incoming: NabuSignoff[], refreshed: boolean): Promise<void> => {
    const next = cacheChain.then(async () => {
      const [cached, timestamp] = await Promise.all([loadNabuCache(), documentTimestamp()]);
      const cache: NabuCache = {
        refreshedAt: refreshed ? new Date(now()).toISOString() : cached.refreshedAt,
        rows: mergeCache(cached.rows, incoming, timestamp),
      };
      await saveNabuCache(cache);
    });
    cacheChain = next.catch(() => undefined);
    return next;
  };

  const refreshLock = new PollLock();
  const refreshOnce = () =>
    refreshLock.run(async () => {
      const config = await deps.config();
      if (!config.nabuUrl || !config.apiKey) return;
      try {
        await updateCache(await makeClient(config).allSignoffs(), true);
        refreshedAt = new Date(now()).toISOString();
        refreshFailure = null;
        changed();
      } catch (error) {
        refreshFailure = internalFailure(error, 'cache of Nabu sign-offs');
      }
    });

  // ---- the outbox runner ----
  // Read-modify-writes of entries run one at a time, so a Retry pressed just as an attempt finishes
  // cannot write back an entry the runner has just removed (the network part runs outside this).
  let storeChain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = storeChain.then(task);
    storeChain = run.catch(() => undefined);
    return run;
  };
  const blockedBy = (message: string, entry: OutboxEntry): OutboxEntry => ({
    ...entry,
    state: 'blocked',
    message,
    nextAttemptAt: null,
  });

  const complete = async (entry: OutboxEntry) => {
    await deleteOutboxEntry(entry.id);
    const cutoff = now() - RECENT_KEEP_MS;
    recent = [
      ...recent.filter((r) => Date.parse(r.completedAt) >= cutoff),
      {
        id: entry.id,
        submissionId: entry.submissionId,
        summary: entry.summary,
        deliverable: entry.request.signoffStepName === 'RELEASE' ? entry.request.deliverable : null,
        cases: entry.cases.map(({ caseId, state }) => ({ caseId, state })),
        completedAt: new Date(now()).toISOString(),
      },
    ].slice(-RECENT_MAX);
  };

  /** Marks an entry as waiting for an older one of the same case (docs/case-signoffs.md#outbox-order). */
  const holdBack = (entry: OutboxEntry) =>
    exclusive(async () => {
      const current = await getOutboxEntry(entry.id);
      if (!current || discarded.has(entry.id) || current.message === WAITS_FOR_EARLIER) return;
      await saveOutboxEntry({ ...current, state: 'retrying', nextAttemptAt: null, message: WAITS_FOR_EARLIER });
    });

  const runDue = async () => {
    let saved = false;
    const outbox = await listOutbox();
    // An older entry in backoff that a due, newer one waits for is tried now: the newer one cannot go first, and a
    // new sign-off of the same case means the user is at work and wants both through.
    const due = new Set(outbox.filter((e) => isDue(e, now())).map((e) => e.id));
    for (const later of outbox.filter((e) => due.has(e.id))) {
      const earlier = earlierEntryFor(later, outbox);
      if (earlier?.state === 'retrying') due.add(earlier.id);
    }
    for (const listed of outbox) {
      if (!due.has(listed.id) || discarded.has(listed.id)) continue;
      // Re-read: a retry or discard may have changed it while earlier entries were sent.
      const entry = await getOutboxEntry(listed.id);
      if (!entry || (entry.state !== 'retrying' && !isDue(entry, now()))) continue;
      if (earlierEntryFor(entry, await listOutbox())) {
        await holdBack(entry);
        continue;
      }
      const config = await deps.config();
      if (!config.nabuUrl) {
        await exclusive(() =>
          saveOutboxEntry(blockedBy('Set the Nabu address in Bao’s options, then press Retry.', entry)),
        );
        continue;
      }
      if (!config.apiKey) {
        await exclusive(() =>
          saveOutboxEntry(blockedBy('Add the Nabu API key in Bao’s options, then press Retry.', entry)),
        );
        continue;
      }
      const result = await attemptEntry(entry, makeClient(config), {
        now,
        random: deps.random,
        beforeSend: (sending) =>
          exclusive(async () => {
            if (!discarded.has(sending.id)) await saveOutboxEntry(sending);
          }),
      });
      if (result.rows.length > 0) {
        saved = true;
        await updateCache(result.rows, false).catch((error: unknown) =>
          console.error('Bao: could not cache Nabu rows', error),
        );
      }
      await exclusive(async () => {
        if (discarded.has(entry.id)) return;
        if (result.done) await complete(result.entry);
        else await saveOutboxEntry(result.entry);
      });
    }
    const waiting = (await listOutbox()).filter((e) => e.state === 'retrying' && e.nextAttemptAt !== null);
    const next = waiting.length > 0 ? Math.min(...waiting.map((e) => Date.parse(e.nextAttemptAt!))) : null;
    await deps.wakeAt(next);
    if (saved) {
      changed();
      refreshWanted = true;
    }
  };
  const runLock = new PollLock();
  // After a send, Nabu's full list is read again (outside the runner, so new entries need not wait).
  let refreshWanted = false;
  let refreshAfterRun: Promise<void> = Promise.resolve();
  const flush = async () => {
    await runLock.run(runDue);
    if (refreshWanted) {
      refreshWanted = false;
      refreshAfterRun = refreshOnce();
    }
    await refreshAfterRun;
  };

  const view = async (): Promise<OutboxView> => ({ entries: await listOutbox(), recent });

  return {
    async submit(draft) {
      const config = await deps.config();
      const { records } = await readCaseRecords();
      const byId = new Map(records.map((r) => [r.id, r]));
      const ids = [...new Set(draft.caseIds)];
      const unknown: LeftOut[] = ids
        .filter((id) => !byId.has(id))
        .map((caseId) => ({ caseId, deliverable: null, reason: UNKNOWN_CASE }));
      const known = ids.flatMap((id) => byId.get(id) ?? []);
      const plan = planSignoff(
        known,
        {
          step: draft.step,
          deliverableType: draft.deliverableType,
          deliverables: draft.deliverables,
          status: draft.status,
          note: draft.note,
        },
        config.displayName,
      );
      const errors = [...plan.errors];
      if (!config.nabuUrl) errors.push('Set the Nabu address in Bao’s options.');
      if (!config.apiKey) errors.push('Add the Nabu API key in Bao’s options.');
      const base = { leftOut: [...unknown, ...plan.leftOut], warnings: plan.warnings, summary: plan.summary };
      if (errors.length > 0) return { ...base, ids: [], submissionId: null, errors, signoffCount: 0 };
      const written = await exclusive(async (): Promise<SubmitResult> => {
        // The popup sends a press of Submit again when the worker stopped before it answered: answer what was written.
        const earlier = draft.submissionId ? await findReceipt(draft.submissionId) : undefined;
        if (earlier) return earlier;
        const entries = entriesFor(plan, { now: now(), newId, submissionId: draft.submissionId });
        const result: SubmitResult = {
          ...base,
          ids: entries.map((e) => e.id),
          submissionId: entries[0]?.submissionId ?? null,
          errors: [],
          signoffCount: plan.signoffCount,
        };
        await saveSubmission(entries, result, now());
        return result;
      });
      void pruneReceipts(now()).catch((error: unknown) => console.error('Bao: could not prune receipts', error));
      void flush().catch((error: unknown) => console.error('Bao: the outbox could not send', error));
      return written;
    },

    view,

    async retry(ids) {
      await exclusive(async () => {
        for (const entry of await listOutbox()) {
          if ((ids && !ids.includes(entry.id)) || entry.state === 'sending') continue;
          await saveOutboxEntry({ ...entry, state: 'queued', nextAttemptAt: null });
        }
      });
      void flush().catch((error: unknown) => console.error('Bao: the outbox could not send', error));
      return view();
    },

    async discard(ids) {
      for (const id of ids) discarded.add(id);
      await exclusive(async () => {
        for (const id of ids) await deleteOutboxEntry(id);
      });
      changed();
      return view();
    },

    async cases(query) {
      if (query.refreshNabu) {
        await Promise.race([refreshOnce(), new Promise((resolve) => setTimeout(resolve, REFRESH_WAIT_MS))]);
      }
      const [{ index, records }, cache] = await Promise.all([readCaseRecords(), loadNabuCache()]);
      const asOf = index?.document.timestamp ?? null;
      const rows = cache.rows.filter((r) => isFresh(r, asOf));
      return queryCases(listItems(records, rows), query, {
        asOf,
        nabu: { refreshedAt: refreshedAt ?? cache.refreshedAt, failure: refreshFailure },
      });
    },

    refreshNabu: refreshOnce,
    flush,
  };
}

/** The badge's count: cases waiting for a sign-off, with Nabu's fresh rows applied. */
export async function countCasesWaiting(): Promise<number> {
  const [{ index, records }, cache] = await Promise.all([readCaseRecords(), loadNabuCache()]);
  const rows = cache.rows.filter((r) => isFresh(r, index?.document.timestamp ?? null));
  return listItems(records, rows).filter((item) => item.waitingFor.length > 0).length;
}
