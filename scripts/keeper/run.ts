import { ingestDimsum } from '../../lib/cardea/ingest';
import { readCardeaTimestamp } from '../../lib/cardea/timestamp';
import { createJiraClient } from '../../lib/jira/client';
import { abortableSleep } from '../../lib/jira/client-http';
import { MemoryIndex } from '../../lib/keeper/memory-index';
import type { KeeperStatus } from '../../lib/keeper/records';
import { syncTickets } from '../../lib/keeper/sync';
import { describeFailure, FetchError, type Failure } from '../../lib/net/failure';
import { request } from '../../lib/net/fetch-json';
import type { KeeperConfig } from './config';
import { FileKeeperStore } from './file-store';

// The ticket keeper as a server command (docs/architecture.md#ticket-keeper-on-a-server): the same engine and
// sync as the extension's, fed by its own Cardea poll. Like Dimsum, it syncs only when Cardea's `/timestamp`
// moved (or the last sync did not finish), streaming `/dimsum` into memory for that sync.

const DOCUMENT_TIMEOUT_MS = 10 * 60_000;

export type Log = (line: string) => void;

/**
 * A failure as the person running the command can act on it. The extension's wording fits a browser ("log in
 * again"); here Jira refusing the token means the token in the config file, or the variable it names, is wrong.
 */
export function describeForCommand(failure: Failure): string {
  if (failure.kind === 'unauthorized' && failure.system === 'Jira') {
    const status = failure.status ? ` (HTTP ${failure.status})` : '';
    return `Jira refused the token${status}: check jira.token in the config, or the environment variable jira.tokenEnv names.`;
  }
  return describeFailure(failure);
}

export interface CycleResult {
  /** Cardea's timestamp, null before Cardea has data. */
  timestamp: string | null;
  /** The sync's status, when one ran. */
  status?: KeeperStatus;
}

/**
 * One poll: check `/timestamp`; when it moved (or the last sync failed), download, index and sync. `once`: this
 * is the only poll (`--once`), so a failed sync is not retried by this process.
 */
export async function keeperCycle(
  config: KeeperConfig,
  store: FileKeeperStore,
  log: Log,
  signal?: AbortSignal,
  once = false,
): Promise<CycleResult> {
  const timestamp = await readCardeaTimestamp(config.cardeaUrl, { signal });
  if (timestamp === null) {
    log('Cardea has not loaded its data yet (it may have just restarted); nothing to sync');
    return { timestamp };
  }
  const last = await store.getStatus();
  if (store.cardeaTimestamp === timestamp && last?.state === 'ok') {
    log(`Cardea data of ${timestamp} is already synced`);
    return { timestamp };
  }

  const url = `${config.cardeaUrl}/dimsum`;
  const response = await request(url, {
    system: 'Cardea',
    timeoutMs: DOCUMENT_TIMEOUT_MS,
    signal,
    headers: { Accept: 'application/json' },
  });
  if (!response.body)
    throw new FetchError({ kind: 'malformed', system: 'Cardea', url, detail: 'the response had no body' });
  const index = new MemoryIndex();
  const summary = await ingestDimsum(response.body, index, { url, timestamp, signal });
  log(
    `Cardea data of ${summary.timestamp ?? timestamp}: ${summary.runs} runs, ${summary.notifications} ready for a ticket`,
  );

  const status = await syncTickets({
    client: createJiraClient({
      ...config.client,
      signal,
      onRetry: (n) => log(`Jira asked to slow down; retry ${n.attempt} in ${Math.ceil(n.delayMs / 1000)} s`),
    }),
    source: index.source(),
    store,
    rules: config.rules,
    transitions: config.transitions,
    log,
  });
  const counts =
    Object.entries(status.counts)
      .map(([outcome, n]) => `${n} ${outcome}`)
      .join(', ') || 'no runs';
  if (status.state === 'ok') {
    await store.setCardeaTimestamp(timestamp);
    log(`sync done: ${counts}`);
  } else {
    // The data is not marked synced, so the next run of the command (or the next poll) syncs it again.
    const next = once ? 'exiting with 1; run the command again to retry' : 'it runs again on the next poll';
    log(`sync failed: ${status.failure ? describeForCommand(status.failure) : 'unknown'} (${counts}); ${next}`);
  }
  return { timestamp, status };
}

export interface RunOptions {
  once: boolean;
  intervalSeconds?: number;
  log: Log;
  signal?: AbortSignal;
}

/** Polls until stopped (or once); resolves with the exit code: 0 when the last cycle went well. */
export async function runKeeper(config: KeeperConfig, options: RunOptions): Promise<number> {
  const { log, signal } = options;
  const store = await FileKeeperStore.open(config.stateFile);
  const interval = (options.intervalSeconds ?? config.intervalSeconds) * 1000;
  for (;;) {
    let ok: boolean;
    try {
      const result = await keeperCycle(config, store, log, signal, options.once);
      ok = result.status === undefined || result.status.state === 'ok';
    } catch (error) {
      if (signal?.aborted) return 130;
      ok = false;
      const message = error instanceof Error ? error.message : String(error);
      log(error instanceof FetchError ? describeForCommand(error.failure) : `error: ${message}`);
    }
    if (options.once) return ok ? 0 : 1;
    try {
      await abortableSleep(interval, signal);
    } catch {
      return 0;
    }
  }
}
