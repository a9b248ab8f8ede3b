import type { Page, Worker } from '@playwright/test';
import { CaseData } from '../../lib/cardea/schema';
import { planQcInMiso } from '../../lib/miso/qc-in-miso';
import { metricsAvailable } from '../../lib/qc/notifications';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { expectedRuns } from './run-expectations';

// Issue 4, acceptance, the whole path in Chromium: a Jira run ticket's overlay → select three rows →
// QC in MISO opens the sandbox MISO metrics page with exactly those three → Passed + Save All →
// after the ETL delay the overlay and the badge show the new state, without a reload.

const SUFFIX = ' Dimsum Run QC';

/** Three run-libraries of one run, pending QC, that MISO gets on one page (same assay and design). */
function threePendingQc(sandbox: Sandbox) {
  const assaysById = CaseData.parse(sandbox.world.caseData).assaysById;
  for (const run of expectedRuns(sandbox.world.caseData).values()) {
    for (const table of run.tables) {
      const pending = table.samples.filter((s) => metricsAvailable(s) && !s.qcDate && !s.dataReviewDate);
      const plan = planQcInMiso({
        samples: pending,
        category: table.category,
        assaysById,
        grouping: 'by-assay-and-design',
      });
      const batch = plan.batches.find((b) => b.runLibraryIds.length >= 3);
      if (!batch) continue;
      const ids = batch.runLibraryIds.slice(0, 3);
      const chosen = planQcInMiso({
        samples: pending.filter((s) => ids.includes(s.id)),
        category: table.category,
        assaysById,
        grouping: 'by-assay-and-design',
      });
      return { runName: run.runName, tableKey: table.key, ids, request: chosen.batches[0]!.request };
    }
  }
  throw new Error('the sandbox has no run with three pending-QC run-libraries of one assay and design');
}

const badgeTitle = (background: Worker) => background.evaluate(() => chrome.action.getTitle({}));
const pendingQcOnBadge = async (background: Worker) =>
  Number(/(\d+) run-librar(?:y|ies) pending QC/.exec(await badgeTitle(background))?.[1]);

async function statuses(page: Page, ids: string[]): Promise<string[]> {
  return Promise.all(
    ids.map((id) =>
      page
        .locator(`[data-run-library="${id}"] [data-status]`)
        .getAttribute('data-status')
        .then((s) => s ?? ''),
    ),
  );
}

test('select three rows in a Jira ticket, QC them in MISO, Save All: the overlay and the badge follow', async ({
  context,
  page,
  sandbox,
  background,
  configure,
  loginJira,
  loginMiso,
}) => {
  const { runName, tableKey, ids, request } = threePendingQc(sandbox);
  const ticket = sandbox.jira.createIssue({ summary: `${runName}${SUFFIX}`, labels: ['dimsum-notification'] });
  await page.setViewportSize({ width: 1400, height: 1600 });
  await configure();
  await loginJira();
  await loginMiso('admin');
  await expect.poll(() => pendingQcOnBadge(background), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
  const pendingBefore = await pendingQcOnBadge(background);

  await page.goto(`${sandbox.urls.jira}/browse/${ticket.key}`);
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay).toHaveAttribute('data-run-name', runName);
  const table = overlay.locator(`[data-bao="run-table-${tableKey}"]`);
  for (const id of ids) await table.locator(`[data-run-library="${id}"] [data-select]`).click();
  await expect(table.locator('[data-bao="selected-count"]')).toHaveText('3 selected');
  expect(await statuses(page, ids)).toEqual(['qc', 'qc', 'qc']);

  await table.locator('[data-bao="qc-in-miso"]').click();
  const dialog = page.getByRole('dialog', { name: 'QC in MISO' });
  await expect(dialog.locator('[data-bao="qc-batches"] li')).toHaveCount(1);
  const misoTab = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Open in MISO' }).click();
  const miso = await misoTab;
  miso.on('dialog', (d) => void d.accept());

  // MISO's Run-Library Metrics page lists exactly those three, with their metrics and thresholds.
  await expect(miso).toHaveURL(/\/runlibraries\/metrics$/, { timeout: 30_000 });
  const rows = miso.locator('#metricsTable > tbody > tr[data-run-library]');
  await expect(rows).toHaveCount(3);
  expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-library')))).sort()).toEqual(
    [...ids].sort(),
  );
  const headers = await miso.locator('#metricsTable > thead th').allTextContents();
  for (const library of request.library_aliquots) {
    const row = miso.locator(
      `#metricsTable > tbody > tr[data-run-library="${ids.find((id) => id.endsWith(`_${library.name}`))}"]`,
    );
    for (const metric of library.metrics) {
      expect(headers).toContain(metric.title);
      const cell = row.locator('td').nth(headers.indexOf(metric.title));
      await expect(cell).toContainText(String(metric.threshold));
    }
  }

  // Passed for all three, then Save All.
  await miso.locator('#qcAllButton').click();
  await miso.locator('#qcAllStatus').selectOption({ label: 'Passed' });
  await miso.locator('#qcAllApply').click();
  await miso.locator('#saveAllButton').click();
  await expect(miso.locator('#metricsMessage')).toContainText(/saved/i);
  await expect(miso.locator('#metricsMessage')).not.toHaveClass(/error/);

  // After the ETL delay and the next poll: the overlay (no reload) and the badge show it.
  await expect.poll(() => statuses(page, ids), { timeout: 30_000 }).toEqual(['dataReview', 'dataReview', 'dataReview']);
  await expect.poll(() => pendingQcOnBadge(background), { timeout: 30_000 }).toBe(pendingBefore - 3);
});
