import { caseRecord } from '../../lib/cardea/records';
import { CaseData, type CaseDataInput } from '../../lib/cardea/schema';
import { countWaiting } from '../../lib/case-signoff/steps';
import { result } from '../../lib/messages/define';
import { NotificationList, PipelineStatus, RunData } from '../../lib/messages/protocol';
import { askBackground } from '../../scripts/lib/extension-browser';
import { expect, test } from './fixtures';
import { notificationsOf } from './run-expectations';

function runsRequiringAction(caseData: CaseDataInput): number {
  return [...notificationsOf(caseData).values()].filter(({ notification }) => notification?.requiresAction).length;
}

/** The badge counts both: runs requiring action and cases waiting for a case sign-off. */
function waitingOnBadge(caseData: CaseDataInput): number {
  return runsRequiringAction(caseData) + countWaiting(CaseData.parse(caseData).cases.map(caseRecord));
}

const badgeText = (n: number) => (n > 99 ? '99+' : n > 0 ? String(n) : '');

test('the badge counts the runs and cases in Cardea that wait for a sign-off', async ({
  sandbox,
  background,
  configure,
}) => {
  const expected = waitingOnBadge(sandbox.world.caseData);
  expect(expected).toBeGreaterThan(0);
  await configure();
  await expect
    .poll(() => background.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 })
    .toBe(badgeText(expected));
});

test('when Cardea fails the badge says so, and the last good data is still served', async ({
  sandbox,
  background,
  configure,
  openExtensionPage,
}) => {
  await configure();
  const expected = badgeText(waitingOnBadge(sandbox.world.caseData));
  await expect
    .poll(() => background.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 })
    .toBe(expected);
  const goodTimestamp = sandbox.world.timestamp;
  const page = await openExtensionPage('popup.html');
  const notifications = await askBackground(page, NotificationList, 'getNotifications');
  expect(notifications.asOf).toBe(goodTimestamp);
  const runName = notifications.runs[0].runName;

  sandbox.world.faults.add({ system: 'cardea', path: '/dimsum', status: 500 });
  sandbox.world.bumpTimestamp();
  const afterPoll = await askBackground(page, PipelineStatus, 'pollNow');
  expect(afterPoll.state).toBe('error');

  await expect.poll(() => background.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
  expect(await background.evaluate(() => chrome.action.getTitle({}))).toContain('Cardea');
  const status = await askBackground(page, PipelineStatus, 'getPipelineStatus');
  expect(status.failure).toMatchObject({ system: 'Cardea', kind: 'server', status: 500 });
  expect(status.documentTimestamp).toBe(goodTimestamp);

  const answer = await askBackground(page, result(RunData), 'getRunData', { runName });
  expect(answer).toMatchObject({
    ok: true,
    value: { status: 'found', asOf: goodTimestamp, stale: true, run: { name: runName } },
  });

  // The popup says why, and that what it shows is the last good data.
  const popup = await openExtensionPage('popup.html');
  const banner = popup.getByRole('alert');
  await expect(banner).toContainText('Cardea');
  await expect(banner).toContainText('HTTP 500');
  await expect(banner).toContainText('last good data');
});

test('signing a run off in MISO changes the badge after the ETL delay, without a reload', async ({
  context,
  sandbox,
  background,
  configure,
  loginMiso,
}) => {
  // A run whose libraries all passed QC and wait only for data review, with run QC done but not
  // its data review: a reviewer finishes it with Review All + Save All, then the run's own review.
  const candidate = [...notificationsOf(sandbox.world.caseData).values()]
    .map(({ group, notification }) => ({ run: group.run, n: notification }))
    .find(
      ({ run, n }) =>
        n &&
        run.qcDate &&
        !run.dataReviewDate &&
        n.pendingQc.length === 0 &&
        n.pendingAnalysis.length === 0 &&
        n.pendingDataReview.length > 0,
    );
  expect(candidate, 'the demo dataset has a run waiting only for data review').toBeDefined();
  const { run } = candidate!;
  const before = waitingOnBadge(sandbox.world.caseData);
  await configure();
  await expect
    .poll(() => background.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 })
    .toBe(badgeText(before));

  await loginMiso('admin');
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  const misoRun = sandbox.miso.run(run.id)!;
  const payload = JSON.stringify({
    report: 'e2e',
    library_aliquots: sandbox.miso.runAliquotDtos(misoRun).map((a) => ({
      name: a.aliquotName,
      run_id: a.runId,
      partition: a.partitionNumber,
      metrics: [{ title: 'Mean Insert Size', threshold_type: 'ge', threshold: 0, value: 1 }],
    })),
  });
  await page.goto(`${sandbox.urls.miso}/mainMenu`);
  await page.evaluate((data) => {
    const form = Object.assign(document.createElement('form'), { method: 'POST', action: '/runlibraries/metrics' });
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'data', value: data }));
    document.body.append(form);
    form.submit();
  }, payload);
  await page.locator('#reviewAllButton').click();
  await page.locator('#reviewAllDataReview').selectOption({ label: 'Pass' });
  await page.locator('#reviewAllApply').click();
  await page.locator('#saveAllButton').click();
  await expect(page.locator('#metricsMessage')).not.toHaveClass(/error/);
  await expect(page.locator('#metricsMessage')).toContainText(/saved/i);

  await page.goto(`${sandbox.urls.miso}/run/${run.id}`);
  await page.locator('#runForm_dataReview').selectOption('true');
  await page.locator('button#save').click();
  await expect.poll(() => sandbox.miso.runDto(misoRun).dataReview).toBe(true);

  await expect
    .poll(() => background.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 })
    .toBe(badgeText(before - 1));
});
