import { browser } from 'wxt/browser';
import { ingestDimsum, type IngestProgress } from '../../lib/cardea/ingest';
import { CardeaTimestamp } from '../../lib/cardea/schema';
import { deleteStaleGenerations, getCurrentIndex, openIndexWriter } from '../../lib/db';
import type { PipelineStatus } from '../../lib/messages/protocol';
import { FetchError } from '../../lib/net/failure';
import { fetchJson, request } from '../../lib/net/fetch-json';
import { loadSettings, watchSettings } from '../../lib/settings';
import { computeBadge, showBadge } from './badge';
import { PollLock } from './poll-lock';
import { StatusStore, pollFailure } from './pipeline-status';

// Data flow point 1 (product.md): poll Cardea's `/timestamp` on an alarm; when it moves, stream
// `/dimsum` into a new IndexedDB generation and switch to it; keep serving the last good one when
// anything fails, and say so on the badge.

export const POLL_ALARM = 'bao-poll';
const TIMESTAMP_TIMEOUT_MS = 30_000;
const DOCUMENT_TIMEOUT_MS = 10 * 60_000;
const PROGRESS_TICK_MS = 1000;

export type PollTrigger = 'alarm' | 'manual' | 'startup' | 'settings';

export interface Pipeline {
  /** Runs a poll (or joins the one queued behind the running one) and resolves when it is done. */
  poll(trigger: PollTrigger): Promise<PipelineStatus>;
  status(): Promise<PipelineStatus>;
  refreshBadge(): Promise<void>;
  /** Settles once startup (clean-up, alarm, badge, first poll if due) is over. */
  ready: Promise<void>;
  stop(): void;
}

export interface PipelineHooks {
  /** Called after a new Cardea document is committed: "Jira sync runs only when Cardea publishes new data". */
  onIndexCommitted?: (() => void)[];
}

export function startPipeline(hooks: PipelineHooks = {}): Pipeline {
  const store = new StatusStore();
  const lock = new PollLock();
  const controller = new AbortController();
  let knownCardeaUrl: string | undefined;

  const status = async (): Promise<PipelineStatus> => {
    const [{ settings }, current] = await Promise.all([loadSettings(), store.get()]);
    if (!settings.cardeaUrl) return { ...current, state: 'unconfigured', cardeaUrl: '' };
    return { ...current, state: current.state === 'unconfigured' ? 'idle' : current.state, cardeaUrl: settings.cardeaUrl };
  };

  const refreshBadge = async () => {
    const current = await status();
    await showBadge(await computeBadge(current, current.state !== 'unconfigured'));
  };

  const pollOnce = async (trigger: PollTrigger) => {
    try {
      if (await checkAndIngest(store, trigger, controller.signal)) hooks.onIndexCommitted?.forEach((listener) => listener());
    } finally {
      await refreshBadge().catch((error: unknown) => console.error('Bao: could not update the badge', error));
    }
  };

  const poll = async (trigger: PollTrigger) => {
    await lock.run(() => pollOnce(trigger));
    return status();
  };

  const ensureAlarm = async () => {
    const { settings } = await loadSettings();
    const periodInMinutes = settings.pollSeconds / 60;
    const existing = await browser.alarms.get(POLL_ALARM);
    if (!settings.cardeaUrl) {
      if (existing) await browser.alarms.clear(POLL_ALARM);
      return;
    }
    // Re-creating an alarm restarts its period, so only do it when the period changed.
    if (existing?.periodInMinutes !== periodInMinutes) {
      await browser.alarms.create(POLL_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
    }
  };

  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === POLL_ALARM) void poll('alarm');
  };

  const onSettingsChanged = () => {
    void (async () => {
      await ensureAlarm();
      const { settings } = await loadSettings();
      const changed = settings.cardeaUrl !== knownCardeaUrl;
      knownCardeaUrl = settings.cardeaUrl;
      if (changed) await poll('settings');
      else await refreshBadge();
    })().catch((error: unknown) => console.error('Bao: could not apply the new settings', error));
  };

  // Listeners first and synchronously: an MV3 worker woken by an alarm must have its listener in place.
  browser.alarms.onAlarm.addListener(onAlarm);
  const unwatch = watchSettings(onSettingsChanged);

  const ready = (async () => {
    await lock.run(async () => {
      await deleteStaleGenerations();
      await store.recover();
    });
    const { settings } = await loadSettings();
    knownCardeaUrl = settings.cardeaUrl;
    await ensureAlarm();
    await refreshBadge();
    if (await pollDue(store, settings.cardeaUrl, settings.pollSeconds)) await poll('startup');
  })().catch((error: unknown) => console.error('Bao: the data pipeline could not start', error));

  return {
    poll,
    status,
    refreshBadge,
    ready,
    stop: () => {
      controller.abort();
      browser.alarms.onAlarm.removeListener(onAlarm);
      unwatch();
    },
  };
}

