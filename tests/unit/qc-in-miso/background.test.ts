// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerMessageHandlers } from '../../../lib/background/messages';
import { initialStatus } from '../../../lib/background/pipeline-status';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import type { CaseDataInput, SampleInput } from '../../../lib/cardea/schema';
import { getKept, getRunView, openIndexWriter, putKept } from '../../../lib/db';
import { MisoBatch, MisoBatchListing, MisoBatchSummary } from '../../../lib/messages/protocol';
import { MAX_AUTO_ATTEMPTS, STALLED_AFTER_MS } from '../../../lib/miso/batches';
import { planQcInMiso, type QcInMisoBatch } from '../../../lib/miso/qc-in-miso';
import {
  deliver,
  fakePipeline,
  popupSender as popup,
  tabFields,
  tabSender,
  type FakeTab,
  type Sender,
} from '../background-harness';
import { assay, kase, library, run, streamOf } from '../pipeline/document';
import { CARDEA } from '../pipeline/fake-cardea';
import { freshDatabase } from '../pipeline/helpers';

// The QC-in-MISO handlers in the background, through the real message path (sender checks, zod on
// both sides), with fake-indexeddb holding an indexed run and WXT's fake browser.

const MISO = 'https://miso.lab.org';
const RUN = '230105_A00469_0405_AHXXXXDSX3';
const FD = 'FULL_DEPTH_SEQUENCING';

const misoTab = (id: number, path = '/mainMenu') => tabSender(`${MISO}${path}`, { id });
/** The run overlay's tab: a Jira issue is not configured here, so a MISO run page asks. */
const runPageTab = tabSender(`${MISO}/run/5476`, { id: 40, index: 4, windowId: 2 });

/** The `value` of an ok answer; fails the test on `{ok:false}` or a refusal. */
async function ok(type: string, data: unknown, sender: Sender): Promise<unknown> {
  const answer = await deliver(type, data, sender);
  expect(answer.err, type).toBeUndefined();
  expect(answer.res, type).toMatchObject({ ok: true });
  return (answer.res as { value: unknown }).value;
}

/** The run as Cardea has it: three WG libraries on two lanes, and a WT one whose lane is not the one in its id. */
const document = (): CaseDataInput => {
  const onRun = (id: string, fields: Partial<SampleInput> = {}) =>
    library(id, { run: run(5476, RUN), assayIds: [2], ...fields });
  const libraries = [
    onRun('5476_1_LDI1'),
    onRun('5476_1_LDI2'),
    onRun('5476_2_LDI3', { sequencingLane: '2' }),
    onRun('5476_1_LDI4', { libraryDesignCode: 'WT', sequencingLane: '3' }),
  ];
  return {
    assaysById: { '2': assay(2, 'WGTS') },
    cases: [
      kase('PROJ_1289_a2_Lv_M', [{ name: 'Tumour WG', libraryQualifications: [], fullDepthSequencings: libraries }]),
    ],
    omittedSamples: [],
    omittedRunSamples: [],
    timestamp: '2023-01-12T10:00:00Z',
  };
};

/** The batches the run overlay's dialog plans from the indexed run, one per design. */
async function plannedBatches(): Promise<QcInMisoBatch[]> {
  const view = await getRunView(RUN);
  if (!view) throw new Error(`${RUN} is not indexed`);
  return planQcInMiso({ samples: view.fd, category: FD, assaysById: view.assaysById, grouping: 'by-assay-and-design' })
    .batches;
}

let wg: QcInMisoBatch;
let wt: QcInMisoBatch;

const pipeline = fakePipeline(() => initialStatus(''));

let granted: boolean;
let created: Parameters<typeof fakeBrowser.tabs.create>[0][];
let nextTabId: number;
let unregister: (() => void) | undefined;

