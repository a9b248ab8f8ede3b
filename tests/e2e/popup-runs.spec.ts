import type { Locator, Page } from '@playwright/test';
import { z } from 'zod';
import type { CaseDataInput } from '../../lib/cardea/schema';
import { NotificationList } from '../../lib/messages/protocol';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { notificationsOf } from './run-expectations';

interface Counts {
  pendingAnalysis: number;
  pendingQc: number;
  pendingDataReview: number;
}

/** Every run's notification counts, computed from the document the sandbox's Cardea serves (docs/qc-rules.md#which-run-libraries-appear-where, docs/notifications-and-tickets.md#readiness). */
function expectedCounts(caseData: CaseDataInput): Map<string, Counts & { pendingQcIds: string[] }> {
  const counts = new Map<string, Counts & { pendingQcIds: string[] }>();
  for (const [runName, { notification: n }] of notificationsOf(caseData)) {
    if (!n) continue;
    counts.set(runName, {
      pendingAnalysis: n.pendingAnalysis.length,
      pendingQc: n.pendingQc.length,
      pendingDataReview: n.pendingDataReview.length,
      pendingQcIds: n.pendingQc.map((l) => l.id),
    });
  }
  return counts;
}

const withoutIds = ({ pendingAnalysis, pendingQc, pendingDataReview }: Counts): Counts => ({
  pendingAnalysis,
  pendingQc,
  pendingDataReview,
});

/** What the open popup shows: run name → the three count cells, read as numbers. */
function shownCounts(view: Locator): Promise<Record<string, Counts>> {
  return view.locator('tbody tr[data-run-name]').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => {
        const cell = (name: string) => Number(row.querySelector(`[data-count="${name}"]`)?.textContent);
        return [
          (row as HTMLElement).dataset.runName,
          {
            pendingAnalysis: cell('pending-analysis'),
            pendingQc: cell('pending-qc'),
            pendingDataReview: cell('pending-data-review'),
          },
        ];
      }),
    ),
  );
}

/** Asks the background directly, in the envelope the messaging library uses. */
async function reportedRuns(page: Page): Promise<NotificationList> {
  const answer = await page.evaluate(() =>
    chrome.runtime.sendMessage({ id: 1, type: 'getNotifications', timestamp: Date.now() }),
  );
  return NotificationList.parse(z.object({ res: z.unknown() }).parse(answer).res);
}

/** Passes one pending-QC run-library of `runName` through the sandbox MISO, as a technician would (docs/qc-in-miso.md#qc-status-writes). */
function passQc(sandbox: Sandbox, runName: string, runLibraryId: string): void {
  const run = sandbox.miso.runByAlias(runName);
  const runLibrary = run?.runLibraries.find((rl) => rl.cardeaId === runLibraryId);
  if (!runLibrary) throw new Error(`MISO has no run-library ${runLibraryId} on ${runName}`);
  const node = sandbox.miso.qcNodes(runLibrary).find((n) => n.entityType === 'Run-Library');
  const passed = sandbox.miso.options.runLibraryQcStatuses.find((s) => s.qcPassed === true);
  if (!node || !passed) throw new Error('no Run-Library node or passing status in the sandbox MISO');
  sandbox.miso.applyQcNodes([{ ...node, qcStatusId: passed.id, dataReview: null }], 'admin');
}