/** A worker wakes for many reasons; it polls at startup only when the last check is older than the period. */
async function pollDue(store: StatusStore, cardeaUrl: string, pollSeconds: number): Promise<boolean> {
  if (!cardeaUrl) return false;
  const [current, index] = await Promise.all([store.get(), getCurrentIndex()]);
  if (!index || index.source !== cardeaUrl) return true;
  const last = current.lastCheckAt ? Date.parse(current.lastCheckAt) : Number.NaN;
  return Number.isNaN(last) || Date.now() - last >= pollSeconds * 1000;
}

function rateLimited(status: PipelineStatus, now: number): boolean {
  const { failure, lastCheckAt } = status;
  if (failure?.kind !== 'rate-limited' || failure.retryAfterMs === undefined || !lastCheckAt) return false;
  return now < Date.parse(lastCheckAt) + failure.retryAfterMs;
}

/** One poll: check `/timestamp`; download and index `/dimsum` only when it moved (or nothing is indexed). True when it did. */
async function checkAndIngest(store: StatusStore, trigger: PollTrigger, signal: AbortSignal): Promise<boolean> {
  const { settings } = await loadSettings();
  const base = settings.cardeaUrl;
  if (!base) {
    await store.update({ state: 'unconfigured', cardeaUrl: '', progress: null, failure: null });
    return false;
  }
  const started = Date.now();
  if (trigger === 'alarm' && rateLimited(await store.get(), started)) return false;
  await store.update({ state: 'checking', lastCheckAt: new Date(started).toISOString(), cardeaUrl: base, progress: null });

  let progress: NonNullable<PipelineStatus['progress']> | null = null;
  let ticker: ReturnType<typeof setInterval> | undefined;
  try {
    const timestamp = await fetchJson(`${base}/timestamp`, CardeaTimestamp, {
      system: 'Cardea',
      timeoutMs: TIMESTAMP_TIMEOUT_MS,
      signal,
    });
    const index = await getCurrentIndex();
    // Before its first load Cardea answers null: there is nothing (newer) to fetch.
    if (timestamp === null || (index?.source === base && index.document.timestamp === timestamp)) {
      await store.update({ state: 'idle', failure: null });
      return false;
    }

    await store.update({ state: 'downloading', progress: { bytes: 0, cases: 0, totalBytes: null } });
    const writer = await openIndexWriter(base);
    const url = `${base}/dimsum`;
    const response = await request(url, {
      system: 'Cardea',
      timeoutMs: DOCUMENT_TIMEOUT_MS,
      signal,
      headers: { Accept: 'application/json' },
    });
    if (!response.body) {
      throw new FetchError({ kind: 'malformed', system: 'Cardea', url, detail: 'the response had no body' });
    }
    const length = Number(response.headers.get('Content-Length'));
    const totalBytes = !response.headers.get('Content-Encoding') && length > 0 ? length : null;
    progress = { bytes: 0, cases: 0, totalBytes };
    let phase: IngestProgress['phase'] = 'streaming';

    // An MV3 worker is stopped after 30 s without an extension API call; a long ingest makes one a second.
    ticker = setInterval(() => {
      const snapshot = progress;
      void Promise.all([
        store.update({ state: phase === 'streaming' ? 'downloading' : 'indexing', progress: snapshot }),
        browser.storage.session.set({ pipelineProgress: snapshot }),
      ]).catch(() => undefined);
    }, PROGRESS_TICK_MS);

    const summary = await ingestDimsum(response.body, writer, {
      url,
      timestamp,
      signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        phase = p.phase;
        progress = { bytes: p.bytes, cases: p.cases, totalBytes };
      },
      // The ticket keeper will answer this from Jira; until then no run has an open ticket.
      hasOpenTicket: () => false,
    });
    clearInterval(ticker);
    await store.update({
      state: 'idle',
      lastUpdateAt: new Date().toISOString(),
      documentTimestamp: summary.timestamp,
      documentBytes: summary.bytes,
      durationMs: Date.now() - started,
      progress: null,
      failure: null,
      index: {
        cases: summary.cases,
        runs: summary.runs,
        runLibraries: summary.runLibraries,
        notifications: summary.notifications,
        runsRequiringAction: summary.runsRequiringAction,
      },
    });
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    await store.update({ state: 'error', failure: pollFailure(error), progress: null });
    return false;
  } finally {
    clearInterval(ticker);
  }
}
