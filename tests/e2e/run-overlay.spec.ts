import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { CaseData } from '../../lib/cardea/schema';
import { PipelineStatus } from '../../lib/messages/protocol';
import { planQcInMiso } from '../../lib/miso/qc-in-miso';
import { ticketSummary } from '../../lib/qc/ticket-text';
import { askBackground } from '../../scripts/lib/extension-browser';
import { seededRunTickets } from '../../sandbox/jira/seed';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { expectedRuns, outcomeCounts, type ExpectedRun, type ExpectedTable } from './run-expectations';

// Issue 4 part A: the run overlay in Jira tickets and MISO run pages, against the sandbox's own data.

/** A seeded run ticket whose run shows red, yellow and grey cells. */
function demoTicket(sandbox: Sandbox): { key: string; run: ExpectedRun } {
  const runs = expectedRuns(sandbox.world.caseData);
  for (const issue of seededRunTickets(sandbox.jira.seeded)) {
    const run = runs.get(issue.runName);
    if (!run) continue;
    const counts = outcomeCounts(run);
    if (counts.fail && counts.unavailable && counts.na) return { key: issue.key, run };
  }
  throw new Error('the sandbox seeds no run ticket whose run has failing, unavailable and N/A cells');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const tableOf = (page: Page, key: string) => page.locator(`[data-bao="run-table-${key}"]`);

/** Every rendered row's cells against the QC engine's evaluation of the sandbox document. */
async function expectCellsMatch(page: Page, table: ExpectedTable, minimumRows: number): Promise<void> {
  const locator = tableOf(page, table.key);
  await expect(locator.locator('[data-run-library]').first()).toBeVisible();
  const shown = await locator.locator('[data-run-library]').evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-run-library') ?? '',
      cells: [...row.querySelectorAll('[data-metric]')].map((cell) => [
        cell.getAttribute('data-metric') ?? '',
        cell.getAttribute('data-qc') ?? '',
      ]),
    })),
  );
  expect(shown.length).toBeGreaterThanOrEqual(Math.min(minimumRows, table.samples.length));
  for (const row of shown) {
    const expected = table.outcomes.get(row.id);
    expect(expected, `row ${row.id} is one of the run's ${table.key} run-libraries`).toBeDefined();
    expect(row.cells.map(([metric]) => metric)).toEqual(table.columns);
    expect(Object.fromEntries(row.cells), `cells of ${row.id}`).toEqual(Object.fromEntries(expected!));
  }
}

async function openTicket(page: Page, sandbox: Sandbox, key: string, query = ''): Promise<Locator> {
  await page.goto(`${sandbox.urls.jira}/browse/${key}${query}`);
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay.locator('[data-run-library]').first()).toBeVisible({ timeout: 30_000 });
  return overlay;
}

test.beforeEach(async ({ page }) => {
  // Tall enough that every row of the demo runs is inside the grid's 70vh window.
  await page.setViewportSize({ width: 1400, height: 1600 });
});

test('a Jira run ticket shows the run’s rows, each cell shaded as the QC engine evaluates the sandbox data', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const { key, run } = demoTicket(sandbox);
  await configure();
  await loginJira();
  const overlay = await openTicket(page, sandbox, key);
  await expect(overlay).toHaveAttribute('data-run-name', run.runName);
  for (const table of run.tables) await expectCellsMatch(page, table, 20);
  for (const outcome of ['fail', 'unavailable', 'na'])
    await expect(overlay.locator(`[data-qc="${outcome}"]`).first()).toBeAttached();
  // The header links to MISO's Edit Run page for the run sign-offs.
  await expect(overlay.locator('[data-bao="miso-run-link"]')).toHaveAttribute(
    'href',
    `${sandbox.urls.miso}/run/alias/${run.runName}`,
  );
});

test('the same table on the run’s MISO page, where the run sign-off is “this page”', async ({
  page,
  sandbox,
  configure,
  loginMiso,
}) => {
  const { run } = demoTicket(sandbox);
  await configure();
  await loginMiso();
  await page.goto(`${sandbox.urls.miso}/run/alias/${run.runName}`);
  const overlay = page.locator('#aliquots > [data-bao="run-table"]');
  await expect(overlay.locator('[data-run-library]').first()).toBeVisible({ timeout: 30_000 });
  for (const table of run.tables) await expectCellsMatch(page, table, 20);
  await expect(overlay.locator('[data-bao="run-header"]')).toContainText('on this page');
  await expect(overlay.locator('[data-bao="miso-run-link"]')).toHaveCount(0);
  await expect(overlay.locator('[data-bao="qc-in-miso"]').first()).toBeDisabled();
});

