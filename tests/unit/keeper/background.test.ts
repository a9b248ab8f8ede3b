// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerMessageHandlers } from '../../../lib/background/messages';
import { initialStatus } from '../../../lib/background/pipeline-status';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import { openIndexWriter, putKept } from '../../../lib/db';
import { keeperSetup } from '../../../lib/keeper/from-settings';
import { indexSource } from '../../../lib/keeper/index-source';
import type { KeeperRunRecord } from '../../../lib/keeper/records';
import { idbKeeperStore, ticketsByRun } from '../../../lib/keeper/state';
import { NotificationList } from '../../../lib/messages/protocol';
import { defaultSecrets, defaultSettings, type Settings } from '../../../lib/storage';
import { deliver, fakePipeline, popupSender } from '../background-harness';
import { MISEQ, NOVASEQ, DONE, smallDocument, streamOf } from '../pipeline/document';
import { CARDEA } from '../pipeline/fake-cardea';
import { freshDatabase } from '../pipeline/helpers';

const pipeline = fakePipeline(() => initialStatus(CARDEA));

function record(runName: string, fields: Partial<KeeperRunRecord> = {}): KeeperRunRecord {
  return {
    runName,
    issueKey: 'GLT-1',
    issueState: 'OPEN',
    code: '<R1A0Q1D0>',
    listed: true,
    outcome: 'created',
    syncedAt: '2023-01-12T10:01:00.000Z',
    failure: null,
    ...fields,
  };
}

async function notificationList(): Promise<NotificationList> {
  const answer = await deliver('getNotifications', undefined, popupSender);
  return NotificationList.parse(answer.res);
}

let unregister: (() => void) | undefined;
beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  await fakeBrowser.storage.local.set({ settings: { cardeaUrl: CARDEA } });
  unregister = registerMessageHandlers({ pipeline });
});
afterEach(() => unregister?.());

describe('the keeper store (IndexedDB)', () => {
  test('keeps run records and the status, and drops a record that no longer fits', async () => {
    await idbKeeperStore.putRun(record(MISEQ));
    await idbKeeperStore.putRun(record(NOVASEQ, { issueKey: 'GLT-2', issueState: 'PAUSED' }));
    await putKept('keeper', { id: 'run:BROKEN', runName: 'BROKEN', issueState: 'SOMEWHERE' });
    expect(await idbKeeperStore.getRun(MISEQ)).toEqual(record(MISEQ));
    expect(await idbKeeperStore.getRun('BROKEN')).toBeUndefined();
    expect((await idbKeeperStore.listRuns()).map((r) => r.runName).sort()).toEqual([MISEQ, NOVASEQ].sort());
    expect(await idbKeeperStore.getStatus()).toBeUndefined();
    const status = {
      state: 'failed' as const,
      startedAt: 'a',
      finishedAt: 'b',
      documentTimestamp: null,
      failure: null,
      counts: { created: 1 },
    };
    await idbKeeperStore.putStatus(status);
    expect(await idbKeeperStore.getStatus()).toEqual(status);
    expect(await ticketsByRun()).toEqual(
      new Map([
        [MISEQ, { issueKey: 'GLT-1', issueState: 'OPEN' }],
        [NOVASEQ, { issueKey: 'GLT-2', issueState: 'PAUSED' }],
      ]),
    );
  });
});

describe('getNotifications with the keeper', () => {
  test('each run row carries its ticket key and state; without a record both are null', async () => {
    await ingestDimsum(streamOf(JSON.stringify(smallDocument())), await openIndexWriter(CARDEA));
    expect((await notificationList()).runs.map((r) => [r.runName, r.issueKey, r.issueState])).toEqual([
      [NOVASEQ, null, null],
      [MISEQ, null, null],
    ]);
    await idbKeeperStore.putRun(record(NOVASEQ, { issueKey: 'GLT-7', issueState: 'PAUSED' }));
    expect((await notificationList()).runs.map((r) => [r.runName, r.issueKey, r.issueState])).toEqual([
      [NOVASEQ, 'GLT-7', 'PAUSED'],
      [MISEQ, null, null],
    ]);
  });

  test("a run whose ticket was set to Won't Do is not listed", async () => {
    await ingestDimsum(streamOf(JSON.stringify(smallDocument())), await openIndexWriter(CARDEA));
    await idbKeeperStore.putRun(record(MISEQ, { issueState: 'OVERRIDDEN', listed: false, outcome: 'overridden' }));
    expect((await notificationList()).runs.map((r) => r.runName)).toEqual([NOVASEQ]);
  });

  test('rows from an older background (no ticket fields) still parse', () => {
    const old = {
      runName: MISEQ,
      completionDate: null,
      runQc: {
        qcPassed: null,
        qcUser: null,
        qcDate: null,
        dataReviewPassed: null,
        dataReviewUser: null,
        dataReviewDate: null,
      },
      pendingAnalysis: 0,
      pendingQc: 1,
      pendingDataReview: 0,
      runState: 1,
      requiresAction: true,
    };
    expect(NotificationList.parse({ asOf: null, stale: false, runs: [old] }).runs[0]).toMatchObject({
      issueKey: null,
      issueState: null,
    });
  });
});

describe("the browser's notification source", () => {
  test('nothing before the first document', async () => {
    expect(await indexSource()).toBeUndefined();
  });

  test('ready runs from the index; a run with an open ticket recomputed as such; undefined for a run not in the data', async () => {
    await ingestDimsum(streamOf(JSON.stringify(smallDocument())), await openIndexWriter(CARDEA));
    const source = await indexSource();
    expect(source?.documentTimestamp).toBe('2023-01-12T10:00:00Z');
    expect((await source?.readyNotifications())?.map((n) => n.runName).sort()).toEqual([MISEQ, NOVASEQ].sort());
    // Fully signed off: no notification either way, so an open ticket for it is closed as completed.
    expect(await source?.openTicketNotification(DONE)).toBeNull();
    expect(await source?.openTicketNotification(NOVASEQ)).toMatchObject({ runName: NOVASEQ, desiredState: 'OPEN' });
    expect(await source?.openTicketNotification('NO_SUCH_RUN')).toBeUndefined();
  });
});

describe('keeper setup from the options', () => {
  const on: Settings = {
    ...defaultSettings,
    keeperEnabled: true,
    jiraUrl: 'https://jira.lab.org/jira',
    jiraProject: 'GLT',
    misoUrl: 'https://miso.lab.org',
  };
  const token = { ...defaultSecrets, jiraToken: 'pat' };
  const rows: [string, Settings, typeof token, RegExp | null][] = [
    ['off', { ...on, keeperEnabled: false }, token, /is off/],
    ['no token', on, defaultSecrets, /a Jira token/],
    ['no project', { ...on, jiraProject: '' }, token, /the Jira project/],
    ['Cloud without an email', { ...on, jiraFlavour: 'cloud' }, token, /the email/],
    ['no MISO for the links', { ...on, misoUrl: '' }, token, /the MISO URL/],
    ['ready', on, token, null],
  ];
  test.each(rows)('%s', (_name, settings, secrets, reason) => {
    const setup = keeperSetup(settings, secrets);
    if (reason) expect(setup.ok ? '' : setup.reason).toMatch(reason);
    else
      expect(setup).toMatchObject({
        ok: true,
        client: { baseUrl: 'https://jira.lab.org/jira', token: 'pat', flavour: 'datacenter' },
        rules: { misoUrl: 'https://miso.lab.org' },
      });
  });
});
