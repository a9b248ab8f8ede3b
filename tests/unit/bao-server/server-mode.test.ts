// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startKeeper } from '../../../lib/background/keeper';
import { messageHandlers } from '../../../lib/background/messages';
import { startPipeline, type Pipeline } from '../../../lib/background/pipeline';
import { readRunView } from '../../../lib/bao-server/run-view';
import {
  getCaseRecord,
  getCurrentIndex,
  getRunView,
  listCaseRecords,
  listNotifications,
  openBaoDb,
} from '../../../lib/db';
import { ticketsByRun } from '../../../lib/keeper/state';
import type { NotificationList, RunData } from '../../../lib/messages/protocol';
import type { SettingsInput } from '../../../lib/storage';
import { DONE, MISEQ, NOVASEQ } from '../pipeline/document';
import { CARDEA, FakeCardea } from '../pipeline/fake-cardea';
import { freshDatabase, generationsOnDisk } from '../pipeline/helpers';
import { BAO, casesOf, FakeBaoServer, snapshotOf, withCases, type Snapshot } from './fake-bao-server';

let cardea: FakeCardea;
let snapshot: Snapshot;
let server: FakeBaoServer;
let pipeline: Pipeline | undefined;

async function configure(settings: Partial<SettingsInput>): Promise<void> {
  await fakeBrowser.storage.local.set({ settings });
}

async function start(): Promise<Pipeline> {
  pipeline = startPipeline();
  await pipeline.ready;
  return pipeline;
}

const badge = async () => ({
  text: await fakeBrowser.action.getBadgeText({}),
  title: await fakeBrowser.action.getTitle({}),
});

async function notificationList(p: Pipeline): Promise<NotificationList> {
  return messageHandlers({ pipeline: p }).getNotifications!(undefined, { kind: 'extension-page' } as never);
}

async function runData(p: Pipeline, runName: string): Promise<RunData> {
  const result = await messageHandlers({ pipeline: p }).getRunData!({ runName }, { kind: 'extension-page' } as never);
  if (!result.ok) throw new Error(`getRunData failed: ${JSON.stringify(result)}`);
  return result.value;
}

const runFiles = () => server.calls.filter((c) => c.path.startsWith('/runs/'));
const caseFiles = () => server.calls.filter((c) => c.path.startsWith('/cases/'));

beforeEach(async () => {
  fakeBrowser.reset();
  await freshDatabase();
  cardea = new FakeCardea().install();
  snapshot = await snapshotOf(cardea);
  server = new FakeBaoServer(snapshot).install();
  await configure({ baoServerUrl: BAO, pollSeconds: 60 });
});

afterEach(() => {
  pipeline?.stop();
  pipeline = undefined;
});

describe('differential: the same Cardea document read directly and through a Bao server', () => {
  test('gives the same badge, run list, case list and run views', async () => {
    // Direct mode first, in its own database.
    const direct = new FakeCardea().install();
    await configure({ cardeaUrl: CARDEA, pollSeconds: 60 });
    const d = await start();
    const directBadge = await badge();
    const directList = await notificationList(d);
    const directCases = (await listCaseRecords()).records;
    const directViews = await Promise.all([MISEQ, NOVASEQ, DONE].map((run) => getRunView(run)));
    expect(direct.count('/dimsum')).toBe(1);
    d.stop();

    fakeBrowser.reset();
    await freshDatabase();
    server.install();
    await configure({ baoServerUrl: BAO, pollSeconds: 60 });
    const s = await start();
    expect(await badge()).toEqual(directBadge);
    expect(await notificationList(s)).toEqual(directList);
    expect((await listCaseRecords()).records).toEqual(directCases);
    const serverViews = await Promise.all([MISEQ, NOVASEQ, DONE].map((run) => readRunView(run)));
    const comparable = (view: Awaited<ReturnType<typeof getRunView>>) => view && { ...view, index: undefined };
    expect(serverViews.map(comparable)).toEqual(directViews.map(comparable));
    expect(serverViews.every((v) => v !== undefined)).toBe(true);
    // Nothing went to Cardea: no /timestamp, no /dimsum.
    expect(server.elsewhere).toEqual([]);
  });
});