function stubTabs(onCreate?: (id: number) => void) {
  vi.spyOn(fakeBrowser.tabs, 'create').mockImplementation(async (props) => {
    created.push(props);
    const id = nextTabId++;
    onCreate?.(id);
    const tab: FakeTab = { ...tabFields, id, active: props.active ?? true, url: props.url };
    return tab;
  });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  await ingestDimsum(streamOf(JSON.stringify(document())), await openIndexWriter(CARDEA));
  [wg, wt] = (await plannedBatches()) as [QcInMisoBatch, QcInMisoBatch];
  await fakeBrowser.storage.local.set({ settings: { misoUrl: MISO } });
  granted = true;
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async () => granted);
  created = [];
  nextTabId = 100;
  stubTabs();
  unregister = registerMessageHandlers({ pipeline });
});

afterEach(() => {
  unregister?.();
  vi.useRealTimers();
});

const list = async () => MisoBatchListing.array().parse(await ok('listMisoBatches', undefined, popup));
const take = async (sender: Sender, batchId?: string) =>
  MisoBatch.nullable().parse(await ok('takeMisoBatch', batchId ? { batchId } : {}, sender));
async function open(batches = [wg, wt], sender: Sender = popup): Promise<string[]> {
  const value = (await ok('openQcInMiso', { runName: RUN, category: FD, batches }, sender)) as {
    opened: number;
    batchIds: string[];
  };
  expect(value.opened).toBe(batches.length);
  return value.batchIds;
}

