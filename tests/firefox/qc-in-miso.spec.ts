import type { Page } from 'puppeteer-core';
import { CaseData } from '../../lib/cardea/schema';
import { planQcInMiso } from '../../lib/miso/qc-in-miso';
import { metricsAvailable } from '../../lib/qc/notifications';
import type { Sandbox } from '../../sandbox/server';
import { expectedRuns } from '../e2e/run-expectations';
import { expect, test } from './fixtures';
import { waitForTab } from './firefox-browser';

// QC in MISO in Firefox, from a MISO run page: three failing run-libraries selected in the overlay reach
// MISO's Run-Library Metrics page in a MISO tab (posted with MISO's session cookie), and Save All there
// records a QC status for those three and no other run-library of the run.

/**
 * Three failing run-libraries of one run, pending QC, that MISO gets on one page (same assay and design), in a
 * table short enough that the overlay renders every row (it renders only the rows in view).
 */
function threeFailing(sandbox: Sandbox) {
  const assaysById = CaseData.parse(sandbox.world.caseData).assaysById;
  for (const run of expectedRuns(sandbox.world.caseData).values()) {
    for (const table of run.tables) {
      if (table.samples.length > 30) continue;
      const candidates = table.samples.filter(
        (s) =>
          metricsAvailable(s) &&
          !s.qcDate &&
          !s.dataReviewDate &&
          [...table.outcomes.get(s.id)!.values()].includes('fail'),
      );
      const plan = (ids?: string[]) =>
        planQcInMiso({
          samples: ids ? candidates.filter((s) => ids.includes(s.id)) : candidates,
          category: table.category,
          assaysById,
          grouping: 'by-assay-and-design',
        });
      const batch = plan().batches.find((b) => b.runLibraryIds.length >= 3);
      if (!batch) continue;
      const ids = batch.runLibraryIds.slice(0, 3);
      expect(plan(ids).batches).toHaveLength(1);
      return { runName: run.runName, tableKey: table.key, ids };
    }
  }
  throw new Error('the sandbox has no short table with three failing run-libraries pending QC of one assay and design');
}

/** Each run-library of the run (its Cardea id) and its run-library QC status in the sandbox MISO. */
function misoQc(sandbox: Sandbox, runName: string): Map<string, number | null> {
  const run = sandbox.miso.runByAlias(runName);
  if (!run) throw new Error(`the sandbox MISO has no run ${runName}`);
  return new Map(
    run.runLibraries.map((rl) => [
      rl.cardeaId,
      sandbox.miso.qcNodes(rl).find((n) => n.entityType === 'Run-Library')?.qcStatusId ?? null,
    ]),
  );
}

/** Asked again until it answers: a page being replaced by a form's answer fails an evaluation once. */
const read = <T>(page: Page, fn: () => T) => page.evaluate(fn).catch(() => undefined);

test('three failing run-libraries selected on a MISO run page reach MISO’s metrics page in a MISO tab; Save All records those three', async ({
  firefox,
  sandbox,
  configure,
  loginMiso,
}) => {
  const { runName, tableKey, ids } = threeFailing(sandbox);
  const before = misoQc(sandbox, runName);
  const passed = sandbox.miso.options.runLibraryQcStatuses.find((s) => s.description === 'Passed')!;
  expect([...before.keys()]).toEqual(expect.arrayContaining(ids));
  await configure();
  await loginMiso();

  const page = await firefox.newPage();
  await page.goto(`${sandbox.urls.miso}/run/alias/${runName}`);
  const table = `>>> [data-bao="run-table-${tableKey}"]`;
  for (const id of ids) {
    const box = await page.waitForSelector(`${table} [data-select="${id}"]`, { timeout: 30_000 });
    await box!.click();
  }
  const count = await page.waitForSelector(`${table} [data-bao="selected-count"]`);
  await expect.poll(() => count!.evaluate((el) => el.textContent)).toBe('3 selected');
  await page.click(`${table} [data-bao="qc-in-miso"]`);
  const dialog = '>>> [data-bao="qc-in-miso-dialog"]';
  await page.waitForSelector(`${dialog} [data-bao="qc-batches"] li`);
  expect(await page.$$eval(`${dialog} [data-bao="qc-batches"] li`, (items) => items.length)).toBe(1);
  const tab = waitForTab(firefox, (url) => url.startsWith(sandbox.urls.miso) && url.includes('baoBatch='));
  await page.click(`${dialog} button.bao-button--primary`);
  const miso = await tab;

  // The MISO tab posted the form with MISO's session: the metrics page lists exactly the three, for user admin.
  await expect
    .poll(
      () =>
        read(miso, () =>
          location.pathname === '/runlibraries/metrics'
            ? [...document.querySelectorAll('#metricsTable > tbody > tr[data-run-library]')]
                .map((tr) => tr.getAttribute('data-run-library'))
                .sort()
            : null,
        ),
      { timeout: 30_000 },
    )
    .toEqual([...ids].sort());
  expect(await miso.$eval('#currentUser', (el) => el.textContent)).toBe('admin');

  // Passed for all three, then Save All (MISO asks whether to reset the data review: yes).
  miso.on('dialog', (d) => void d.accept());
  await miso.click('#qcAllButton');
  await miso.select('#qcAllStatus', String(passed.id));
  await miso.click('#qcAllApply');
  await miso.click('#saveAllButton');
  await expect
    .poll(() => miso.$eval('#metricsMessage', (el) => el.textContent), { timeout: 15_000 })
    .toBe('Saved 3 changes.');

  const after = misoQc(sandbox, runName);
  const changed = [...after].filter(([id, status]) => status !== before.get(id)).map(([id]) => id);
  expect(changed.sort()).toEqual([...ids].sort());
  for (const id of ids) expect(after.get(id), id).toBe(passed.id);
});
