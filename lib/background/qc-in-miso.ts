import { misoBatchUrl } from '../miso/pages';
import { browser } from 'wxt/browser';
import { readRunView } from '../bao-server/run-view';
import { resultOf, type Result } from '../messages/define';
import type { RequestData, Sender } from '../messages';
import type { MisoBatch, ResponseOf } from '../messages/protocol';
import * as store from '../miso/batches';
import type { QcInMisoBatch } from '../miso/qc-in-miso';
import { rebuildQcInMiso } from '../miso/verify-batches';
import type { Failure } from '../net/failure';
import { loadSettings, originPattern, type Settings } from '../storage';

// QC in MISO, background side (docs/architecture.md#qc-in-miso-from-a-miso-tab). The asked batches are planned
// again from the background's own data, and refused when they differ (lib/miso/verify-batches.ts); the rebuilt
// ones are stored first; then one MISO tab per batch opens at `/mainMenu?baoBatch={id}`, and that tab's content
// script submits the form from MISO's own origin, so MISO's session cookie goes along (it has no SameSite
// attribute, which browsers treat as Lax, so a cross-site POST would lose it). The MISO page that shows the
// run-libraries confirms the batch, and only then is it deleted.

type QcMessage =
  | 'openQcInMiso'
  | 'takeMisoBatch'
  | 'misoBatchPosted'
  | 'misoBatchDelivered'
  | 'misoBatchRejected'
  | 'listMisoBatches'
  | 'reopenMisoBatch'
  | 'discardMisoBatch';
type QcHandlers = { [K in QcMessage]: (data: RequestData<K>, sender: Sender) => Promise<ResponseOf<K>> };

const BATCHES = 'QC in MISO batches (IndexedDB)';

/** Why no MISO tab could deliver a batch, before any is opened. */
async function misoProblem(settings: Settings): Promise<Failure | undefined> {
  const problem = (url: string, detail: string): Failure => ({ kind: 'internal', system: 'MISO', url, detail });
  // Not the MISO overlay switch: MISO's content script runs whenever MISO is configured, to deliver batches.
  if (!settings.misoUrl) return problem('MISO address', 'none is set in Bao’s options');
  const pattern = originPattern(settings.misoUrl);
  // If the browser cannot say, try anyway: the batch is kept whatever happens.
  const granted =
    pattern !== undefined && (await browser.permissions.contains({ origins: [pattern] }).catch(() => true));
  if (!granted) return problem('access to MISO', `Bao may not open ${settings.misoUrl}: allow it in Bao’s options`);
  return undefined;
}

/** Settles once every tab opened so far has its batch recorded; a login page may ask before that. */
let recording: Promise<unknown> = Promise.resolve();

/** One tab per batch, next to the sender's tab; the first in front. Returns how many opened. */
async function openTabs(
  misoUrl: string,
  batches: MisoBatch[],
  sender: Sender,
): Promise<{ opened: number; error?: string }> {
  const from = sender.tab;
  const result: { opened: number; error?: string } = { opened: 0 };
  const work = (async () => {
    for (const [i, batch] of batches.entries()) {
      try {
        const tab = await browser.tabs.create({
          url: misoBatchUrl(misoUrl, batch.id),
          active: result.opened === 0,
          ...(from?.id !== undefined && from.windowId !== undefined
            ? { windowId: from.windowId, index: from.index + 1 + i, openerTabId: from.id }
            : {}),
        });
        result.opened += 1;
        if (tab.id !== undefined) await store.assignMisoBatch(batch.id, tab.id);
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
      }
    }
  })();
  recording = recording.then(() => work);
  await work;
  return result;
}

async function openAndReport(
  misoUrl: string,
  batches: MisoBatch[],
  sender: Sender,
): Promise<ResponseOf<'openQcInMiso'>> {
  const { opened, error } = await openTabs(misoUrl, batches, sender);
  if (opened === 0) {
    const detail = `it kept ${batches.length === 1 ? 'the batch' : `all ${batches.length} batches`} (see its popup) but no tab opened${error ? `: ${error}` : ''}`;
    return { ok: false, failure: { kind: 'internal', system: 'Bao', url: 'browser tabs for MISO', detail } };
  }
  return { ok: true, value: { opened, batchIds: batches.map((b) => b.id) } };
}