describe('openQcInMiso', () => {
  test('stores every batch before it opens any tab, then one MISO tab per batch', async () => {
    const seenAtFirstTab: number[] = [];
    vi.mocked(fakeBrowser.tabs.create).mockImplementationOnce(async (props) => {
      seenAtFirstTab.push((await list()).length);
      created.push(props);
      const tab: FakeTab = { ...tabFields, id: nextTabId++, url: props.url };
      return tab;
    });
    const ids = await open();
    expect(seenAtFirstTab).toEqual([2]);
    expect(created.map((c) => c.url)).toEqual(ids.map((id) => `${MISO}/mainMenu?baoBatch=${id}`));
    const batches = await list();
    expect(batches.map((b) => [b.label, b.runName, b.state, b.tabId, b.runLibraryIds])).toEqual([
      ['WGTS · WG', RUN, 'waiting', 100, ['5476_1_LDI1', '5476_1_LDI2', '5476_2_LDI3']],
      ['WGTS · WT', RUN, 'waiting', 101, ['5476_1_LDI4']],
    ]);
    expect(batches[0]?.request).toEqual(wg.request);
  });

  test('the first tab in front, the rest behind it, next to the tab that asked', async () => {
    await open([wg, wt], runPageTab);
    expect(created).toEqual([
      expect.objectContaining({ active: true, windowId: 2, index: 5, openerTabId: 40 }),
      expect.objectContaining({ active: false, windowId: 2, index: 6, openerTabId: 40 }),
    ]);
  });

  test.each<[string, Record<string, unknown>, boolean, RegExp]>([
    ['no MISO address', { misoUrl: '' }, true, /MISO address/],
    ['no permission for MISO', { misoUrl: MISO }, false, /access to MISO/],
  ])('%s: a failure naming MISO, nothing stored, no tab', async (_label, settings, permission, detail) => {
    await fakeBrowser.storage.local.set({ settings });
    granted = permission;
    const answer = await deliver('openQcInMiso', { runName: RUN, category: FD, batches: [wg] }, popup);
    expect(answer.res).toMatchObject({ ok: false, failure: { system: 'MISO' } });
    const failure = (answer.res as { failure: { url: string; detail: string } }).failure;
    expect(`${failure.url}: ${failure.detail}`).toMatch(detail);
    expect(created).toEqual([]);
    expect(await list()).toEqual([]);
  });

  test('with the MISO overlay switched off the batches still go: MISO’s script runs to deliver them', async () => {
    await fakeBrowser.storage.local.set({
      settings: { misoUrl: MISO, features: { jiraOverlay: true, misoOverlay: false } },
    });
    const ids = await open([wg]);
    expect(created.map((c) => c.url)).toEqual([`${MISO}/mainMenu?baoBatch=${ids[0]}`]);
    expect((await list()).map((b) => b.id)).toEqual(ids);
  });

  test('when no tab opens, the batches are kept and the failure says so', async () => {
    vi.mocked(fakeBrowser.tabs.create).mockRejectedValue(new Error('No current window'));
    const answer = await deliver('openQcInMiso', { runName: RUN, category: FD, batches: [wg, wt] }, popup);
    expect(answer.res).toMatchObject({
      ok: false,
      failure: { detail: expect.stringMatching(/kept all 2 batches.*No current window/) },
    });
    expect((await list()).map((b) => [b.label, b.tabId])).toEqual([
      ['WGTS · WG', null],
      ['WGTS · WT', null],
    ]);
  });

  const refusal = async (data: unknown) => {
    const answer = await deliver('openQcInMiso', data, popup);
    expect(answer.res).toMatchObject({ ok: false, failure: { kind: 'internal', system: 'Bao', url: 'QC in MISO' } });
    expect(created).toEqual([]);
    expect(await list()).toEqual([]);
    return (answer.res as { failure: { detail: string } }).failure.detail;
  };
  const withFirstMetric = (batch: QcInMisoBatch, change: Record<string, unknown>): QcInMisoBatch => {
    const copy = structuredClone(batch);
    Object.assign(copy.request.library_aliquots[0]!.metrics[0]!, change);
    return copy;
  };

  test.each<[string, () => QcInMisoBatch[], RegExp]>([
    [
      'a forged value',
      () => [withFirstMetric(wg, { value: 999 }), wt],
      /5476_1_LDI1, Mean Coverage Deduplicated: value 999 asked, 41.2 now/,
    ],
    [
      'a forged threshold',
      () => [withFirstMetric(wg, { threshold: 1 }), wt],
      /Mean Coverage Deduplicated: threshold 1 asked, 40 now/,
    ],
    ['a changed label', () => [{ ...wg, label: 'WGTS · WT' }, wt], /label "WGTS · WT" asked, "WGTS · WG" now/],
  ])(
    '%s: refused as data that changed since the dialog opened, nothing stored, no tab',
    async (_label, batches, what) => {
      const detail = await refusal({ runName: RUN, category: FD, batches: batches() });
      expect(detail).toMatch(new RegExp(`^Run ${RUN}’s data changed since this dialog opened \\(.+\\): close it`));
      expect(detail).toMatch(what);
    },
  );

  test('a run-library that is not in that run’s table is refused, by name', async () => {
    const stranger = {
      ...wt,
      runLibraryIds: ['5477_1_LDI9'],
      request: {
        ...wt.request,
        library_aliquots: [{ ...wt.request.library_aliquots[0]!, name: 'LDI9', run_id: 5477 }],
      },
    };
    expect(await refusal({ runName: RUN, category: FD, batches: [wg, stranger] })).toBe(
      `5477_1_LDI9 not in run ${RUN}’s full-depth sequencing data`,
    );
    expect(await refusal({ runName: RUN, category: 'LIBRARY_QUALIFICATION', batches: [wt] })).toMatch(
      /5476_1_LDI4 not in run .*’s library qualification data/,
    );
  });

  test('a run Bao has not indexed is refused', async () => {
    expect(await refusal({ runName: '230106_A00469_0406_AHYYYYDSX3', category: FD, batches: [wg] })).toMatch(
      /not in Bao’s data/,
    );
  });

  test('a request MISO would refuse is refused before anything is stored', async () => {
    const bad = {
      ...wg,
      request: { ...wg.request, library_aliquots: [{ ...wg.request.library_aliquots[0], name: 'LIB1' }] },
    };
    const answer = await deliver('openQcInMiso', { runName: RUN, category: FD, batches: [bad] }, popup);
    expect(answer.err?.message).toMatch(/name/);
    expect(await list()).toEqual([]);
  });
});