describe('polling index.json', () => {
  test('a 304 is idle; a new snapshot is a new generation; run files only when an overlay asks', async () => {
    const p = await start();
    expect(server.calls.filter((c) => !c.path.startsWith('/cases/')).map((c) => c.path)).toEqual(['/index.json']);
    expect(caseFiles()).toHaveLength(snapshot.index.caseFiles.length);
    expect(runFiles()).toEqual([]);
    const first = (await getCurrentIndex())!;
    expect(first.source).toBe(BAO);
    expect(first.document.timestamp).toBe(cardea.timestamp);

    await p.poll('manual');
    expect(server.calls.at(-1)).toMatchObject({ path: '/index.json', ifNoneMatch: '"idx-1"', status: 304 });
    expect((await getCurrentIndex())!.generation).toBe(first.generation);

    // The overlay asks twice: one download.
    expect(await runData(p, NOVASEQ)).toMatchObject({ status: 'found', asOf: cardea.timestamp });
    expect(await runData(p, NOVASEQ)).toMatchObject({ status: 'found' });
    expect(runFiles()).toHaveLength(1);

    // A new snapshot in which NOVASEQ's file is unchanged: it is carried over, not downloaded again.
    const next = structuredClone(snapshot);
    next.index.generation = 'g-next';
    next.index.cardea.timestamp = '2023-01-12T11:00:00Z';
    server.publish(next);
    await p.poll('manual');
    expect((await getCurrentIndex())!.generation).toBeGreaterThan(first.generation);
    expect(await runData(p, NOVASEQ)).toMatchObject({ status: 'found', asOf: '2023-01-12T11:00:00Z' });
    expect(runFiles()).toHaveLength(1);
    // Its case files are the same ones: none is downloaded again.
    expect(caseFiles()).toHaveLength(snapshot.index.caseFiles.length);
    // Only one generation stays on disk.
    expect(new Set(Object.values(await generationsOnDisk()).flat()).size).toBe(1);
  });

  test('a run index.json does not list is not in Cardea, as in direct mode', async () => {
    const p = await start();
    expect(await runData(p, '999999_X_NOT_A_RUN')).toMatchObject({ status: 'not-found' });
    expect(runFiles()).toEqual([]);
  });

  test('the badge counts from index.json alone', async () => {
    await start();
    // 2 runs require action and 3 cases wait in the small document.
    expect((await badge()).text).toBe('5');
    expect(runFiles()).toEqual([]);
  });
});

describe('case files', () => {
  const storedCaseFileNames = async () => (await openBaoDb()).getAllKeys('caseFiles');

  test('a change fetches only the case files it does not have, and the ones no longer listed are dropped', async () => {
    const p = await start();
    const cases = casesOf(snapshot);
    expect(cases.length).toBeGreaterThan(1);
    const changed = cases[0];
    const next = withCases(
      structuredClone(snapshot),
      cases.map((c) => (c.id === changed.id ? { ...c, latestActivityDate: '2030-01-01' } : c)),
    );
    next.index.generation = 'g-next';
    const fresh = next.index.caseFiles.filter((entry, i) => entry.file !== snapshot.index.caseFiles[i].file);
    expect(fresh).toHaveLength(1);
    server.publish(next);
    const before = caseFiles().length;
    await p.poll('manual');
    expect(
      caseFiles()
        .slice(before)
        .map((c) => c.path),
    ).toEqual([`/${fresh[0].file}`]);
    expect((await listCaseRecords()).records.find((c) => c.id === changed.id)?.latestActivityDate).toBe('2030-01-01');
    expect(await getCaseRecord(changed.id)).toMatchObject({ id: changed.id, latestActivityDate: '2030-01-01' });
    expect((await storedCaseFileNames()).sort()).toEqual(next.index.caseFiles.map((entry) => entry.file).sort());
  });

  test('a corrupt case file: an error naming the Bao server and the file, last good data kept', async () => {
    const p = await start();
    const before = await listCaseRecords();
    const cases = casesOf(snapshot);
    const next = withCases(
      structuredClone(snapshot),
      cases.map((c, i) => (i === 0 ? { ...c, latestActivityDate: '2030-01-01' } : c)),
    );
    next.index.generation = 'g-corrupt';
    const bad = next.index.caseFiles.find((entry, i) => entry.file !== snapshot.index.caseFiles[i].file)!;
    server.publish(next);
    server.fault = (path) =>
      path === `/${bad.file}` ? new Response('{"format":2,"bucket":0,"cases":[{"id":1}]}') : undefined;
    const status = await p.poll('manual');
    expect(status.failure).toMatchObject({ system: 'Bao server', kind: 'invalid' });
    expect((await badge()).text).toBe('!');
    expect((await badge()).title).toContain(bad.file);
    expect((await getCurrentIndex())!.generation).toBe(before.index!.generation);
    expect((await listCaseRecords()).records).toEqual(before.records);

    // Fixed on the server: the next poll takes the new snapshot.
    server.fault = undefined;
    server.publish(next);
    expect((await p.poll('manual')).failure).toBeNull();
    expect((await listCaseRecords()).records.find((c) => c.id === cases[0].id)?.latestActivityDate).toBe('2030-01-01');
  });
});