/** The batches planned again from the background's own data, or why they differ from what the page asked. */
async function rebuilt(asked: RequestData<'openQcInMiso'>, settings: Settings): Promise<Result<QcInMisoBatch[]>> {
  const run = await resultOf(`run ${asked.runName} (IndexedDB)`, () => readRunView(asked.runName));
  if (!run.ok) return run;
  const check = rebuildQcInMiso(asked, run.value, settings.qcInMisoGrouping);
  if (check.ok) return { ok: true, value: check.batches };
  return { ok: false, failure: { kind: 'internal', system: 'Bao', url: 'QC in MISO', detail: check.detail } };
}

async function openQcInMiso(asked: RequestData<'openQcInMiso'>, sender: Sender): Promise<ResponseOf<'openQcInMiso'>> {
  const { settings } = await loadSettings();
  const problem = await misoProblem(settings);
  if (problem) return { ok: false, failure: problem };
  const batches = await rebuilt(asked, settings);
  if (!batches.ok) return batches;
  const stored = await resultOf(BATCHES, () => store.addMisoBatches(asked.runName, batches.value));
  return stored.ok ? openAndReport(settings.misoUrl, stored.value, sender) : stored;
}

async function reopenMisoBatch(
  { batchId }: RequestData<'reopenMisoBatch'>,
  sender: Sender,
): Promise<ResponseOf<'reopenMisoBatch'>> {
  const { settings } = await loadSettings();
  const problem = await misoProblem(settings);
  if (problem) return { ok: false, failure: problem };
  const batch = await resultOf(BATCHES, () => store.resetMisoBatch(batchId));
  if (!batch.ok) return batch;
  if (!batch.value) {
    return {
      ok: false,
      failure: {
        kind: 'internal',
        system: 'Bao',
        url: 'QC in MISO batches',
        detail: 'that batch is no longer kept (MISO showed it, or it was discarded)',
      },
    };
  }
  return openAndReport(settings.misoUrl, [batch.value], sender);
}

async function takeMisoBatch({ batchId }: RequestData<'takeMisoBatch'>, sender: Sender): Promise<MisoBatch | null> {
  await recording;
  const tabId = sender.tab?.id;
  if (tabId === undefined) return null;
  const batch = batchId ? await store.getMisoBatch(batchId) : await store.submittableBatchOfTab(tabId);
  if (!batch || !store.submittable(batch)) return null;
  if (batch.tabId === tabId) return batch;
  return (await store.assignMisoBatch(batch.id, tabId)) ?? null;
}

async function rejectPosted(message: string, sender: Sender) {
  const tabId = sender.tab?.id;
  const posted = tabId === undefined ? undefined : await store.postedBatchOfTab(tabId);
  const rejected = posted && (await store.markMisoBatchRejected(posted.id, message));
  return rejected ? store.summary(rejected) : null;
}

export function qcInMisoHandlers(): QcHandlers {
  return {
    openQcInMiso,
    takeMisoBatch: (data, sender) => resultOf(BATCHES, () => takeMisoBatch(data, sender)),
    misoBatchPosted: ({ batchId }, sender) =>
      resultOf(BATCHES, async () => {
        const tabId = sender.tab?.id;
        const posted = tabId === undefined ? undefined : await store.markMisoBatchPosted(batchId, tabId);
        return { found: posted !== undefined };
      }),
    misoBatchDelivered: ({ runLibraryIds }, sender) =>
      resultOf(BATCHES, async () => {
        const delivered = await store.deliverMisoBatch(sender.tab?.id, runLibraryIds);
        return delivered ? store.summary(delivered) : null;
      }),
    misoBatchRejected: ({ message }, sender) => resultOf(BATCHES, () => rejectPosted(message, sender)),
    listMisoBatches: () => resultOf(BATCHES, () => store.listMisoBatchesForPopup()),
    reopenMisoBatch,
    discardMisoBatch: ({ batchId }) =>
      resultOf(BATCHES, async () => ({ discarded: await store.deleteMisoBatch(batchId) })),
  };
}

/** A closed tab leaves its batch pending; after a browser restart no batch stays tied to an old tab id. */
export function watchMisoBatchTabs(): () => void {
  const warn = (error: unknown) => console.error('[bao] QC in MISO batches:', error);
  const onRemoved = (tabId: number) => void store.unassignTab(tabId).catch(warn);
  const onStartup = () => void store.unassignAllTabs().catch(warn);
  browser.tabs.onRemoved.addListener(onRemoved);
  browser.runtime.onStartup.addListener(onStartup);
  return () => {
    browser.tabs.onRemoved.removeListener(onRemoved);
    browser.runtime.onStartup.removeListener(onStartup);
  };
}