describe('a MISO tab takes its batch', () => {
  test('by the id in its URL', async () => {
    const [id] = await open();
    expect(await take(misoTab(100), id)).toMatchObject({ id, label: 'WGTS · WG', request: wg.request });
  });

  test('without an id (after the login page): the oldest undelivered batch of that tab only', async () => {
    const [first, second] = await open();
    expect((await take(misoTab(100)))?.id).toBe(first);
    expect((await take(misoTab(101)))?.id).toBe(second);
    expect(await take(misoTab(555))).toBeNull();
  });

  test('a login page that asks before tabs.create has returned still finds its batch', async () => {
    let early: Promise<MisoBatch | null> | undefined;
    stubTabs((id) => {
      early ??= take(misoTab(id, '/login'));
    });
    const [id] = await open([wg]);
    expect((await early)?.id).toBe(id);
  });

  test('another tab with the id takes the batch over (e.g. a duplicated tab)', async () => {
    const [id] = await open([wg]);
    await take(misoTab(300), id);
    expect((await list())[0]?.tabId).toBe(300);
  });

  test('only MISO content scripts may take, post or confirm; only extension pages may list', async () => {
    const [id] = await open([wg]);
    for (const [type, data] of [
      ['takeMisoBatch', { batchId: id }],
      ['misoBatchPosted', { batchId: id }],
      ['misoBatchDelivered', { runLibraryIds: wg.runLibraryIds }],
    ] as const) {
      expect((await deliver(type, data, popup)).err?.message, type).toMatch(/refused/);
      const elsewhere = tabSender('https://evil.example/mainMenu', { id: 100 });
      expect((await deliver(type, data, elsewhere)).err?.message, type).toMatch(/refused/);
    }
    expect((await deliver('listMisoBatches', undefined, misoTab(100))).err?.message).toMatch(/refused/);
    expect(await list()).toHaveLength(1);
  });
});

describe('posting and MISO’s answer', () => {
  test('posted is not delivered: the batch stays until the metrics page shows it', async () => {
    const [id] = await open([wg]);
    expect(await ok('misoBatchPosted', { batchId: id }, misoTab(100))).toEqual({ found: true });
    expect(await list()).toEqual([
      expect.objectContaining({
        id,
        state: 'posted',
        attempts: 1,
        tabId: 100,
        postedAt: expect.any(String),
        stalled: false,
      }),
    ]);
  });

  test('the metrics page showing exactly its run-libraries deletes it and says which batch it was', async () => {
    const [wgId, wtId] = await open();
    await ok('misoBatchPosted', { batchId: wgId }, misoTab(100));
    const shown = [...wg.runLibraryIds].reverse();
    const summary = MisoBatchSummary.nullable().parse(
      await ok('misoBatchDelivered', { runLibraryIds: shown }, misoTab(100, '/runlibraries/metrics')),
    );
    expect(summary).toEqual({ id: wgId, runName: RUN, label: 'WGTS · WG', runLibraryIds: wg.runLibraryIds });
    expect((await list()).map((b) => b.id)).toEqual([wtId]);
  });

  test.each([
    ['only some of them', ['5476_1_LDI1', '5476_1_LDI2']],
    ['more than it asked for', ['5476_1_LDI1', '5476_1_LDI2', '5476_2_LDI3', '5476_3_LDI9']],
    ['other run-libraries', ['5476_1_LDI8']],
  ])('a page showing %s confirms nothing', async (_label, shown) => {
    await open([wg]);
    expect(await ok('misoBatchDelivered', { runLibraryIds: shown }, misoTab(100, '/runlibraries/metrics'))).toBeNull();
    expect(await list()).toHaveLength(1);
  });

  test('the ids MISO got (run id, lane, LDI name) confirm it too', async () => {
    // Cardea's id says lane 1, its lane field 3: MISO gets lane 3 and shows 5476_3_LDI4.
    await open([wt]);
    expect(
      await ok('misoBatchDelivered', { runLibraryIds: ['5476_3_LDI4'] }, misoTab(100, '/runlibraries/metrics')),
    ).toMatchObject({ label: 'WGTS · WT' });
    expect(await list()).toEqual([]);
  });

  test('an error page keeps the batch with MISO’s message, and no tab submits it again by itself', async () => {
    const [id] = await open([wg]);
    await take(misoTab(100), id);
    await ok('misoBatchPosted', { batchId: id }, misoTab(100));
    const summary = await ok(
      'misoBatchRejected',
      { message: 'Run-library not found (Page Not Found)' },
      misoTab(100, '/runlibraries/metrics'),
    );
    expect(summary).toMatchObject({ id, label: 'WGTS · WG' });
    expect(await list()).toEqual([
      expect.objectContaining({
        id,
        state: 'rejected',
        tabId: null,
        rejection: 'Run-library not found (Page Not Found)',
      }),
    ]);
    expect(await take(misoTab(100), id)).toBeNull();
    expect(await take(misoTab(100))).toBeNull();
  });

  test('MISO’s return after its login (?continue) gets the batch that tab posted, to send it again', async () => {
    const [id] = await open([wg]);
    await take(misoTab(100), id);
    await ok('misoBatchPosted', { batchId: id }, misoTab(100));
    const back = misoTab(100, '/runlibraries/metrics?continue');
    expect(await take(back)).toMatchObject({ id, state: 'posted', attempts: 1, request: wg.request });
    await ok('misoBatchPosted', { batchId: id }, back);
    expect(await list()).toEqual([expect.objectContaining({ id, state: 'posted', attempts: 2, tabId: 100 })]);
    expect(await take(misoTab(101, '/runlibraries/metrics?continue'))).toBeNull();
  });

  test('an error page in a tab that posted nothing is not about a batch', async () => {
    await open([wg]);
    expect(await ok('misoBatchRejected', { message: 'Bad Request' }, misoTab(100, '/runlibraries/metrics'))).toBeNull();
    expect((await list())[0]?.state).toBe('waiting');
  });

  test(`after ${MAX_AUTO_ATTEMPTS} posts that MISO never showed, tabs stop picking it up; a retry starts again`, async () => {
    const [id] = await open([wg]);
    for (let i = 0; i < MAX_AUTO_ATTEMPTS; i++) {
      expect(await take(misoTab(100))).not.toBeNull();
      await ok('misoBatchPosted', { batchId: id }, misoTab(100));
    }
    expect(await take(misoTab(100))).toBeNull();
    expect(await ok('reopenMisoBatch', { batchId: id }, popup)).toEqual({ opened: 1, batchIds: [id] });
    expect(created.at(-1)?.url).toBe(`${MISO}/mainMenu?baoBatch=${id}`);
    expect(await list()).toEqual([expect.objectContaining({ id, state: 'waiting', attempts: 0, tabId: 101 })]);
  });
});

