import { browser } from 'wxt/browser';
import { createJiraClient } from '../jira/client';
import { keeperSetup } from '../keeper/from-settings';
import { indexSource } from '../keeper/index-source';
import type { KeeperStatus } from '../keeper/records';
import { idbKeeperStore } from '../keeper/state';
import { KEEPER, syncTickets } from '../keeper/sync';
import { internalFailure } from '../net/failure';
import { PollLock } from '../poll-lock';
import { loadSecrets, loadSettings, watchSettings, type Settings } from '../storage';

// Product.md point 4: the ticket keeper in the background, when the options turn it on. It syncs
// after each new Cardea document (the pipeline's commit), once at startup when a worker stopped in
// the middle of a sync, and when its settings change; one sync at a time. A sync that fails is tried
// again on an alarm (after Jira's Retry-After when it sent one), never sooner because a worker starts.
// Its run records feed the badge ("Won't Do" runs are off it), so each sync ends with `onSynced`.

export const KEEPER_RETRY_ALARM = 'bao-keeper-retry';
const KEEP_ALIVE_MS = 20_000;

export type KeeperTrigger = 'committed' | 'startup' | 'settings' | 'retry';

export interface KeeperRunner {
  /** Runs a sync (or joins the one queued behind the running one). */
  sync(trigger: KeeperTrigger): Promise<void>;
  ready: Promise<void>;
  stop(): void;
}

export interface KeeperHooks {
  /** Called after each sync that ran (ok or failed): the tickets it recorded may change the badge. */
  onSynced?: () => void;
}

/** Rate limits say when; anything else (Jira down, a bad token) is tried again in a few minutes. */
function retryMinutes(status: KeeperStatus): number {
  const after = status.failure?.kind === 'rate-limited' ? (status.failure.retryAfterMs ?? 60_000) : 5 * 60_000;
  return Math.max(0.5, after / 60_000);
}

const scheduleRetry = (status: KeeperStatus) =>
  browser.alarms.create(KEEPER_RETRY_ALARM, { delayInMinutes: retryMinutes(status) });

const keeperFingerprint = (s: Settings) =>
  JSON.stringify([
    s.keeperEnabled,
    s.jiraUrl,
    s.jiraFlavour,
    s.jiraProject,
    s.jiraLabel,
    s.jiraSummarySuffix,
    s.misoUrl,
  ]);

export function startKeeper(hooks: KeeperHooks = {}): KeeperRunner {
  const lock = new PollLock();
  let fingerprint: string | undefined;

  /** One sync; false when there was nothing to do (the keeper is off or misses a setting, or nothing is indexed). */
  const runSync = async (trigger: KeeperTrigger): Promise<boolean> => {
    let documentTimestamp: string | null = null;
    let status: KeeperStatus;
    // An MV3 worker stops after 30 s without an extension call; a sync waiting out a rate limit makes one.
    let keepAlive: ReturnType<typeof setInterval> | undefined;
    try {
      const [{ settings }, secrets] = await Promise.all([loadSettings(), loadSecrets()]);
      // With a Bao server the server's keeper keeps the tickets; two keepers would comment twice.
      if (settings.baoServerUrl) return false;
      const setup = keeperSetup(settings, secrets);
      if (!setup.ok) return false;
      const source = await indexSource();
      if (!source) return false;
      documentTimestamp = source.documentTimestamp;
      keepAlive = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), KEEP_ALIVE_MS);
      console.info(`Bao keeper: sync (${trigger}) for Cardea data of ${documentTimestamp ?? 'unknown time'}`);
      status = await syncTickets({
        client: createJiraClient(setup.client),
        source,
        store: idbKeeperStore,
        rules: setup.rules,
        log: (line) => console.debug(`Bao keeper: ${line}`),
      });
    } catch (error) {
      // The store itself failed (or a bug): say so where the popup looks, and try again later.
      console.error('Bao keeper: the sync could not run', error);
      const now = new Date().toISOString();
      const failure = internalFailure(error, KEEPER);
      status = { state: 'failed', startedAt: now, finishedAt: now, documentTimestamp, failure, counts: {} };
      await idbKeeperStore.putStatus(status).catch(() => undefined);
    } finally {
      clearInterval(keepAlive);
    }
    await (status.state === 'failed' ? scheduleRetry(status) : browser.alarms.clear(KEEPER_RETRY_ALARM)).catch(
      (error: unknown) => console.error('Bao keeper: could not set the retry alarm', error),
    );
    return true;
  };

  const sync = (trigger: KeeperTrigger) =>
    lock.run(async () => {
      if (!(await runSync(trigger))) return;
      try {
        hooks.onSynced?.();
      } catch (error) {
        console.error('Bao keeper: after the sync', error);
      }
    });

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
    // "running" at startup means a worker stopped mid-sync: finish it. A failed one is the retry
    // alarm's (it honours Jira's Retry-After); should the browser have dropped that alarm, set it again.
    if (last?.state === 'running') await sync('startup');
    else if (last?.state === 'failed' && !(await browser.alarms.get(KEEPER_RETRY_ALARM))) await scheduleRetry(last);
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
