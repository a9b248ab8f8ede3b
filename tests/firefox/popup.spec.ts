import type { Page } from 'puppeteer-core';
import { z } from 'zod';
import { caseRecord } from '../../lib/cardea/records';
import { CaseData, type CaseDataInput } from '../../lib/cardea/schema';
import { countWaiting } from '../../lib/case-signoff/steps';
import { NotificationList } from '../../lib/messages/protocol';
import { notificationsOf } from '../e2e/run-expectations';
import { expect, test } from './fixtures';

// The toolbar badge and the popup's Runs view in Firefox, where the background is an event page.

function waitingOnBadge(caseData: CaseDataInput): number {
  const runs = [...notificationsOf(caseData).values()].filter(({ notification }) => notification?.requiresAction);
  return runs.length + countWaiting(CaseData.parse(caseData).cases.map(caseRecord));
}

const badgeText = (n: number) => (n > 99 ? '99+' : n > 0 ? String(n) : '');

async function reportedRuns(page: Page): Promise<NotificationList> {
  const answer = await page.evaluate(() =>
    chrome.runtime.sendMessage({ id: 1, type: 'getNotifications', timestamp: Date.now() }),
  );
  return NotificationList.parse(z.object({ res: z.unknown() }).parse(answer).res);
}

test('the badge in Firefox counts the runs and cases in Cardea that wait for a sign-off', async ({
  sandbox,
  configure,
  extensionPage,
}) => {
  const expected = waitingOnBadge(sandbox.world.caseData);
  expect(expected, 'the demo dataset has work waiting').toBeGreaterThan(0);
  await configure();
  await expect
    .poll(() => extensionPage.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 })
    .toBe(badgeText(expected));
});

test('the popup’s Runs view in Firefox lists every run the background reports, with Cardea’s counts', async ({
  sandbox,
  configure,
  openExtensionPage,
}) => {
  const expected = new Map(
    [...notificationsOf(sandbox.world.caseData)]
      .filter(([, { notification }]) => notification)
      .map(([name, { notification: n }]) => [
        name,
        { analysis: n!.pendingAnalysis.length, qc: n!.pendingQc.length, review: n!.pendingDataReview.length },
      ]),
  );
  await configure();
  const popup = await openExtensionPage('popup.html');
  await expect.poll(async () => (await reportedRuns(popup)).asOf, { timeout: 30_000 }).toBe(sandbox.world.timestamp);
  await popup.waitForSelector('[data-bao="runs-view"] tbody tr');
  // Every run, not only those needing action.
  await popup.evaluate(() => {
    const toggle = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('Needs action only'));
    const box = toggle?.querySelector('input');
    if (box?.checked) box.click();
  });
  const shown = () =>
    popup.$$eval('[data-bao="runs-view"] tbody tr[data-run-name]', (rows) =>
      Object.fromEntries(
        rows.map((row) => {
          const cell = (name: string) => Number(row.querySelector(`[data-count="${name}"]`)?.textContent);
          return [
            (row as HTMLElement).dataset.runName,
            { analysis: cell('pending-analysis'), qc: cell('pending-qc'), review: cell('pending-data-review') },
          ];
        }),
      ),
    );
  const reported = await reportedRuns(popup);
  expect(reported.runs.map((r) => r.runName).sort()).toEqual([...expected.keys()].sort());
  await expect.poll(shown).toEqual(Object.fromEntries(expected));
  const needingAction = reported.runs.filter((r) => r.requiresAction).length;
  expect(await popup.$eval('#bao-tab-runs .bao-count', (el) => el.textContent)).toBe(String(needingAction));
});
