import type { Page } from 'puppeteer-core';
import { seededRunTickets } from '../../sandbox/jira/seed';
import type { Sandbox } from '../../sandbox/server';
import { expectedRuns, outcomeCounts, type ExpectedRun } from '../e2e/run-expectations';
import { expect, test } from './fixtures';

// The run overlay in Firefox: a Jira run ticket and a MISO run page, every rendered cell as the QC
// engine evaluates the sandbox's Cardea document (the same answer the Chromium tests hold it to).

function demoRun(sandbox: Sandbox): { key: string; run: ExpectedRun } {
  const runs = expectedRuns(sandbox.world.caseData);
  for (const issue of seededRunTickets(sandbox.jira.seeded)) {
    const run = runs.get(issue.runName);
    if (!run) continue;
    const counts = outcomeCounts(run);
    if (counts.fail && counts.unavailable && counts.na) return { key: issue.key, run };
  }
  throw new Error('the sandbox seeds no run ticket whose run has failing, unavailable and N/A cells');
}

interface ShownRow {
  id: string;
  cells: [string, string][];
}

/** The overlay's rows (inside its open shadow root), once they are there. */
async function shownRows(page: Page, tableKey: string): Promise<ShownRow[]> {
  const rows = `>>> [data-bao="run-table-${tableKey}"] [data-run-library]`;
  await page.waitForSelector(rows, { timeout: 30_000 });
  return page.$$eval(rows, (elements) =>
    elements.map((row) => ({
      id: row.getAttribute('data-run-library') ?? '',
      cells: [...row.querySelectorAll('[data-metric]')].map(
        (cell) => [cell.getAttribute('data-metric') ?? '', cell.getAttribute('data-qc') ?? ''] as [string, string],
      ),
    })),
  );
}

async function expectCellsMatch(page: Page, run: ExpectedRun): Promise<void> {
  for (const table of run.tables) {
    const shown = await shownRows(page, table.key);
    expect(shown.length).toBeGreaterThanOrEqual(Math.min(20, table.samples.length));
    for (const row of shown) {
      const expected = table.outcomes.get(row.id);
      expect(expected, `row ${row.id} is one of the run's ${table.key} run-libraries`).toBeDefined();
      expect(row.cells.map(([metric]) => metric)).toEqual(table.columns);
      expect(Object.fromEntries(row.cells), `cells of ${row.id}`).toEqual(Object.fromEntries(expected!));
    }
  }
}

test('a Jira run ticket in Firefox shows the run’s rows, each cell as the QC engine evaluates it', async ({
  firefox,
  sandbox,
  configure,
  loginJira,
}) => {
  const { key, run } = demoRun(sandbox);
  await configure();
  await loginJira();
  const page = await firefox.newPage();
  await page.goto(`${sandbox.urls.jira}/browse/${key}`);
  await expectCellsMatch(page, run);
  const overlayRun = await page.$eval('>>> [data-bao="run-table"]', (el) => el.getAttribute('data-run-name'));
  expect(overlayRun).toBe(run.runName);
  for (const outcome of ['fail', 'unavailable', 'na']) {
    expect(await page.$(`>>> [data-qc="${outcome}"]`), outcome).not.toBeNull();
  }
});

test('the same table on the run’s MISO page in Firefox', async ({ firefox, sandbox, configure, loginMiso }) => {
  const { run } = demoRun(sandbox);
  await configure();
  await loginMiso();
  const page = await firefox.newPage();
  await page.goto(`${sandbox.urls.miso}/run/alias/${run.runName}`);
  await expectCellsMatch(page, run);
  const header = await page.$eval('>>> [data-bao="run-header"]', (el) => el.textContent ?? '');
  expect(header).toContain('on this page');
});