describe('kept batches', () => {
  test('a tab closed before delivery leaves its batch pending, for the popup or another tab', async () => {
    const [id] = await open([wg]);
    await fakeBrowser.tabs.onRemoved.trigger(100, { isWindowClosing: false, windowId: 1 });
    await vi.waitFor(async () => expect((await list())[0]?.tabId).toBeNull());
    expect(await take(misoTab(100))).toBeNull();
    expect((await take(misoTab(200), id))?.tabId).toBe(200);
  });

  test('after a browser restart no batch stays tied to an old tab id', async () => {
    await open();
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(async () => expect((await list()).map((b) => b.tabId)).toEqual([null, null]));
  });

  test(`posted more than ${STALLED_AFTER_MS / 60_000} minutes ago and never shown: listed as stalled`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T10:00:00Z'));
    const [id] = await open([wg]);
    await ok('misoBatchPosted', { batchId: id }, misoTab(100));
    vi.setSystemTime(new Date('2026-03-02T10:09:00Z'));
    expect((await list())[0]?.stalled).toBe(false);
    vi.setSystemTime(new Date('2026-03-02T10:11:00Z'));
    expect((await list())[0]?.stalled).toBe(true);
  });

  test('the user may discard one', async () => {
    const [id] = await open([wg]);
    expect(await ok('discardMisoBatch', { batchId: id }, popup)).toEqual({ discarded: true });
    expect(await list()).toEqual([]);
    expect(await ok('discardMisoBatch', { batchId: id }, popup)).toEqual({ discarded: false });
  });

  test('a record Bao cannot read is skipped in the list but never deleted', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await open([wg]);
    await putKept('misoBatches', { id: 'from-an-older-bao', runName: RUN, request: 'not a request' });
    expect((await list()).map((b) => b.label)).toEqual(['WGTS · WG']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('misoBatches'), 'from-an-older-bao');
    expect(await getKept('misoBatches', 'from-an-older-bao')).toBeDefined();
  });
});
