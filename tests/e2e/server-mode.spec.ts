import type { BrowserContext, Page, Worker } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { caseRecord } from '../../lib/cardea/records';
import { CaseData, type CaseDataInput } from '../../lib/cardea/schema';
import { countWaiting } from '../../lib/case-signoff/steps';
import { NotificationList, PipelineStatus } from '../../lib/messages/protocol';
import { runNotification } from '../../lib/qc/notifications';
import type { Sandbox } from '../../sandbox/server';
import {
  askBackground,
  backgroundOf,
  configureExtension,
  launchWithExtension,
  loginToSandbox,
  sandboxSecrets,
  sandboxSettings,
} from '../../scripts/lib/extension-browser';
import { keeperStateFile, startKeeperServer, startSandboxServer } from './bao-server';
import { expect, test } from './fixtures';
import { notificationsOf, runsOf } from './run-expectations';

// Server mode against the sandbox: a Bao server in this process reads the sandbox's Cardea, and the extension
// reads the server. Direct mode is the reference: the same Cardea document must look the same either way.

/** How often the sandbox's Cardea was asked for its whole document. */
async function dimsumDownloads(sandbox: Sandbox): Promise<number> {
  const counts = z
    .record(z.string(), z.number())
    .parse(await (await fetch(`${sandbox.urls.cardea}/__sandbox/cardea/requests`)).json());
  return counts['/dimsum'] ?? 0;
}

/** The badge counts runs requiring action and cases waiting for a case sign-off. */
function waitingOnBadge(caseData: CaseDataInput): string {
  const runs = [...notificationsOf(caseData).values()].filter(
    ({ notification }) => notification?.requiresAction,
  ).length;
  const n = runs + countWaiting(CaseData.parse(caseData).cases.map(caseRecord));
  return n > 99 ? '99+' : n > 0 ? String(n) : '';
}

const badgeText = (background: Worker) => background.evaluate(() => chrome.action.getBadgeText({}));
const badgeTitle = (background: Worker) => background.evaluate(() => chrome.action.getTitle({}));

/** Every run-library row of an overlay, with each metric cell's outcome. */
async function overlayCells(page: Page, url: string): Promise<{ id: string; cells: string[][] }[]> {
  await page.goto(url);
  const rows = page.locator('[data-bao="run-table"] [data-run-library]');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  return rows.evaluateAll((all) =>
    all.map((row) => ({
      id: row.getAttribute('data-run-library') ?? '',
      cells: [...row.querySelectorAll('[data-metric]')].map((cell) => [
        cell.getAttribute('data-metric') ?? '',
        cell.getAttribute('data-qc') ?? '',
      ]),
    })),
  );
}

/** The popup's Runs and Cases views, row by row, as text. */
async function popupRows(context: BrowserContext, extensionId: string): Promise<{ runs: string[]; cases: string[] }> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const runRows = popup.locator('[data-bao="runs-view"] tbody tr[data-run-name]');
  await expect(runRows.first()).toBeVisible({ timeout: 30_000 });
  const runs = await runRows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText));
  await popup.close();
  const casesPopup = await context.newPage();
  await casesPopup.goto(`chrome-extension://${extensionId}/popup.html#cases`);
  const caseRows = casesPopup.locator('[data-bao="cases-view"] tr[data-case-id]');
  await expect(caseRows.first()).toBeVisible({ timeout: 30_000 });
  const cases = await caseRows.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText));
  await casesPopup.close();
  return { runs, cases };
}

interface Seen {
  badge: string;
  title: string;
  notifications: NotificationList;
  rows: { runs: string[]; cases: string[] };
  jira: Awaited<ReturnType<typeof overlayCells>>;
  miso: Awaited<ReturnType<typeof overlayCells>>;
}

async function whatBaoShows(
  context: BrowserContext,
  background: Worker,
  sandbox: Sandbox,
  expectedBadge: string,
): Promise<Seen> {
  await expect.poll(() => badgeText(background), { timeout: 30_000 }).toBe(expectedBadge);
  const extensionId = new URL(background.url()).host;
  const ticket = sandbox.jira.seeded.open!;
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 1600 });
  const jira = await overlayCells(page, `${sandbox.urls.jira}/browse/${ticket.key}`);
  const miso = await overlayCells(page, `${sandbox.urls.miso}/run/alias/${ticket.runName}`);
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  const notifications = await askBackground(page, NotificationList, 'getNotifications');
  await page.close();
  return {
    badge: await badgeText(background),
    title: await badgeTitle(background),
    notifications,
    rows: await popupRows(context, extensionId),
    jira,
    miso,
  };
}

