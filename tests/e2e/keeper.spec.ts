import type { Page, Worker } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Run, Sample } from '../../lib/cardea/schema';
import { KeeperStatus } from '../../lib/keeper/records';
import { NotificationList } from '../../lib/messages/protocol';
import type { QcNodeDto } from '../../lib/miso/schema';
import { runNotification, type RunNotification } from '../../lib/qc/notifications';
import { formatStateCode, stateCodeOf } from '../../lib/qc/state-code';
import { ALL_SIGNED_OFF_COMMENT } from '../../lib/qc/ticket-text';
import type { Sandbox } from '../../sandbox/server';
import type { JiraIssueRecord } from '../../sandbox/jira/state';
import { expect, test } from './fixtures';
import { runsOf } from './run-expectations';

// The ticket keeper end to end: the built extension in Chromium (and the Node command) against the
// sandbox's Cardea, MISO and Jira. Sign-offs are made in the sandbox MISO, reach Cardea after the
// ETL delay, and the keeper acts after the extension's next poll.

const SUFFIX = ' Dimsum Run QC';
const CODE = /<R\dA\d+Q\d+D\d+>$/;

interface RunData {
  run: Run;
  samples: Sample[];
  ready: RunNotification | null;
  open: RunNotification | null;
}

/** Every run in the sandbox's Cardea document with its notifications, both ways (docs/notifications-and-tickets.md#readiness, docs/notifications-and-tickets.md#desired-ticket-state). */
function runsNow(sandbox: Sandbox): Map<string, RunData> {
  const runs = new Map<string, RunData>();
  for (const [name, { run, lq, fd }] of runsOf(sandbox.world.caseData)) {
    const input = { run, lq: [...lq.values()], fd: [...fd.values()] };
    runs.set(name, {
      run,
      samples: [...input.lq, ...input.fd],
      ready: runNotification({ ...input, hasOpenTicket: false }),
      open: runNotification({ ...input, hasOpenTicket: true }),
    });
  }
  return runs;
}

const ticketsOf = (sandbox: Sandbox, runName: string): JiraIssueRecord[] =>
  sandbox.jira.issues().filter((i) => i.summary === `${runName}${SUFFIX}`);
const codeOf = (text: string | null | undefined) => (text ? (CODE.exec(text)?.[0] ?? text) : null);
const codeFor = (n: RunNotification) => formatStateCode(stateCodeOf(n));

/** The keeper's last sync as the extension recorded it (its IndexedDB keep store). */
function keeperStatus(background: Worker): Promise<KeeperStatus | null> {
  return background
    .evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('bao');
          // Never create Bao's database from here: before the extension made it, there is no status.
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => (open.error?.name === 'AbortError' ? resolve(null) : reject(open.error));
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('keeper')) {
              db.close();
              return resolve(null);
            }
            const get = db.transaction('keeper').objectStore('keeper').get('status');
            get.onsuccess = () => {
              resolve(get.result ?? null);
              db.close();
            };
          };
        }),
    )
    .then((raw) => KeeperStatus.nullable().parse(raw));
}

/** Waits until the extension's keeper finished a sync of the sandbox's current Cardea data. */
async function extensionSynced(background: Worker, sandbox: Sandbox): Promise<KeeperStatus> {
  let last: KeeperStatus | null = null;
  await expect
    .poll(
      async () => {
        last = await keeperStatus(background);
        return last?.documentTimestamp === sandbox.world.timestamp && last.state !== 'running' ? last.state : 'waiting';
      },
      { timeout: 60_000 },
    )
    .toBe('ok');
  return last!;
}