test('filters, sorting and selection by keyboard; a metric plot toggles from its header', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const { key, run } = demoTicket(sandbox);
  const table = run.tables[0];
  await configure();
  await loginJira();
  await openTicket(page, sandbox, key);
  const section = tableOf(page, table.key);
  const grid = section.getByRole('grid');
  const count = section.locator('[data-bao="selected-count"]');
  const rowIds = () =>
    section
      .locator('[data-run-library]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-library') ?? ''));
  const outcomesOf = (id: string) => [...table.outcomes.get(id)!.values()];

  // Selection shortcuts, from the grid's single tab stop.
  await grid.locator('[tabindex="0"]').focus();
  const failing = [...table.outcomes.keys()].filter((id) => outcomesOf(id).includes('fail'));
  const passing = [...table.outcomes.keys()].filter((id) => outcomesOf(id).every((o) => o === 'pass' || o === 'na'));
  await page.keyboard.press('f');
  await expect(count).toHaveText(`${failing.length} selected`);
  await page.keyboard.press('p');
  await expect(count).toHaveText(`${passing.length} selected`);
  await page.keyboard.press('Escape');
  await expect(count).toHaveText('0 selected');
  await page.keyboard.press('Space');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+Space');
  await expect(count).toHaveText('4 selected');
  const ids = await rowIds();
  for (const id of ids.slice(0, 4))
    await expect(section.locator(`[data-run-library="${id}"]`)).toHaveAttribute('aria-selected', 'true');
  await expect(section.locator(`[data-run-library="${ids[4]}"]`)).toHaveAttribute('aria-selected', 'false');

  // Sorting: up into the header row, right to the first metric column, Enter.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowUp');
  const metric = table.columns[0];
  const header = section.getByRole('columnheader', { name: metric });
  const steps = Number(await header.getAttribute('aria-colindex')) - 1;
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
  await expect(header).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const values = new Map(table.samples.map((s) => [s.id, table.values.get(s.id)!.get(metric) ?? null]));
  const sorted = (await rowIds()).map((id) => values.get(id) ?? null);
  const numbers = sorted.filter((v): v is number => v !== null);
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  expect(
    sorted.slice(numbers.length).every((v) => v === null),
    'rows without a value come last',
  ).toBe(true);

  // A project filter, opened and ticked with the keyboard.
  const project = table.samples[table.samples.length - 1].project!;
  await section.getByText('Project: all').focus();
  await page.keyboard.press('Enter');
  await section.getByRole('checkbox', { name: new RegExp(`^${project} `) }).focus();
  await page.keyboard.press('Space');
  const projects = new Map(table.samples.map((s) => [s.id, s.project]));
  const expectedShown = table.samples.filter((s) => s.project === project).length;
  await expect(section.locator('[data-run-library]')).toHaveCount(Math.min(expectedShown, 40));
  for (const id of await rowIds()) expect(projects.get(id)).toBe(project);

  // The plot of that metric column: one dot per shown row with a value, a line per threshold.
  const toggle = section.getByRole('button', { name: `Plot ${metric}` });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const plot = section.locator(`[data-plot-metric="${metric}"]`);
  await expect(plot).toBeVisible();
  const plotted = table.samples.filter(
    (s) => s.project === project && values.get(s.id) !== null && table.outcomes.get(s.id)!.get(metric) !== 'na',
  );
  await expect(plot.locator('circle')).toHaveCount(plotted.length);
  await toggle.click();
  await expect(plot).toHaveCount(0);
});

