import { browser } from 'wxt/browser';
import { dataSource, serverMode } from '../bao-server/mode';
import { ingestDimsum, type IngestOptions, type IngestProgress } from '../cardea/ingest';
import type { DocumentSummary, IndexWriter } from '../cardea/records';
import { readCardeaTimestamp } from '../cardea/timestamp';
import { deleteStaleGenerations, getCurrentIndex, openIndexWriter } from '../db';
import { keeperTicketsByRun } from '../keeper/state';
import type { PipelineStatus } from '../messages/protocol';
import { FetchError, internalFailure } from '../net/failure';
import { request } from '../net/fetch-json';
import { PollLock } from '../poll-lock';
import { loadSettings, saveIngestProgress, watchSettings } from '../storage';
import { computeBadge, showBadge } from './badge';
import { LOCAL_DATABASE, StatusStore } from './pipeline-status';
import { checkServer } from './server-mode';

// Data flow point 1 (docs/architecture.md#cardea-into-indexeddb): poll Cardea's `/timestamp` on an alarm;
// when it moves, stream `/dimsum` into a new IndexedDB generation and switch to it; keep serving the last
// good one when anything fails, and say so on the badge.
//
// The badge reads every notification, ticket record and case record, so it is recomputed only when
// something it shows may have changed: a committed document, a failure that came or went (or a URL
// set or cleared), a keeper sync, an outbox change. Chrome keeps the badge while the worker sleeps,
// so a worker start alone does not recompute it; the browser's start and Bao's install or update do.

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
  /** Settles once startup (clean-up, alarm, first poll if due) is over. */
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
    if (!dataSource(settings)) return { ...current, state: 'unconfigured', cardeaUrl: '' };
    // In server mode the Cardea is the server's, as its last `index.json` named it.
    const cardeaUrl = serverMode(settings) ? current.cardeaUrl : settings.cardeaUrl;
    return { ...current, state: current.state === 'unconfigured' ? 'idle' : current.state, cardeaUrl };
  };

  const refreshBadge = async () => {
    const current = await status();
    await showBadge(await computeBadge(current, current.state !== 'unconfigured'));
  };

  const pollOnce = async (trigger: PollTrigger) => {
    const before = badgeInputs(await store.get());
    let committed = false;
    try {
      committed = await checkAndIngest(store, trigger, controller.signal);
      if (committed) hooks.onIndexCommitted?.forEach((listener) => listener());
    } finally {
      // An idle poll (nothing new, and failing or not as before) leaves the badge as it is.
      if (committed || badgeInputs(await store.get()) !== before) {
        await refreshBadge().catch((error: unknown) => console.error('Bao: could not update the badge', error));
      }
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
    if (!dataSource(settings)) {
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
      const changed = dataSource(settings) !== knownCardeaUrl;
      knownCardeaUrl = dataSource(settings);
      if (changed) await poll('settings');
    })().catch((error: unknown) => console.error('Bao: could not apply the new settings', error));
  };

  const onBrowserStart = () => {
    void ready.then(refreshBadge).catch((error: unknown) => console.error('Bao: could not update the badge', error));
  };

  // Listeners first and synchronously: an MV3 worker woken by an alarm must have its listener in place.
  browser.alarms.onAlarm.addListener(onAlarm);
  browser.runtime.onStartup.addListener(onBrowserStart);
  browser.runtime.onInstalled.addListener(onBrowserStart);
  const unwatch = watchSettings(onSettingsChanged);

  const ready = (async () => {
    await lock.run(async () => {
      await deleteStaleGenerations();
      await store.recover();
    });
    const { settings } = await loadSettings();
    knownCardeaUrl = dataSource(settings);
    await ensureAlarm();
    if (await pollDue(store, dataSource(settings), settings.pollSeconds)) await poll('startup');
  })().catch((error: unknown) => console.error('Bao: the data pipeline could not start', error));

  return {
    poll,
    status,
    refreshBadge,
    ready,
    stop: () => {
      controller.abort();
      browser.alarms.onAlarm.removeListener(onAlarm);
      browser.runtime.onStartup.removeListener(onBrowserStart);
      browser.runtime.onInstalled.removeListener(onBrowserStart);
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

/** What the badge shows of the status: whether Cardea is set, and the failure (its text names the system). */
const badgeInputs = (status: PipelineStatus) => JSON.stringify([status.state === 'unconfigured', status.failure]);

/** This Cardea asked Bao to wait (429 with Retry-After) and the wait is not over. */
function rateLimited(status: PipelineStatus, cardeaUrl: string, now: number): boolean {
  const { failure, lastCheckAt } = status;
  if (failure?.kind !== 'rate-limited' || failure.retryAfterMs === undefined || !lastCheckAt) return false;
  return status.cardeaUrl === cardeaUrl && now < Date.parse(lastCheckAt) + failure.retryAfterMs;
}

/** Runs with an open ticket as the keeper last recorded them: their notifications follow docs/notifications-and-tickets.md#desired-ticket-state's other rule. */
async function openTickets(): Promise<(runName: string) => boolean> {
  // This browser's keeper, even while the index still holds a Bao server's snapshot (its tickets are the server's).
  const tickets = await keeperTicketsByRun();
  return (runName) => tickets.get(runName)?.issueState === 'OPEN';
}

/** One poll: check `/timestamp`; download and index `/dimsum` only when it moved (or nothing is indexed). True when it did. */
async function checkAndIngest(store: StatusStore, trigger: PollTrigger, signal: AbortSignal): Promise<boolean> {
  const { settings } = await loadSettings();
  // Server mode: the lab's Bao server read Cardea's document; this browser reads its snapshot instead.
  if (serverMode(settings)) return checkServer(store, settings.baoServerUrl, signal);
  const base = settings.cardeaUrl;
  if (!base) {
    await store.update({ state: 'unconfigured', cardeaUrl: '', progress: null, failure: null });
    return false;
  }
  const started = Date.now();
  // Only a user's "Refresh now" may ask before Cardea's Retry-After is over.
  if (trigger !== 'manual' && rateLimited(await store.get(), base, started)) return false;
  await store.update({
    state: 'checking',
    lastCheckAt: new Date(started).toISOString(),
    cardeaUrl: base,
    progress: null,
  });

  try {
    const timestamp = await readCardeaTimestamp(base, { timeoutMs: TIMESTAMP_TIMEOUT_MS, signal });
    const index = await getCurrentIndex();
    // Before its first load (after every restart) Cardea has no time to give: there is nothing (newer) to fetch.
    if (timestamp === null || (index?.source === base && index.document.timestamp === timestamp)) {
      await store.update({ state: 'idle', failure: null, cardeaLoading: timestamp === null });
      return false;
    }

    await store.update({
      state: 'downloading',
      progress: { bytes: 0, cases: 0, totalBytes: null },
      cardeaLoading: false,
    });
    const hasOpenTicket = await openTickets();
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
    const summary = await ingestWithProgress(store, response.body, writer, totalBytes, {
      url,
      timestamp,
      signal,
      // docs/notifications-and-tickets.md#desired-ticket-state: with an open ticket a run keeps its notification (PAUSED) while only analysis is left.
      hasOpenTicket,
    });
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
    await store.update({ state: 'error', failure: internalFailure(error, LOCAL_DATABASE), progress: null });
    return false;
  }
}

/** `ingestDimsum`, with its progress in the status (and `storage.session`) once a second until it is over. */
async function ingestWithProgress(
  store: StatusStore,
  body: ReadableStream<Uint8Array>,
  writer: IndexWriter,
  totalBytes: number | null,
  options: Pick<IngestOptions, 'url' | 'timestamp' | 'signal' | 'hasOpenTicket'>,
): Promise<DocumentSummary> {
  let progress: NonNullable<PipelineStatus['progress']> = { bytes: 0, cases: 0, totalBytes };
  let phase: IngestProgress['phase'] = 'streaming';
  // The `storage.session` write is also the worker's keep-alive: an MV3 worker is stopped after 30 s without an
  // extension API call, and an ingest can take minutes. Keep it.
  const ticker = setInterval(() => {
    const snapshot = progress;
    void Promise.all([
      store.update({ state: phase === 'streaming' ? 'downloading' : 'indexing', progress: snapshot }),
      saveIngestProgress(snapshot),
    ]).catch(() => undefined);
  }, PROGRESS_TICK_MS);
  try {
    return await ingestDimsum(body, writer, {
      ...options,
      progressIntervalMs: 0,
      onProgress: (p) => {
        phase = p.phase;
        progress = { bytes: p.bytes, cases: p.cases, totalBytes };
      },
    });
  } finally {
    // Before the caller writes the final status, so no late tick can overwrite it.
    clearInterval(ticker);
  }
}