/** Makes a sign-off in the sandbox MISO as the reviewer `admin`: QC passed, then data review passed. */
function signOff(
  sandbox: Sandbox,
  run: Run,
  sampleIds: string[],
  options: { review: boolean; runLevel?: boolean },
): void {
  const misoRun = sandbox.miso.run(run.id);
  if (!misoRun) throw new Error(`MISO has no run ${run.id}`);
  const nodes: QcNodeDto[] = [];
  for (const id of sampleIds) {
    const rl = misoRun.runLibraries.find((r) => r.cardeaId === id);
    if (!rl) throw new Error(`MISO has no run-library ${id}`);
    const node: Omit<QcNodeDto, 'dataReview'> = {
      entityType: 'Run-Library',
      typeLabel: null,
      id: null,
      ids: [run.id, rl.partitionId, rl.aliquotId],
      name: null,
      label: null,
      qcPassed: true,
      qcStatusId: 1,
      qcNote: null,
    };
    nodes.push({ ...node, dataReview: null });
    if (options.review) nodes.push({ ...node, dataReview: true });
  }
  if (options.runLevel) {
    const runNode: Omit<QcNodeDto, 'dataReview'> = {
      entityType: 'Run',
      typeLabel: 'Run',
      id: run.id,
      ids: null,
      name: run.name,
      label: run.name,
      qcPassed: true,
      qcStatusId: null,
      qcNote: null,
    };
    nodes.push({ ...runNode, dataReview: null }, { ...runNode, dataReview: true });
  }
  sandbox.miso.applyQcNodes(nodes, 'admin');
}

async function notificationList(page: Page): Promise<NotificationList> {
  const answer = await page.evaluate(() =>
    chrome.runtime.sendMessage({ id: 1, type: 'getNotifications', data: undefined, timestamp: Date.now() }),
  );
  return NotificationList.parse(z.object({ res: z.unknown() }).parse(answer).res);
}

const keeperOn = { keeperEnabled: true, jiraProject: 'GLT' };
const botToken = { jiraToken: 'sandbox-pat-qc-bot' };