test('keyboard path from a Jira ticket: select the failing rows, q, and MISO opens one tab per group with them', async ({
  context,
  page,
  sandbox,
  configure,
  loginJira,
  loginMiso,
}) => {
  const { key, run } = demoTicket(sandbox);
  const table = run.tables.find((t) => [...t.outcomes.values()].some((row) => [...row.values()].includes('fail')))!;
  const failing = table.samples.filter((s) => [...table.outcomes.get(s.id)!.values()].includes('fail'));
  const plan = planQcInMiso({
    samples: failing,
    category: table.category,
    assaysById: CaseData.parse(sandbox.world.caseData).assaysById,
    grouping: 'by-assay-and-design',
  });
  expect(plan.batches.length, 'the failing rows make at least one MISO page').toBeGreaterThan(0);
  await configure();
  await loginJira();
  await loginMiso();
  await openTicket(page, sandbox, key);
  const section = tableOf(page, table.key);
  await section.getByRole('grid').locator('[tabindex="0"]').focus();
  await page.keyboard.press('f');
  await expect(section.locator('[data-bao="selected-count"]')).toHaveText(`${failing.length} selected`);
  await page.keyboard.press('q');
  const dialog = page.getByRole('dialog', { name: 'QC in MISO' });
  await expect(dialog.locator('[data-bao="qc-batches"] li')).toHaveText(
    plan.batches.map((b) => new RegExp(`^${escapeRegExp(b.label)}: ${b.runLibraryIds.length} librar`)),
  );
  const tabs: Page[] = [];
  context.on('page', (tab) => tabs.push(tab));
  await expect(dialog.getByRole('button', { name: 'Open in MISO' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText(
    `Opened ${plan.batches.length} MISO ${plan.batches.length === 1 ? 'tab' : 'tabs'}.`,
  );
  await expect.poll(() => tabs.length).toBe(plan.batches.length);
  const landed: string[][] = [];
  for (const tab of tabs) {
    await expect(tab).toHaveURL(/\/runlibraries\/metrics$/, { timeout: 30_000 });
    const rows = tab.locator('#metricsTable > tbody > tr[data-run-library]');
    await expect(rows.first()).toBeVisible();
    landed.push((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-library') ?? ''))).sort());
  }
  expect(landed.sort()).toEqual(plan.batches.map((b) => [...b.runLibraryIds].sort()).sort());
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('a library name opens its aliquot in MISO (Enter on the row); c and Copy name put names on the clipboard', async ({
  context,
  page,
  sandbox,
  configure,
  loginJira,
  loginMiso,
}) => {
  const { key } = demoTicket(sandbox);
  await configure();
  await loginJira();
  await loginMiso();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sandbox.urls.jira });
  const overlay = await openTicket(page, sandbox, key);
  const firstRow = overlay.locator('[data-run-library]').first();
  const aliquotId = (await firstRow.getAttribute('data-run-library'))!.replace(/^.*_LDI/, '');
  const link = firstRow.locator('[data-bao="miso-item-link"]');
  await expect(link).toHaveAttribute('href', `${sandbox.urls.miso}/libraryaliquot/${aliquotId}`);
  const libraryName = ((await link.textContent()) ?? '').replace(/ \(L\d+\)$/, '');

  await firstRow.locator('[role="gridcell"]').first().click();
  const tab = context.waitForEvent('page');
  await page.keyboard.press('Enter');
  const misoTab = await tab;
  await expect(misoTab.locator('#libraryAliquotForm_id')).toHaveText(aliquotId);

  await page.bringToFront();
  await firstRow.locator('[role="gridcell"]').first().click();
  await page.keyboard.press('c');
  await expect(overlay.getByText(`Copied “${libraryName}”.`)).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(libraryName);

  await overlay.locator('[data-bao="copy-run-name"]').click();
  const runName = (await overlay.getAttribute('data-run-name'))!;
  await expect(overlay.locator('[data-bao="copy-notice"]')).toHaveText(`Copied “${runName}”.`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(runName);
});

test('Download CSV from a Jira ticket saves a file with every row of the table and its outcomes, and leaves the overlay as it was', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const { key, run } = demoTicket(sandbox);
  const table = run.tables[0]!;
  await configure();
  await loginJira();
  const overlay = await openTicket(page, sandbox, key);
  const section = tableOf(page, table.key);
  const count = section.locator('[data-bao="selected-count"]');
  await section.getByRole('grid').locator('[tabindex="0"]').focus();
  await page.keyboard.press('f');
  const selected = await count.textContent();
  expect(selected).not.toBe('0 selected');
  // Remember the host element and a node of its rendered tree, and note any removal of the host.
  await overlay.evaluate((host) => {
    const w = window as unknown as { baoHost: Element; baoGrid: Element; baoHostRemoved: number };
    w.baoHost = host;
    w.baoGrid = host.shadowRoot!.querySelector('[role="grid"]')!;
    w.baoHostRemoved = 0;
    new MutationObserver((records) => {
      for (const record of records) if ([...record.removedNodes].includes(host)) w.baoHostRemoved += 1;
    }).observe(document.documentElement, { childList: true, subtree: true });
  });
  const unchanged = () =>
    overlay.evaluate((host) => {
      const w = window as unknown as { baoHost: Element; baoGrid: Element; baoHostRemoved: number };
      return { sameHost: host === w.baoHost, gridKept: w.baoGrid.isConnected, hostRemoved: w.baoHostRemoved };
    });

  const downloading = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${run.runName}_${table.key.toUpperCase()}_metrics.csv`);
  const text = await readFile((await download.path())!, 'utf8');
  const [header, ...lines] = text.trim().split('\r\n');
  expect(header!.split(',').slice(0, 3)).toEqual(['Run', 'Run-library ID', 'Library']);
  expect(lines.map((line) => line.split(',')[1]).sort()).toEqual(table.samples.map((s) => s.id).sort());
  const failing = [...table.outcomes.values()].filter((cells) => [...cells.values()].includes('fail')).length;
  expect(lines.filter((line) => line.split(',').includes('fail')).length).toBe(failing);

  // The page stays as it was: the same overlay, never taken off the page, with its selection.
  expect(await unchanged()).toEqual({ sameHost: true, gridKept: true, hostRemoved: 0 });
  await expect(count).toHaveText(selected!);

  // A filter survives a second download too.
  const project = table.samples[table.samples.length - 1]!.project!;
  await section.getByText('Project: all').click();
  await section.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(project)} `) }).check();
  const shown = table.samples.filter((s) => s.project === project).length;
  await expect(section.locator('[data-run-library]')).toHaveCount(Math.min(shown, 40));
  const again = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Download CSV' }).click();
  const filtered = (await readFile((await (await again).path())!, 'utf8')).trim().split('\r\n').slice(1);
  expect(filtered).toHaveLength(shown);
  expect(await unchanged()).toEqual({ sameHost: true, gridKept: true, hostRemoved: 0 });
  await expect(section.locator('[data-run-library]')).toHaveCount(Math.min(shown, 40));
});

test('the run’s Omissions: libraries sequenced on it that are in no case, from Cardea’s document', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const { key, run } = demoTicket(sandbox);
  const runId = run.tables[0]!.samples[0]!.run!.id;
  // Two libraries of a project outside every case, on lanes 1 and 2 (written before Bao's first download).
  const omitted = [1, 2].map((lane) => ({
    id: `${runId}_${lane}_LDI${900_000 + lane}`,
    name: `OMIT_000${lane}_Ly_R_PE_300_WG`,
    project: 'OMIT',
    runId,
    runName: run.runName,
    sequencingLane: lane,
    sequencingType: 'FULL_DEPTH_SEQUENCING' as const,
  }));
  sandbox.world.caseData.omittedRunSamples = [...(sandbox.world.caseData.omittedRunSamples ?? []), ...omitted];
  await configure();
  await loginJira();
  const overlay = await openTicket(page, sandbox, key);
  const section = overlay.locator('[data-bao="omissions"]');
  await expect(section.locator('summary')).toHaveText('Omissions 2 libraries');
  await expect(section.locator('tbody tr').first()).toBeHidden();
  // Unfolded from the keyboard.
  await section.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(section.locator('tbody tr')).toHaveText([
    /OMIT_0002_Ly_R_PE_300_WG \(L2\)/,
    /OMIT_0001_Ly_R_PE_300_WG \(L1\)/,
  ]);
  await expect(section.locator('tbody tr').first().locator('[data-status]')).toHaveAttribute('data-status', 'qc');
});

test('a ticket naming a run Cardea does not have says so, and the page keeps working', async ({
  page,
  sandbox,
  configure,
  loginJira,
}) => {
  const issue = sandbox.jira.createIssue({ summary: ticketSummary('NO_SUCH_RUN'), labels: ['dimsum-notification'] });
  await configure();
  await loginJira();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`${sandbox.urls.jira}/browse/${issue.key}`);
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay).toContainText(/Cardea has no run named NO_SUCH_RUN \(data as of \d{4}-\d\d-\d\d \d\d:\d\d\)/, {
    timeout: 30_000,
  });
  await expect(page.locator('#summary-val')).toHaveText(ticketSummary('NO_SUCH_RUN'));
  await page.getByRole('link', { name: 'Projects' }).focus();
  await expect(page.getByRole('link', { name: 'Projects' })).toBeFocused();
  expect(errors).toEqual([]);
});