test('differential: one Cardea document read directly and through the Bao server looks the same', async ({
  tempDir,
  sandbox,
  context,
  background,
  configure,
}) => {
  test.setTimeout(120_000);
  const expectedBadge = waitingOnBadge(sandbox.world.caseData);
  await loginToSandbox(context, sandbox, { jira: 'tess', miso: 'admin' });
  await configure();
  const direct = await whatBaoShows(context, background, sandbox, expectedBadge);

  const server = await startSandboxServer(sandbox, await tempDir());
  const downloadsBefore = await dimsumDownloads(sandbox);
  const viaServer = await launchWithExtension();
  try {
    const serverBackground = await backgroundOf(viaServer);
    await configureExtension(
      serverBackground,
      sandboxSettings(sandbox, { baoServerUrl: server.url }),
      sandboxSecrets(sandbox),
    );
    await loginToSandbox(viaServer, sandbox, { jira: 'tess', miso: 'admin' });
    const served = await whatBaoShows(viaServer, serverBackground, sandbox, expectedBadge);
    expect(served.jira.length).toBeGreaterThan(0);
    expect(served.jira).toEqual(direct.jira);
    expect(served.miso).toEqual(direct.miso);
    expect(served.badge).toBe(direct.badge);
    expect(served.title).toBe(direct.title);
    expect(served.notifications).toEqual(direct.notifications);
    expect(served.rows).toEqual(direct.rows);
    // The browser in server mode never asked Cardea for its document.
    expect(await dimsumDownloads(sandbox)).toBe(downloadsBefore);
  } finally {
    await viaServer.close();
    await server.stop();
  }
});

test('five browsers, one server: one /dimsum download per Cardea change, and every badge follows it', async ({
  tempDir,
  sandbox,
}) => {
  test.setTimeout(180_000);
  const server = await startSandboxServer(sandbox, await tempDir());
  expect(await dimsumDownloads(sandbox)).toBe(1);
  const browsers: { context: BrowserContext; background: Worker }[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const context = await launchWithExtension();
      const background = await backgroundOf(context);
      browsers.push({ context, background });
      await configureExtension(
        background,
        sandboxSettings(sandbox, { baoServerUrl: server.url }),
        sandboxSecrets(sandbox),
      );
    }
    const before = waitingOnBadge(sandbox.world.caseData);
    for (const { background } of browsers)
      await expect.poll(() => badgeText(background), { timeout: 30_000 }).toBe(before);

    // A case that waits for its sign-off leaves Cardea's data: the badge counts one less.
    const data = CaseData.parse(sandbox.world.caseData);
    const waiting = data.cases.findIndex((c) => countWaiting([caseRecord(c)]) === 1);
    expect(waiting).toBeGreaterThanOrEqual(0);
    sandbox.world.scheduleEtl((caseData) => void caseData.cases.splice(waiting, 1));
    await sandbox.world.etlSettled();
    const after = waitingOnBadge(sandbox.world.caseData);
    expect(after).not.toBe(before);
    await server.pollNow();
    for (const { background } of browsers)
      await expect.poll(() => badgeText(background), { timeout: 30_000 }).toBe(after);
    expect(await dimsumDownloads(sandbox)).toBe(2);
  } finally {
    for (const { context } of browsers) await context.close();
    await server.stop();
  }
});

test('the server stopped and started again: the last good data stays, ! names the Bao server, then it recovers', async ({
  tempDir,
  sandbox,
  background,
  configure,
  openExtensionPage,
}) => {
  test.setTimeout(120_000);
  const publishDir = await tempDir();
  let server = await startSandboxServer(sandbox, publishDir);
  const url = server.url!;
  await configure({ baoServerUrl: url });
  const expected = waitingOnBadge(sandbox.world.caseData);
  await expect.poll(() => badgeText(background), { timeout: 30_000 }).toBe(expected);
  const page = await openExtensionPage('popup.html');
  const before = await askBackground(page, NotificationList, 'getNotifications');

  await server.stop();
  const down = await askBackground(page, PipelineStatus, 'pollNow');
  expect(down.failure).toMatchObject({ system: 'Bao server', kind: 'network' });
  await expect.poll(() => badgeText(background)).toBe('!');
  expect(await badgeTitle(background)).toContain('Bao server');
  const stale = await askBackground(page, NotificationList, 'getNotifications');
  expect(stale).toEqual({ ...before, stale: true });
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByRole('alert')).toContainText('Bao server');
  await expect(popup.getByRole('alert')).toContainText('last good data');

  server = await startSandboxServer(sandbox, publishDir, { port: Number(new URL(url).port) });
  try {
    const up = await askBackground(page, PipelineStatus, 'pollNow');
    expect(up.failure).toBeNull();
    await expect.poll(() => badgeText(background)).toBe(expected);
    expect(await askBackground(page, NotificationList, 'getNotifications')).toEqual(before);
  } finally {
    await server.stop();
  }
});