test('the keeper keeps one ticket per run through its lifecycle, and leaves "Won\'t Do" alone', async ({
  sandbox,
  background,
  configure,
  openExtensionPage,
}) => {
  test.setTimeout(150_000);
  const seeded = sandbox.jira.issues();
  await configure(keeperOn, botToken);
  const first = await extensionSynced(background, sandbox);
  expect(first.failure).toBeNull();

  // A ready run gets exactly one ticket, with the text for its counts; the seeded tickets keep theirs.
  const runs = runsNow(sandbox);
  const ready = [...runs.values()].filter((r) => r.ready);
  expect(ready.length).toBeGreaterThan(3);
  for (const { run, ready: n } of ready) {
    const tickets = ticketsOf(sandbox, run.name);
    expect(tickets, run.name).toHaveLength(1);
    if (seeded.some((i) => i.key === tickets[0].key)) continue;
    expect(tickets[0]).toMatchObject({ reporter: 'qc.bot', status: 'Open', comments: [] });
    expect(codeOf(tickets[0].description)).toBe(codeFor(n!));
    expect(tickets[0].description).toContain(`[See metrics in Bao|${sandbox.urls.miso}/run/alias/${run.name}]`);
  }
  for (const issue of seeded) expect(sandbox.jira.getIssue(issue.key), issue.key).toEqual(issue);

  // Pick the runs for each step from the data, by what is pending.
  const created = ready.filter((r) => !seeded.some((i) => i.summary === `${r.run.name}${SUFFIX}`));
  const pendingQcIds = (r: RunData) => r.ready!.pendingQc.map((l) => l.id);
  const pendingReviewIds = (r: RunData) => r.ready!.pendingDataReview.map((l) => l.id);
  const hasPendingLibraries = (r: RunData) => pendingQcIds(r).length + pendingReviewIds(r).length > 0;
  // The most particular first: only analysis left once signed off, with the run's own QC still pending (docs/notifications-and-tickets.md#desired-ticket-state).
  const forIncomplete = created.find(
    (r) => r.ready!.pendingAnalysis.length > 0 && hasPendingLibraries(r) && !r.run.qcDate,
  );
  const forComment = created.find((r) => r !== forIncomplete && r.ready!.pendingQc.length >= 2);
  const forWontDo = created.find((r) => ![forIncomplete, forComment].includes(r) && hasPendingLibraries(r));
  const forDone = created.find(
    (r) => ![forIncomplete, forComment, forWontDo].includes(r) && r.ready!.pendingAnalysis.length === 0,
  );
  for (const [name, picked] of Object.entries({ forComment, forIncomplete, forDone, forWontDo }))
    expect(picked, name).toBeDefined();
  const key = (r: RunData) => ticketsOf(sandbox, r.run.name)[0].key;
  const wontDoKey = key(forWontDo!);
  sandbox.jira.setResolution(wontDoKey, "Won't Do");
  const wontDoBefore = sandbox.jira.getIssue(wontDoKey);

  // The sign-offs, made in MISO: one library QC'd; everything but analysis signed off; everything signed off; and
  // a change on the run whose ticket someone set to "Won't Do".
  signOff(sandbox, forComment!.run, pendingQcIds(forComment!).slice(0, 1), { review: false });
  signOff(sandbox, forIncomplete!.run, [...pendingQcIds(forIncomplete!), ...pendingReviewIds(forIncomplete!)], {
    review: true,
  });
  signOff(sandbox, forDone!.run, [...pendingQcIds(forDone!), ...pendingReviewIds(forDone!)], {
    review: true,
    runLevel: true,
  });
  signOff(sandbox, forWontDo!.run, [...pendingQcIds(forWontDo!), ...pendingReviewIds(forWontDo!)].slice(0, 1), {
    review: true,
  });
  await sandbox.world.etlSettled();
  // After the ETL delay Cardea has moved; the extension's next poll (every 5 s) brings the keeper in.
  const second = await extensionSynced(background, sandbox);
  expect(second.failure).toBeNull();
  const after = runsNow(sandbox);

  const commented = sandbox.jira.getIssue(key(forComment!))!;
  const expected = after.get(forComment!.run.name)!.open!;
  expect(expected.pendingQc.length).toBe(forComment!.ready!.pendingQc.length - 1);
  expect(commented.comments.map((c) => codeOf(c.body))).toEqual([codeFor(expected)]);
  expect(commented.status).toBe('Open');

  const paused = sandbox.jira.getIssue(key(forIncomplete!))!;
  expect([paused.status, paused.resolution]).toEqual(['Closed', 'Incomplete']);
  expect(paused.comments.map((c) => codeOf(c.body))).toEqual([codeFor(after.get(forIncomplete!.run.name)!.open!)]);
  expect(paused.comments[0].body.startsWith('Run is pending QC.')).toBe(true);

  const done = sandbox.jira.getIssue(key(forDone!))!;
  expect([done.status, done.resolution]).toEqual(['Closed', 'Done']);
  expect(done.comments.map((c) => c.body)).toEqual([ALL_SIGNED_OFF_COMMENT]);

  expect(sandbox.jira.getIssue(wontDoKey)).toEqual(wontDoBefore);

  // The popup's list: ticket keys and states; the "Won't Do" run is gone from it.
  const page = await openExtensionPage('popup.html');
  const list = await notificationList(page);
  expect(list.runs.find((r) => r.runName === forWontDo!.run.name)).toBeUndefined();
  expect(list.runs.find((r) => r.runName === forComment!.run.name)).toMatchObject({
    issueKey: key(forComment!),
    issueState: 'OPEN',
  });
  expect(list.runs.find((r) => r.runName === forIncomplete!.run.name)).toMatchObject({
    issueKey: key(forIncomplete!),
    issueState: 'PAUSED',
  });
});