test('the Runs view shows every run the background reports, with the counts Cardea’s data gives', async ({
  sandbox,
  configure,
  openExtensionPage,
}) => {
  const expected = expectedCounts(sandbox.world.caseData);
  expect(expected.size, 'the demo dataset has runs waiting for a sign-off').toBeGreaterThan(0);
  await configure();
  const popup = await openExtensionPage('popup.html');
  const view = popup.locator('[data-bao="runs-view"]');
  await expect.poll(async () => (await reportedRuns(popup)).asOf, { timeout: 30_000 }).toBe(sandbox.world.timestamp);
  const reported = await reportedRuns(popup);
  await expect(view.locator('tbody tr').first()).toBeVisible();
  await popup.getByRole('checkbox', { name: 'Needs action only' }).uncheck();

  expect(reported.runs.map((r) => r.runName).sort()).toEqual([...expected.keys()].sort());
  const want = Object.fromEntries(reported.runs.map((r) => [r.runName, withoutIds(expected.get(r.runName)!)]));
  await expect.poll(() => shownCounts(view)).toEqual(want);

  // Latest completion first, as Dimsum's page; runs still without a date on top.
  const order = await view
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.runName));
  const dates = new Map(reported.runs.map((r) => [r.runName, r.completionDate]));
  const shownDates = order.map((name) => dates.get(name!) ?? null);
  const sorted = [...shownDates].sort((a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : b.localeCompare(a)));
  expect(shownDates).toEqual(sorted);

  // Each run links to its page in the sandbox MISO, and the tab counts the runs needing action.
  const first = reported.runs[0]!.runName;
  expect(sandbox.miso.runByAlias(first), 'MISO knows the run').toBeDefined();
  await expect(
    view.locator(`tr[data-run-name="${first}"]`).getByRole('link', { name: `Open ${first} in MISO` }),
  ).toHaveAttribute('href', `${sandbox.urls.miso}/run/alias/${first}`);
  await expect(popup.locator('#bao-tab-runs .bao-count')).toHaveText(
    String(reported.runs.filter((r) => r.requiresAction).length),
  );
});

test('keyboard: arrow down to a run and Enter opens its ticket, or its MISO run page', async ({
  context,
  sandbox,
  configure,
  openExtensionPage,
  loginMiso,
  loginJira,
}) => {
  await configure();
  await loginMiso('admin');
  await loginJira();
  const popup = await openExtensionPage('popup.html');
  const rows = popup.locator('[data-bao="runs-view"] tbody tr');
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1);
  const second = await rows.nth(1).getAttribute('data-run-name');
  const reported = (await reportedRuns(popup)).runs.find((r) => r.runName === second);
  const issueKey = z.object({ issueKey: z.string().nullish() }).parse(reported).issueKey;
  const expected = issueKey ? `${sandbox.urls.jira}/browse/${issueKey}` : `${sandbox.urls.miso}/run/alias/${second}`;

  await rows.first().focus();
  await popup.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toBeFocused();
  const opened = context.waitForEvent('page');
  await popup.keyboard.press('Enter');
  const tab = await opened;
  await tab.waitForLoadState();
  expect(tab.url()).toBe(expected);
  await expect(tab.locator('body')).toContainText(second!);
});

test('a QC sign-off in MISO shows up in the open popup after the ETL, without reopening it', async ({
  sandbox,
  configure,
  openExtensionPage,
}) => {
  const before = expectedCounts(sandbox.world.caseData);
  const target = [...before.entries()].find(([, c]) => c.pendingQc > 0);
  expect(target, 'the demo dataset has a run with a library pending QC').toBeDefined();
  const [runName, counts] = target!;
  await configure();
  const popup = await openExtensionPage('popup.html');
  const view = popup.locator('[data-bao="runs-view"]');
  const row = view.locator(`tr[data-run-name="${runName}"]`);
  const shownRow = async () => (await shownCounts(view))[runName];
  await expect.poll(shownRow, { timeout: 30_000 }).toEqual(withoutIds(counts));

  passQc(sandbox, runName, counts.pendingQcIds[0]!);
  await sandbox.world.etlSettled();
  const after = expectedCounts(sandbox.world.caseData).get(runName);
  expect(after && withoutIds(after), 'the sign-off changes the run’s counts').not.toEqual(withoutIds(counts));
  expect(after!.pendingQc).toBe(counts.pendingQc - 1);

  // The background polls every 5 s in the fixture; the popup follows its index without a reload.
  await expect.poll(shownRow, { timeout: 30_000 }).toEqual(withoutIds(after!));
  await expect(row.locator('[data-count="pending-qc"]')).toHaveAttribute(
    'data-shade',
    after!.pendingQc > 0 ? 'yellow' : 'none',
  );
});