describe('failures', () => {
  test('server down: last good data kept, ! naming the Bao server, then recovery', async () => {
    const p = await start();
    server.fault = () => new Response('Bad Gateway', { status: 502 });
    const status = await p.poll('manual');
    expect(status.failure).toMatchObject({ system: 'Bao server', kind: 'server' });
    expect(await badge()).toMatchObject({ text: '!' });
    expect((await badge()).title).toContain('Bao server');
    expect((await listNotifications()).notifications).toHaveLength(2);
    expect((await notificationList(p)).stale).toBe(true);

    server.fault = undefined;
    expect((await p.poll('manual')).failure).toBeNull();
    expect((await badge()).text).toBe('5');
  });

  test('a truncated index.json: an error naming the file, last good data kept', async () => {
    const p = await start();
    const before = (await getCurrentIndex())!.generation;
    server.publish({ ...snapshot });
    server.fault = (path) =>
      path === '/index.json' ? new Response('{"format":1,"gener', { headers: { ETag: '"cut"' } }) : undefined;
    const status = await p.poll('manual');
    expect(status.failure).toMatchObject({ system: 'Bao server', kind: 'malformed' });
    expect((await badge()).title).toContain('index.json');
    expect((await getCurrentIndex())!.generation).toBe(before);
    expect((await badge()).text).toBe('!');
  });

  test('a corrupt run file: the overlay gets an error naming the file; the run list stays', async () => {
    const p = await start();
    const entry = snapshot.index.runs.find((r) => r.runName === NOVASEQ)!;
    server.fault = (path) => (path.startsWith('/runs/') ? new Response('{"format":1,"runName":1}') : undefined);
    const result = await messageHandlers({ pipeline: p }).getRunData!({ runName: NOVASEQ }, {
      kind: 'extension-page',
    } as never);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(entry.file);
    expect((await notificationList(p)).runs).toHaveLength(2);
  });

  test('index.json saying Cardea fails: the data is served and the status says Cardea fails', async () => {
    const p = await start();
    const failing = structuredClone(snapshot);
    failing.index.cardea.failure = { kind: 'network', system: 'Cardea', url: `${CARDEA}/timestamp` };
    server.publish(failing);
    const status = await p.poll('manual');
    expect(status.failure).toMatchObject({ system: 'Cardea', kind: 'network' });
    expect((await badge()).title).toContain('Cardea');
    expect((await notificationList(p)).runs).toHaveLength(2);
    // The next poll is a 304 and still knows Cardea is failing.
    expect((await p.poll('manual')).failure).toMatchObject({ system: 'Cardea' });
    expect(server.calls.at(-1)!.status).toBe(304);
  });
});

describe('tickets come from the server', () => {
  test('run rows carry the server keeper tickets; a Won’t Do run is off the badge and the list', async () => {
    fakeBrowser.reset();
    await freshDatabase();
    cardea.install();
    const withTickets = await snapshotOf(cardea, {
      [NOVASEQ]: { issueKey: 'GLT-7', issueState: 'OPEN' },
      [MISEQ]: { issueKey: 'GLT-8', issueState: 'OVERRIDDEN' },
    });
    server = new FakeBaoServer(withTickets).install();
    await configure({ baoServerUrl: BAO, pollSeconds: 60 });
    const p = await start();
    expect((await ticketsByRun()).get(NOVASEQ)).toEqual({ issueKey: 'GLT-7', issueState: 'OPEN' });
    const rows = (await notificationList(p)).runs;
    expect(rows.map((r) => [r.runName, r.issueKey])).toEqual([[NOVASEQ, 'GLT-7']]);
    // One run waiting (the other is Won't Do) and 3 cases.
    expect((await badge()).text).toBe('4');
  });

  test('the popup’s keeper line is the server keeper’s', async () => {
    await configure({ baoServerUrl: BAO, keeperEnabled: true, pollSeconds: 60 });
    const p = await start();
    const keeperStatus = () =>
      messageHandlers({ pipeline: p }).getKeeperStatus!(undefined, { kind: 'extension-page' } as never);
    // The server runs no keeper: off, whatever this browser's options say.
    expect(await keeperStatus()).toMatchObject({ ok: true, value: { enabled: false } });

    const withKeeper = structuredClone(snapshot);
    const failure = {
      kind: 'unauthorized' as const,
      system: 'Jira' as const,
      url: 'https://jira.lab.org/rest/api/2/myself',
    };
    withKeeper.index.keeper = { lastSyncAt: '2023-01-12T10:05:00Z', failure };
    server.publish(withKeeper);
    await p.poll('manual');
    expect(await keeperStatus()).toMatchObject({
      ok: true,
      value: {
        enabled: true,
        lastSync: { state: 'failed', finishedAt: '2023-01-12T10:05:00Z', reason: 'Jira needs you to log in again.' },
      },
    });
  });

  test('the in-browser keeper does not run in server mode', async () => {
    await configure({
      baoServerUrl: BAO,
      jiraUrl: 'https://jira.lab.org',
      jiraProject: 'GLT',
      keeperEnabled: true,
      pollSeconds: 60,
    });
    await start();
    const keeper = startKeeper();
    await keeper.ready;
    await keeper.sync('committed');
    keeper.stop();
    expect(server.elsewhere).toEqual([]);
  });
});