test('a 429 storm from Jira delays the keeper but loses no update', async ({ sandbox, background, configure }) => {
  test.setTimeout(120_000);
  await configure(keeperOn, botToken);
  await extensionSynced(background, sandbox);
  const target = [...runsNow(sandbox).values()].find(
    (r) => r.ready && r.ready.pendingQc.length >= 2 && ticketsOf(sandbox, r.run.name)[0]?.reporter === 'qc.bot',
  );
  expect(target).toBeDefined();
  const ticketKey = ticketsOf(sandbox, target!.run.name)[0].key;

  sandbox.world.faults.add({ system: 'jira', path: '/rest/api/2/search', status: 429, retryAfterSeconds: 1, times: 5 });
  sandbox.world.faults.add({
    system: 'jira',
    path: `/rest/api/2/issue/${ticketKey}/comment`,
    method: 'POST',
    status: 429,
    retryAfterSeconds: 1,
    times: 2,
  });
  signOff(sandbox, target!.run, [target!.ready!.pendingQc[0].id], { review: false });
  await sandbox.world.etlSettled();
  const status = await extensionSynced(background, sandbox);
  expect(status.failure).toBeNull();

  const expected = runsNow(sandbox).get(target!.run.name)!.open!;
  expect(sandbox.jira.getIssue(ticketKey)!.comments.map((c) => codeOf(c.body))).toEqual([codeFor(expected)]);
  // The storm really hit the keeper: every limited request was used up by it.
  const search = await fetch(`${sandbox.urls.jira}/rest/api/2/search?jql=${encodeURIComponent('project = GLT')}`, {
    headers: { Authorization: 'Bearer sandbox-pat-tess' },
  });
  expect(search.status).toBe(200);
});

test('the extension and the Node command at once leave one ticket per run and one comment per change', async ({
  sandbox,
  background,
  configure,
  tempDir,
}) => {
  test.setTimeout(150_000);
  const dir = await tempDir();
  const config = path.join(dir, 'keeper.json');
  await writeFile(
    config,
    JSON.stringify({
      cardeaUrl: sandbox.urls.cardea,
      misoUrl: sandbox.urls.miso,
      jira: { url: sandbox.urls.jira, project: 'GLT', tokenEnv: 'BAO_E2E_JIRA_TOKEN' },
      stateFile: 'state.json',
      intervalSeconds: 5,
    }),
  );
  const nodeStatus = async () => {
    const parsed = z
      .object({ status: KeeperStatus.nullable() })
      .safeParse(JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8').catch(() => '{}')));
    return parsed.success ? parsed.data.status : null;
  };
  const nodeSynced = () =>
    expect
      .poll(
        async () => {
          const s = await nodeStatus();
          return s?.documentTimestamp === sandbox.world.timestamp ? s.state : 'waiting';
        },
        { timeout: 60_000 },
      )
      .toBe('ok');

  // Jira writes slowly here, so each keeper decides before the other's writes land: they race for real.
  sandbox.world.faults.add({ system: 'jira', path: '/rest/api/2/issue', method: 'POST', latencyMs: 2000 });
  let child: ChildProcess | undefined;
  const output: string[] = [];
  try {
    child = spawn(process.execPath, ['bin/bao-keeper.mjs', '--config', config], {
      env: { ...process.env, BAO_E2E_JIRA_TOKEN: 'sandbox-pat-qc-bot' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await configure(keeperOn, botToken);
    await Promise.all([extensionSynced(background, sandbox), nodeSynced()]);

    const ready = [...runsNow(sandbox).values()].filter((r) => r.ready);
    for (const { run } of ready) {
      expect(
        ticketsOf(sandbox, run.name).filter((i) => i.resolution !== 'Duplicate'),
        run.name,
      ).toHaveLength(1);
    }

    const target = ready.find(
      (r) => r.ready!.pendingQc.length >= 2 && ticketsOf(sandbox, r.run.name)[0].reporter === 'qc.bot',
    );
    expect(target).toBeDefined();
    const ticketKey = ticketsOf(sandbox, target!.run.name)[0].key;
    const before = sandbox.jira.getIssue(ticketKey)!.comments.length;
    signOff(sandbox, target!.run, [target!.ready!.pendingQc[0].id], { review: false });
    await sandbox.world.etlSettled();
    await Promise.all([extensionSynced(background, sandbox), nodeSynced()]);

    const expected = runsNow(sandbox).get(target!.run.name)!.open!;
    const comments = sandbox.jira.getIssue(ticketKey)!.comments;
    expect(comments.slice(before).map((c) => codeOf(c.body))).toEqual([codeFor(expected)]);
    for (const { run } of ready) {
      expect(
        ticketsOf(sandbox, run.name).filter((i) => i.resolution !== 'Duplicate'),
        run.name,
      ).toHaveLength(1);
    }
  } catch (error) {
    console.log(output.join(''));
    throw error;
  } finally {
    child?.kill('SIGTERM');
  }
});
