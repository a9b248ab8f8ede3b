// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerMessageHandlers } from '../../../lib/background/messages';
import { initialStatus } from '../../../lib/background/pipeline-status';
import type { KeeperRunRecord, KeeperStatus } from '../../../lib/keeper/records';
import { idbKeeperStore } from '../../../lib/keeper/state';
import { result } from '../../../lib/messages/define';
import { KeeperStatusView } from '../../../lib/messages/protocol';
import { describeFailure, type Failure } from '../../../lib/net/failure';
import { deliver, fakePipeline, popupSender as popup, tabSender, type Sender } from '../background-harness';
import { freshDatabase } from '../pipeline/helpers';

// `getKeeperStatus` through the real message path (sender check, zod both ways), with the keeper's
// records in fake-indexeddb and the options in WXT's fake storage.

const JIRA = 'https://jira.lab.org';
const TOKEN = 'pat-secret-4711';

const pipeline = fakePipeline(() => initialStatus(''));

const ready = { keeperEnabled: true, jiraUrl: JIRA, jiraProject: 'GLT', misoUrl: 'https://miso.lab.org' };
const jiraDown: Failure = { kind: 'server', system: 'Jira', url: `${JIRA}/rest/api/2/search`, status: 500 };

function status(fields: Partial<KeeperStatus> = {}): KeeperStatus {
  return {
    state: 'ok',
    startedAt: '2026-03-02T10:40:00.000Z',
    finishedAt: '2026-03-02T10:42:00.000Z',
    documentTimestamp: '2026-03-02T10:00:00Z',
    failure: null,
    counts: {},
    ...fields,
  };
}

function run(runName: string, fields: Partial<KeeperRunRecord> = {}): KeeperRunRecord {
  const base = {
    issueKey: 'GLT-1',
    issueState: 'OPEN',
    code: null,
    listed: true,
    outcome: 'created',
    failure: null,
  } as const;
  return { runName, ...base, syncedAt: '2026-03-02T10:41:00.000Z', ...fields };
}

const askKeeperStatus = (sender: Sender) => deliver('getKeeperStatus', undefined, sender);

async function keeperStatus(): Promise<KeeperStatusView> {
  const answer = await askKeeperStatus(popup);
  expect(answer.err).toBeUndefined();
  const parsed = result(KeeperStatusView).parse(answer.res);
  if (!parsed.ok) throw new Error(`getKeeperStatus failed: ${describeFailure(parsed.failure)}`);
  return parsed.value;
}

async function configure(settings: Record<string, unknown>, jiraToken = TOKEN) {
  await fakeBrowser.storage.local.set({ settings, secrets: { jiraToken } });
}

let unregister: (() => void) | undefined;
beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  unregister = registerMessageHandlers({ pipeline });
});
afterEach(() => unregister?.());

describe('on or off', () => {
  test.each<[string, Record<string, unknown>, string, boolean]>([
    ['switched off in the options', { ...ready, keeperEnabled: false }, TOKEN, false],
    ['switched on without a Jira token', ready, '', false],
    ['switched on with a Jira token', ready, TOKEN, true],
  ])('%s', async (_label, settings, token, enabled) => {
    await configure(settings, token);
    await idbKeeperStore.putStatus(status());
    expect(await keeperStatus()).toMatchObject({ enabled, problem: null });
  });

  test('on, but a setting it needs is missing: it says which', async () => {
    await configure({ ...ready, jiraProject: '' });
    expect(await keeperStatus()).toMatchObject({
      enabled: true,
      problem: 'The ticket keeper needs the Jira project.',
      lastSync: null,
    });
  });

  test('the answer says whether a token is stored, never the token', async () => {
    await configure(ready);
    await idbKeeperStore.putStatus(status());
    const answer = await askKeeperStatus(popup);
    expect(JSON.stringify(answer.res)).not.toContain(TOKEN);
  });

  test('only extension pages may ask', async () => {
    await configure({ ...ready, misoUrl: 'https://miso.lab.org' });
    const url = 'https://miso.lab.org/mainMenu';
    expect((await askKeeperStatus(tabSender(url))).err?.message).toMatch(/refused/);
  });
});

describe('the last sync', () => {
  test('none yet', async () => {
    await configure(ready);
    expect(await keeperStatus()).toEqual({ enabled: true, problem: null, lastSync: null, runErrors: [] });
  });

  test('ok: when it finished, and the tickets created, commented and transitioned (reopened, paused, closed)', async () => {
    await configure(ready);
    await idbKeeperStore.putStatus(
      status({ counts: { created: 2, commented: 1, reopened: 1, paused: 1, closed: 2, unchanged: 9 } }),
    );
    expect((await keeperStatus()).lastSync).toEqual({
      state: 'ok',
      startedAt: '2026-03-02T10:40:00.000Z',
      finishedAt: '2026-03-02T10:42:00.000Z',
      documentTimestamp: '2026-03-02T10:00:00Z',
      failure: null,
      reason: null,
      counts: { created: 2, commented: 1, transitioned: 4 },
    });
  });

  test('failed: the failure, in the words the popup shows; a sync that counted nothing has no counts', async () => {
    await configure(ready);
    await idbKeeperStore.putStatus(status({ state: 'failed', failure: jiraDown }));
    expect((await keeperStatus()).lastSync).toMatchObject({
      state: 'failed',
      failure: jiraDown,
      reason: 'Jira had an internal error (HTTP 500).',
      counts: null,
    });
  });

  test('running', async () => {
    await configure(ready);
    await idbKeeperStore.putStatus(status({ state: 'running', finishedAt: null }));
    expect((await keeperStatus()).lastSync).toMatchObject({ state: 'running', finishedAt: null });
  });

  test('runs the last sync could not keep, by name; older failures and kept runs are not listed', async () => {
    await configure(ready);
    await idbKeeperStore.putStatus(status({ counts: { created: 1, failed: 2 } }));
    const forbidden: Failure = {
      kind: 'unauthorized',
      system: 'Jira',
      url: `${JIRA}/rest/api/2/issue/GLT-9/transitions`,
      status: 403,
    };
    await idbKeeperStore.putRun(run('RUN_B', { issueKey: 'GLT-9', outcome: 'failed', failure: forbidden }));
    await idbKeeperStore.putRun(run('RUN_A', { issueKey: null, outcome: 'search-failed', failure: jiraDown }));
    await idbKeeperStore.putRun(
      run('RUN_OLD', { outcome: 'failed', failure: jiraDown, syncedAt: '2026-03-01T08:00:00.000Z' }),
    );
    await idbKeeperStore.putRun(run('RUN_FINE'));
    expect((await keeperStatus()).runErrors).toEqual([
      { runName: 'RUN_A', issueKey: null, reason: 'Jira had an internal error (HTTP 500).' },
      { runName: 'RUN_B', issueKey: 'GLT-9', reason: 'Jira needs you to log in again.' },
    ]);
  });
});
