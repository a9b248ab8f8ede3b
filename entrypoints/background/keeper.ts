import { browser } from 'wxt/browser';
import { createJiraClient } from '../../lib/jira/client';
import { keeperSetup } from '../../lib/keeper/from-settings';
import { indexSource } from '../../lib/keeper/index-source';
import type { KeeperStatus } from '../../lib/keeper/records';
import { idbKeeperStore } from '../../lib/keeper/state';
import { keeperFailure, syncTickets } from '../../lib/keeper/sync';
import { loadSecrets, loadSettings, watchSettings, type Settings } from '../../lib/settings';
import { PollLock } from './poll-lock';

// Product.md point 4: the ticket keeper in the background, when the options turn it on. It syncs
// after each new Cardea document (the pipeline's commit), once at startup when the last sync did
// not finish, and when its settings change; one sync at a time. A sync that fails is tried again
// on an alarm. Its records never touch the badge's data.

export const KEEPER_RETRY_ALARM = 'bao-keeper-retry';
const KEEP_ALIVE_MS = 20_000;

export type KeeperTrigger = 'committed' | 'startup' | 'settings' | 'retry';

export interface KeeperRunner {
  /** Runs a sync (or joins the one queued behind the running one). */
  sync(trigger: KeeperTrigger): Promise<void>;
  ready: Promise<void>;
  stop(): void;
}

/** Rate limits say when; anything else (Jira down, a bad token) is tried again in a few minutes. */
function retryMinutes(status: KeeperStatus): number {
  const after = status.failure?.kind === 'rate-limited' ? (status.failure.retryAfterMs ?? 60_000) : 5 * 60_000;
  return Math.max(0.5, after / 60_000);
}

const keeperFingerprint = (s: Settings) =>
  JSON.stringify([s.keeperEnabled, s.jiraUrl, s.jiraFlavour, s.jiraProject, s.jiraLabel, s.jiraSummarySuffix, s.misoUrl]);

export function startKeeper(): KeeperRunner {
  const lock = new PollLock();
  let fingerprint: string | undefined;

  const syncOnce = async (trigger: KeeperTrigger) => {
    const [{ settings }, secrets] = await Promise.all([loadSettings(), loadSecrets()]);
    const setup = keeperSetup(settings, secrets);
    if (!setup.ok) return;
    const source = await indexSource();
    if (!source) return;
    // An MV3 worker stops after 30 s without an extension call; a sync waiting out a rate limit makes one.
    const keepAlive = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), KEEP_ALIVE_MS);
    try {
      console.info(`Bao keeper: sync (${trigger}) for Cardea data of ${source.documentTimestamp ?? 'unknown time'}`);
      const status = await syncTickets({
        client: createJiraClient(setup.client),
        source,
        store: idbKeeperStore,
        rules: setup.rules,
        log: (line) => console.debug(`Bao keeper: ${line}`),
      });
      if (status.state === 'failed') await browser.alarms.create(KEEPER_RETRY_ALARM, { delayInMinutes: retryMinutes(status) });
      else await browser.alarms.clear(KEEPER_RETRY_ALARM);
    } finally {
      clearInterval(keepAlive);
    }
  };

  const sync = (trigger: KeeperTrigger) =>
    lock.run(() =>
      syncOnce(trigger).catch(async (error: unknown) => {
        // The store itself failed (or a bug): say so where the popup looks, and try again later.
        console.error('Bao keeper: the sync could not run', error);
        const now = new Date().toISOString();
        const failure = keeperFailure(error);
        const failed: KeeperStatus = { state: 'failed', startedAt: now, finishedAt: now, documentTimestamp: null, failure, counts: {} };
        await idbKeeperStore.putStatus(failed).catch(() => undefined);
      }),
    );

  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === KEEPER_RETRY_ALARM) void sync('retry');
  };
  const onSettings = () => {
    void loadSettings().then(({ settings }) => {
      const next = keeperFingerprint(settings);
      const changed = next !== fingerprint;
      fingerprint = next;
      if (changed && settings.keeperEnabled) void sync('settings');
    });
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  const unwatch = watchSettings(onSettings);

  const ready = (async () => {
    fingerprint = keeperFingerprint((await loadSettings()).settings);
    const last = await idbKeeperStore.getStatus();
    // "running" means the worker stopped mid-sync.
    if (last && last.state !== 'ok') await sync('startup');
  })().catch((error: unknown) => console.error('Bao keeper: could not start', error));

  return {
    sync,
    ready,
    stop: () => {
      browser.alarms.onAlarm.removeListener(onAlarm);
      unwatch();
    },
  };
}
