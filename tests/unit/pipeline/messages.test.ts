// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerMessageHandlers, senderCheck } from '../../../lib/background/messages';
import { initialStatus } from '../../../lib/background/pipeline-status';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import { openIndexWriter } from '../../../lib/db';
import { NotificationList, RunData, type PipelineStatus } from '../../../lib/messages/protocol';
import type { Failure } from '../../../lib/net/failure';
import { deliver, fakePipeline, pageSender, tabSender, type Sender } from '../background-harness';
import { MISEQ, NOVASEQ, OMITTED_ONLY, smallDocument, streamOf } from './document';
import { CARDEA } from './fake-cardea';
import { freshDatabase } from './helpers';

const MISO = 'https://miso.lab.org';
const JIRA = 'https://jira.lab.org/jira';

let status: PipelineStatus;
let unregister: (() => void) | undefined;

const pipeline = fakePipeline(() => status);

async function indexSmallDocument(): Promise<void> {
  await ingestDimsum(streamOf(JSON.stringify(smallDocument())), await openIndexWriter(CARDEA));
}

beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  await fakeBrowser.storage.local.set({ settings: { cardeaUrl: CARDEA, misoUrl: MISO, jiraUrl: JIRA } });
  status = { ...initialStatus(CARDEA), documentTimestamp: '2023-01-12T10:00:00Z' };
  unregister = registerMessageHandlers({ pipeline });
});

afterEach(() => unregister?.());

describe('who may ask', () => {
  test.each([
    ['the popup', pageSender('popup.html'), 'extension-page'],
    ['a MISO page', tabSender(`${MISO}/miso/run/alias/${NOVASEQ}`), 'miso-content-script'],
    ['a Jira issue', tabSender(`${JIRA}/browse/GLT-1`), 'jira-content-script'],
    ['MISO on another port', tabSender('https://miso.lab.org:8443/run/1'), undefined],
    ['an unconfigured site', tabSender('https://evil.example/run/1'), undefined],
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/page.html' }, undefined],
  ])('%s → %s', async (_name, sender, audience) => {
    expect(await senderCheck(sender)).toBe(audience);
  });

  test('before MISO is configured, its pages are refused', async () => {
    await fakeBrowser.storage.local.set({ settings: { cardeaUrl: CARDEA } });
    expect(await senderCheck(tabSender(`${MISO}/run/1`))).toBeUndefined();
    const answer = await deliver('getRunData', { runName: NOVASEQ }, tabSender(`${MISO}/run/1`));
    expect(answer.err?.message).toContain('refused');
  });

  test('the MISO tab’s batch messages are refused from a Jira page, which could take or close a batch', async () => {
    for (const [type, data] of [
      ['takeMisoBatch', {}],
      ['misoBatchPosted', { batchId: 'b-1' }],
      ['misoBatchDelivered', { runLibraryIds: ['1_1_LDI1'] }],
      ['misoBatchRejected', { message: 'no' }],
    ] as const) {
      const answer = await deliver(type, data, tabSender(`${JIRA}/browse/GLT-1`));
      expect(answer.err?.message, type).toContain('refused');
      const fromMiso = await deliver(type, data, tabSender(`${MISO}/runlibraries/metrics`));
      expect(fromMiso.err?.message ?? '', type).not.toContain('refused');
    }
  });

  test('content scripts may not read the notification list or trigger a poll', async () => {
    for (const type of ['getNotifications', 'pollNow', 'getPipelineStatus']) {
      const answer = await deliver(type, undefined, tabSender(`${MISO}/run/1`));
      expect(answer.err?.message, type).toContain('refused');
    }
  });
});

describe('getRunData', () => {
  const ask = async (runName: string, sender: Sender = tabSender(`${MISO}/run/1`)) => {
    const answer = await deliver('getRunData', { runName }, sender);
    expect(answer.err).toBeUndefined();
    return answer.res as { ok: true; value: RunData } | { ok: false; failure: Failure };
  };

  test('answers with the run, its LQ and FD rows and their assays, as of the indexed document', async () => {
    await indexSmallDocument();
    const answer = await ask(NOVASEQ);
    expect(answer.ok).toBe(true);
    const value = answer.ok ? RunData.parse(answer.value) : undefined;
    expect(value).toMatchObject({
      status: 'found',
      asOf: '2023-01-12T10:00:00Z',
      stale: false,
      run: { name: NOVASEQ },
      lq: [],
    });
    if (value?.status !== 'found') return;
    expect(value.fd).toHaveLength(2);
    expect(value.fd.every((s) => s.run?.name === NOVASEQ)).toBe(true);
    expect(Object.keys(value.assaysById).sort()).toEqual(['2', '3']);
  });

  test('a run Cardea does not have is "not-found", not a failure', async () => {
    await indexSmallDocument();
    expect(await ask(OMITTED_ONLY)).toEqual({
      ok: true,
      value: { status: 'not-found', runName: OMITTED_ONLY, asOf: '2023-01-12T10:00:00Z', stale: false, failure: null },
    });
  });

  test('after a failed poll the last good data is served, marked stale', async () => {
    await indexSmallDocument();
    status = {
      ...status,
      state: 'error',
      failure: { kind: 'server', system: 'Cardea', url: `${CARDEA}/dimsum`, status: 500 },
    };
    expect(await ask(MISEQ)).toMatchObject({
      ok: true,
      value: { status: 'found', stale: true, failure: { system: 'Cardea', status: 500 } },
    });
  });

  test('with nothing indexed: "not-indexed" while the first download is pending, the failure once it failed', async () => {
    status = { ...status, state: 'downloading' };
    expect(await ask(MISEQ)).toEqual({ ok: true, value: { status: 'not-indexed', state: 'downloading' } });
    const failure: Failure = { kind: 'unauthorized', system: 'Cardea', url: `${CARDEA}/timestamp`, status: 401 };
    status = { ...status, state: 'error', failure };
    expect(await ask(MISEQ)).toEqual({ ok: false, failure });
  });

  test('the popup may ask too', async () => {
    await indexSmallDocument();
    expect(await ask(MISEQ, pageSender('popup.html'))).toMatchObject({ ok: true, value: { status: 'found' } });
  });
});

test('getNotifications lists the runs that have a notification, newest completion first, with counts', async () => {
  await indexSmallDocument();
  const answer = await deliver('getNotifications', undefined, pageSender('popup.html'));
  const list = NotificationList.parse(answer.res);
  expect(list.asOf).toBe('2023-01-12T10:00:00Z');
  expect(list.stale).toBe(false);
  expect(
    list.runs.map((r) => [r.runName, r.pendingAnalysis, r.pendingQc, r.pendingDataReview, r.requiresAction]),
  ).toEqual([
    [NOVASEQ, 0, 1, 1, true],
    [MISEQ, 0, 0, 0, true],
  ]);
  expect(list.runs[0].runQc).toMatchObject({ qcPassed: true, qcDate: '2023-01-11', dataReviewDate: null });
});

test('getPipelineStatus and pollNow answer extension pages with the status', async () => {
  expect((await deliver('getPipelineStatus', undefined, pageSender('options.html'))).res).toMatchObject({
    state: 'idle',
    cardeaUrl: CARDEA,
  });
  expect((await deliver('pollNow', undefined, pageSender('popup.html'))).res).toMatchObject({ state: 'idle' });
});