test('Cardea down after a first load: the table stays, with a banner saying why and as of when', async ({
  page,
  sandbox,
  configure,
  loginJira,
  openExtensionPage,
}) => {
  const { key, run } = demoTicket(sandbox);
  await configure();
  await loginJira();
  const overlay = await openTicket(page, sandbox, key);
  const rows = await overlay.locator('[data-run-library]').count();
  sandbox.world.faults.add({ system: 'cardea', path: '/dimsum', status: 500 });
  sandbox.world.bumpTimestamp();
  const extensionPage = await openExtensionPage('popup.html');
  const polled = await askBackground(extensionPage, PipelineStatus, 'pollNow');
  expect(polled.failure).toMatchObject({ system: 'Cardea', status: 500 });
  const banner = overlay.locator('[data-bao="stale-banner"]');
  await expect(banner).toContainText('Could not refresh from Cardea: Cardea had an internal error (HTTP 500)', {
    timeout: 30_000,
  });
  await expect(banner).toContainText(/Showing data as of \d{4}-\d\d-\d\d \d\d:\d\d/);
  await expect(overlay.locator('[data-run-library]')).toHaveCount(rows);
  await expect(overlay).toHaveAttribute('data-run-name', run.runName);
});

const STYLE_PROPERTIES = [
  'font-size',
  'font-family',
  'font-weight',
  'color',
  'background-color',
  'padding-top',
  'padding-left',
  'border-top-width',
  'border-top-style',
  'line-height',
  'box-sizing',
  'display',
];

