import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { generateCaseData } from '../../sandbox/cardea/generator';
import { HOSTILE_HOOK, HOSTILE_METRICS, hostileCaseData } from '../../sandbox/cardea/hostile';
import { seededRunTickets } from '../../sandbox/jira/seed';
import { expect, test } from './fixtures';
import { fillDialog, openCases } from './popup-cases';
import { expectedRuns, notificationsOf, type ExpectedRun } from './run-expectations';

// Issue 15, hostile data: a Cardea document with a numbered payload in every field Bao shows or sends (markup,
// script URLs, formula starts, RTL and zero-width characters, 4 kB strings, `__proto__` and `constructor` as metric
// names, numbers as strings). Every view is opened; a payload that runs calls `__baoHostile(n)`, which lands here.
// Printed: payloads executed, elements injected into Bao's views, and views that failed to show the rest of the data.
// `npm run hostile` runs this spec alone.

const hostile = hostileCaseData(generateCaseData({ seed: 15, runs: 5, librariesPerLane: 4, cases: 30 }));

/** A note with everything a sign-off note can hold that a server or a page might mishandle. */
const NOTE = `<img src=x onerror="${HOSTILE_HOOK}(-1)"> =1+1 \u202Ertl\u200B 50% + & é\n${'z'.repeat(2000)}`;

// A view that cannot render fails its own check in seconds, and the next view is still tried.
test.use({ sandboxOptions: { caseData: structuredClone(hostile.caseData), etlDelayMs: 1500 }, actionTimeout: 15_000 });

interface ViewResult {
  view: string;
  error: string | null;
  injected: string[];
}

/** Elements in Bao's own trees a payload could have made: scripts, frames, event handlers, script URLs. */
async function injectedElements(page: Page, scope: 'overlays' | 'document'): Promise<string[]> {
  return page.evaluate((where) => {
    const found: string[] = [];
    const ownScript = (el: Element) =>
      el.localName === 'script' && (el as HTMLScriptElement).src.startsWith(location.origin);
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (['script', 'iframe', 'frame', 'object', 'embed'].includes(el.localName) && !ownScript(el))
          found.push(el.localName);
        for (const attribute of el.attributes) {
          if (/^on/i.test(attribute.name)) found.push(`${el.localName}[${attribute.name}]`);
          else if (
            /(^|:)(href|src|action|formaction)$/i.test(attribute.name) &&
            /^\s*(javascript|data|vbscript):/i.test(attribute.value)
          )
            found.push(`${el.localName}[${attribute.name}=${attribute.value.slice(0, 30)}]`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    if (where === 'document') visit(document);
    else for (const host of document.querySelectorAll('[data-bao]')) if (host.shadowRoot) visit(host.shadowRoot);
    return found;
  }, scope);
}

/** The rows a run table shows, each with its cells' outcomes. */
async function shownRows(page: Page, key: string) {
  return page.locator(`[data-bao="run-table-${key}"] [data-run-library]`).evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-run-library') ?? '',
      // Pairs, not an object: a `__proto__` key would not survive the trip out of the page.
      cells: [...row.querySelectorAll('[data-metric]')].map((c) => [
        c.getAttribute('data-metric'),
        c.getAttribute('data-qc'),
      ]),
    })),
  );
}

/** Every table of the run shows its rows, each cell as the QC engine evaluates the hostile document. */
async function expectRunTables(page: Page, run: ExpectedRun): Promise<void> {
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay.locator('[data-run-library]').first()).toBeVisible({ timeout: 30_000 });
  await expect(overlay).toHaveAttribute('data-run-name', run.runName);
  for (const table of run.tables) {
    const rows = await shownRows(page, table.key);
    expect(rows.length, `${table.key} rows shown`).toBeGreaterThanOrEqual(Math.min(table.samples.length, 15));
    for (const row of rows) expect(row.cells, row.id).toEqual([...table.outcomes.get(row.id)!]);
  }
}