test('the PAUSED rule uses the server’s ticket knowledge: an open ticket keeps a run on the list', async ({
  tempDir,
  sandbox,
  background,
  configure,
  openExtensionPage,
}) => {
  test.setTimeout(120_000);
  // A run with no notification of its own, which keeps one while its ticket is open (only analysis left, say).
  const candidates = [...runsOf(sandbox.world.caseData)].flatMap(([runName, { run, lq, fd }]) => {
    const input = { run, lq: [...lq.values()], fd: [...fd.values()] };
    const withTicket = runNotification({ ...input, hasOpenTicket: true });
    return runNotification({ ...input, hasOpenTicket: false }) === null && withTicket ? [{ runName, withTicket }] : [];
  });
  const target =
    candidates.find((c) => c.withTicket.pendingQc.length + c.withTicket.pendingDataReview.length === 0) ??
    candidates[0];
  expect(target, 'the sandbox has a run that only an open ticket keeps on the list').toBeDefined();
  const { runName } = target!;

  // The server's keeper recorded an open ticket for it; Jira refuses the sync, so the record stays as it is.
  const keeperDir = await tempDir();
  const record = {
    runName,
    issueKey: 'GLT-4242',
    issueState: 'OPEN',
    code: null,
    listed: true,
    outcome: 'unchanged',
    syncedAt: new Date().toISOString(),
    failure: null,
  };
  await writeFile(
    keeperStateFile(keeperDir),
    JSON.stringify({ version: 1, cardeaTimestamp: null, status: null, runs: { [runName]: record } }),
  );
  sandbox.world.faults.add({ system: 'jira', path: '/rest/api/2/myself', status: 401 });
  const server = await startKeeperServer(sandbox, keeperDir);
  try {
    await configure({ baoServerUrl: server.url });
    await expect.poll(() => badgeText(background), { timeout: 30_000 }).not.toBe('');
    const page = await openExtensionPage('popup.html');
    await expect
      .poll(
        async () =>
          (await askBackground(page, NotificationList, 'getNotifications')).runs.find((r) => r.runName === runName),
        { timeout: 30_000 },
      )
      .toMatchObject({
        issueKey: 'GLT-4242',
        issueState: 'OPEN',
        pendingAnalysis: target!.withTicket.pendingAnalysis.length,
      });

    // Read directly, without the server's tickets (this browser's keeper is off), the run is not on the list.
    await configure({ baoServerUrl: '' });
    await expect
      .poll(async () => (await askBackground(page, PipelineStatus, 'getPipelineStatus')).cardeaUrl, { timeout: 30_000 })
      .toBe(sandbox.urls.cardea);
    await expect
      .poll(
        async () =>
          (await askBackground(page, NotificationList, 'getNotifications')).runs.some((r) => r.runName === runName),
        { timeout: 30_000 },
      )
      .toBe(false);
  } finally {
    await server.stop();
  }
});

test('an open popup shows the tickets the server’s keeper files, though Cardea’s document did not change', async ({
  tempDir,
  sandbox,
  background,
  configure,
  openExtensionPage,
}) => {
  test.setTimeout(120_000);
  // Jira refuses the first sync, so the first snapshot has no tickets at all.
  sandbox.world.faults.add({ system: 'jira', path: '/rest/api/2/myself', status: 401 });
  const keeperDir = await tempDir();
  const server = await startKeeperServer(sandbox, keeperDir);
  try {
    await configure({ baoServerUrl: server.url });
    await expect.poll(() => badgeText(background), { timeout: 30_000 }).not.toBe('');
    const popup = await openExtensionPage('popup.html');
    const rows = popup.locator('[data-bao="runs-view"] tbody tr[data-run-name]');
    await expect(rows.first()).toBeVisible({ timeout: 30_000 });
    await expect(popup.locator('[data-issue="ticket"]')).toHaveCount(0);
    const status = await askBackground(popup, PipelineStatus, 'getPipelineStatus');

    // Jira answers again: the server's next poll files the tickets and republishes index.json, same Cardea data.
    sandbox.world.faults.clear('jira');
    await server.pollNow();
    await expect(popup.locator('[data-issue="ticket"]').first()).toBeVisible({ timeout: 30_000 });
    expect((await askBackground(popup, PipelineStatus, 'getPipelineStatus')).documentTimestamp).toBe(
      status.documentTimestamp,
    );
  } finally {
    await server.stop();
  }
});