/** Computed styles of a few overlay elements, read inside the shadow root. */
async function overlayStyles(page: Page): Promise<Record<string, Record<string, string>>> {
  const targets: Record<string, string> = {
    panel: '.bao-panel',
    title: '.bao-panel__title',
    summary: '[data-bao="run-header"]',
    header: '[role="columnheader"]',
    status: '[data-status]',
    metric: '[data-qc="fail"]',
    na: '[data-qc="na"]',
    button: '[data-bao="qc-in-miso"]',
  };
  const styles: Record<string, Record<string, string>> = {};
  for (const [name, selector] of Object.entries(targets)) {
    styles[name] = await page
      .locator('[data-bao="run-table"]')
      .locator(selector)
      .first()
      .evaluate(
        (el, props) => Object.fromEntries(props.map((p) => [p, getComputedStyle(el).getPropertyValue(p)])),
        STYLE_PROPERTIES,
      );
  }
  return styles;
}

test('the host page’s hostile CSS does not change the overlay, on Jira and on MISO', async ({
  page,
  sandbox,
  configure,
  loginJira,
  loginMiso,
}) => {
  const { key, run } = demoTicket(sandbox);
  await configure();
  await loginJira();
  await loginMiso();
  for (const url of [`${sandbox.urls.jira}/browse/${key}`, `${sandbox.urls.miso}/run/alias/${run.runName}`]) {
    const styles: Record<string, Record<string, string>>[] = [];
    for (const query of ['', '?hostile-css=1']) {
      await page.goto(url + query);
      await expect(page.locator('[data-bao="run-table"] [data-qc="fail"]').first()).toBeAttached({ timeout: 30_000 });
      if (query) await expect(page.locator('#sandbox-hostile-css, #hostile-css')).toBeAttached();
      styles.push(await overlayStyles(page));
    }
    expect(styles[1], url).toEqual(styles[0]);
    expect(styles[0].panel['font-size']).toBe('13px');
    expect(styles[0].metric['background-color']).toBe('rgb(223, 132, 132)');
  }
});

test('the overlay adds no style to the host page', async ({ page, sandbox, configure, loginJira, loginMiso }) => {
  const { key, run } = demoTicket(sandbox);
  await configure();
  await loginJira();
  await loginMiso();
  // Before any content script runs (they run at document_idle), note the page's sheets and a few computed styles.
  await page.addInitScript(() => {
    const snapshot = () => {
      const styleOf = (selector: string) => {
        const el = document.querySelector(selector);
        if (!el) return null;
        const cs = getComputedStyle(el);
        return ['font', 'color', 'background-color', 'margin', 'padding', 'border', 'display', 'box-sizing']
          .map((p) => cs.getPropertyValue(p))
          .join(' | ');
      };
      return {
        sheets: document.styleSheets.length,
        overlay: document.querySelector('[data-bao]') !== null,
        styles: ['body', 'h1', 'a', 'p', 'table', 'input', 'select'].map(styleOf),
      };
    };
    Object.assign(window, { __baoSnapshot: snapshot });
    document.addEventListener('DOMContentLoaded', () => Object.assign(window, { __baoBefore: snapshot() }));
  });
  for (const url of [`${sandbox.urls.jira}/browse/${key}`, `${sandbox.urls.miso}/run/alias/${run.runName}`]) {
    await page.goto(url);
    await expect(page.locator('[data-bao="run-table"] [data-run-library]').first()).toBeVisible({ timeout: 30_000 });
    const { before, after } = await page.evaluate(() => {
      const w = window as unknown as {
        __baoBefore: { sheets: number; overlay: boolean; styles: (string | null)[] };
        __baoSnapshot: () => typeof w.__baoBefore;
      };
      return { before: w.__baoBefore, after: w.__baoSnapshot() };
    });
    expect(before.overlay, 'the snapshot was taken before the overlay mounted').toBe(false);
    expect(after.sheets, url).toBe(before.sheets);
    expect(after.styles, url).toEqual(before.styles);
  }
});