/** Splits RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endField();
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

test('hostile data in every field: nothing runs, nothing is injected, every view shows the rest', async ({
  context,
  page,
  sandbox,
  configure,
  loginJira,
  loginMiso,
  openExtensionPage,
}) => {
  test.setTimeout(240_000);
  const executed: string[] = [];
  const dialogs: string[] = [];
  await context.exposeFunction(HOSTILE_HOOK, (n: number) => executed.push(String(n)));
  context.on('page', (p) => p.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss())));
  page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  await page.setViewportSize({ width: 1400, height: 1600 });
  await configure();
  await loginJira();
  await loginMiso();

  const runs = expectedRuns(sandbox.world.caseData);
  const ticket = seededRunTickets(sandbox.jira.seeded).find((t) => runs.get(t.runName)?.tables.length);
  expect(ticket, 'the sandbox seeds a ticket for a hostile run').toBeDefined();
  const run = runs.get(ticket!.runName)!;
  const results: ViewResult[] = [];
  const view = async (name: string, p: Page, scope: 'overlays' | 'document', check: () => Promise<void>) => {
    let error: string | null = null;
    try {
      await check();
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160);
    }
    results.push({ view: name, error, injected: await injectedElements(p, scope).catch(() => ['(page gone)']) });
  };
  const tableKey = run.tables[0]!.key;
  const section = page.locator(`[data-bao="run-table-${tableKey}"]`);

  await view('Jira run ticket', page, 'overlays', async () => {
    await page.goto(`${sandbox.urls.jira}/browse/${ticket!.key}`);
    await expectRunTables(page, run);
    await expect(page.locator('#summary-val')).toContainText(run.runName);
  });
  await view('cell and header tooltips', page, 'overlays', async () => {
    for (const metric of HOSTILE_METRICS) {
      const cell = section.locator(`[data-run-library] [data-metric="${metric.replaceAll('"', '\\"')}"]`).first();
      // Hovering a cell out of view scrolls the grid, and a scroll closes a tooltip: come back once it is in view.
      await expect(async () => {
        await cell.scrollIntoViewIfNeeded();
        await page.mouse.move(0, 0);
        await cell.hover();
        await expect(section.getByRole('tooltip'), `tooltip of ${metric}`).toContainText(metric, { timeout: 1000 });
      }).toPass({ timeout: 15_000 });
    }
  });
  await view('Omissions', page, 'overlays', async () => {
    const omissions = page.locator('[data-bao="omissions"]');
    await omissions.locator('summary').click();
    await expect(omissions.locator('tbody tr').first()).toContainText('OMIT_');
  });
  await view('QC-in-MISO dialog', page, 'overlays', async () => {
    await section.getByRole('grid').locator('[tabindex="0"]').focus();
    await page.keyboard.press('a');
    await page.keyboard.press('q');
    const dialog = page.getByRole('dialog', { name: 'QC in MISO' });
    await expect(dialog.locator('[data-bao="qc-batches"] li').first()).toBeVisible();
    await expect(dialog.locator('[data-bao="qc-run-name"]')).toHaveText(run.runName);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  });
  await view('CSV download', page, 'overlays', async () => {
    const downloading = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Download CSV' }).click();
    const rows = parseCsv(await readFile((await (await downloading).path())!, 'utf8'));
    const [header, ...lines] = rows;
    expect(header!.slice(0, 3)).toEqual(['Run', 'Run-library ID', 'Library']);
    expect(lines.map((l) => l[1]).sort()).toEqual(run.tables[0]!.samples.map((s) => s.id).sort());
    const formulas = lines
      .flat()
      .filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(cell));
    expect(formulas, 'cells a spreadsheet would read as formulas').toEqual([]);
    await expect(section.locator('[data-run-library]').first()).toBeVisible();
  });
  await view('MISO run page', page, 'overlays', async () => {
    await page.goto(`${sandbox.urls.miso}/run/alias/${encodeURIComponent(run.runName)}`);
    await expectRunTables(page, run);
  });

  const notified = [...notificationsOf(sandbox.world.caseData)]
    .filter(([, { notification }]) => notification)
    .map(([name]) => name)
    .sort();
  expect(notified.length, 'the hostile document has runs with a notification').toBeGreaterThan(0);
  const popup = await openExtensionPage('popup.html');
  await view('popup Runs', popup, 'document', async () => {
    const runsView = popup.locator('[data-bao="runs-view"]');
    await popup.getByRole('checkbox', { name: 'Needs action only' }).uncheck();
    await expect(runsView.locator('tbody tr').first()).toBeVisible({ timeout: 30_000 });
    const names = await runsView
      .locator('tbody tr[data-run-name]')
      .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.runName));
    expect(names.sort()).toEqual(notified);
  });
  const cases = await openCases(openExtensionPage);
  const caseIds = new Set(sandbox.world.caseData.cases.map((c) => c.id));
  await view('popup Cases', cases, 'document', async () => {
    const shown = await cases
      .locator('[data-bao="cases-view"] tr[data-case-id]')
      .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.caseId ?? ''));
    expect(shown.length).toBe(Math.min(caseIds.size, 25));
    for (const id of shown) expect(caseIds.has(id), id).toBe(true);
  });
  await view('sign-off dialog', cases, 'document', async () => {
    const withRelease = sandbox.world.caseData.cases.filter((c) =>
      c.deliverables?.some((d) => d.deliverableCategory === 'Data Release'),
    );
    const list = cases.locator('[data-bao="cases-view"]');
    await list.getByLabel('Deliverable type').selectOption('Data Release');
    const chosen = withRelease.slice(0, 2).map((c) => c.id);
    for (const id of chosen)
      await list.locator(`tr[data-case-id="${id.replaceAll('"', '\\"')}"] input[type="checkbox"]`).check();
    const before = sandbox.nabu.rows.length;
    const dialog = await fillDialog(cases, 'Release Approval', 'Passed/Proceed', NOTE);
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog.locator('[data-bao="signoff-confirmation"]')).toHaveText(/^Saved 2 sign-offs/);
    const rows = sandbox.nabu.rows.slice(before);
    expect(rows.map((r) => r.caseIdentifier).sort()).toEqual([...chosen].sort());
    for (const row of rows) expect(Buffer.from(row.comment ?? '').equals(Buffer.from(NOTE))).toBe(true);
  });

  const failed = results.filter((r) => r.error !== null);
  const injected = results.flatMap((r) => r.injected.map((what) => `${r.view}: ${what}`));
  const width = Math.max(...results.map((r) => r.view.length));
  console.log(
    [
      `Hostile data: ${hostile.payloads} payloads in ${new Set(hostile.fields).size} kinds of field`,
      `${'view'.padEnd(width)}  rendered  injected`,
      ...results.map(
        (r) =>
          `${r.view.padEnd(width)}  ${(r.error ? 'NO' : 'yes').padEnd(8)}  ${r.injected.length}${r.error ? `  ${r.error}` : ''}`,
      ),
      `payloads executed: ${executed.length + dialogs.length}; elements injected: ${injected.length}; ` +
        `views that failed to render: ${failed.length} of ${results.length}`,
    ].join('\n'),
  );
  expect({ executed, dialogs, injected, failed }).toEqual({ executed: [], dialogs: [], injected: [], failed: [] });
});
