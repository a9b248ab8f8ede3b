import type { Locator, Page } from '@playwright/test';
import { ticketSummary } from '../../lib/qc/ticket-text';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { expectedRuns, type ExpectedRun, type ExpectedTable } from './run-expectations';

// Issue 10: the run table of the sandbox's widest assay in ordinary browser windows. Everything is measured on the
// rendered page (widths, positions, focus), not read from CSS.

/** The table with the most metric columns that has failing cells; a Jira run ticket is made for its run. */
function widestTable(sandbox: Sandbox): { run: ExpectedRun; table: ExpectedTable } {
  let best: { run: ExpectedRun; table: ExpectedTable } | null = null;
  for (const run of expectedRuns(sandbox.world.caseData).values()) {
    for (const table of run.tables) {
      const failing = [...table.outcomes.values()].some((row) => [...row.values()].includes('fail'));
      if (failing && (!best || table.columns.length > best.table.columns.length)) best = { run, table };
    }
  }
  if (!best) throw new Error('the sandbox has no run with a failing cell');
  return best;
}

async function openWidest(page: Page, sandbox: Sandbox, width: number) {
  const widest = widestTable(sandbox);
  const issue = sandbox.jira.createIssue({
    summary: ticketSummary(widest.run.runName),
    labels: ['dimsum-notification'],
  });
  await page.setViewportSize({ width, height: 1000 });
  await page.goto(`${sandbox.urls.jira}/browse/${issue.key}`);
  const section = page.locator(`[data-bao="run-table-${widest.table.key}"]`);
  await expect(section.locator('[data-run-library]').first()).toBeVisible({ timeout: 30_000 });
  return { ...widest, section, grid: section.getByRole('grid'), issueKey: issue.key };
}

/** The focused element inside the overlay's shadow root, as a screen reader would meet it. */
function focusedCell(page: Page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    const cell = element instanceof HTMLElement ? element.closest<HTMLElement>('[data-cell]') : null;
    if (!cell) return null;
    const grid = cell.closest<HTMLElement>('[role="grid"]')!;
    const sticky = [...cell.parentElement!.querySelectorAll<HTMLElement>('.bao-sticky')].reduce(
      (right, c) => Math.max(right, c.getBoundingClientRect().right),
      0,
    );
    const box = cell.getBoundingClientRect();
    const frame = grid.getBoundingClientRect();
    const describedBy = cell.getAttribute('aria-describedby');
    const root = cell.getRootNode() as ShadowRoot;
    return {
      row: cell.closest('[data-run-library]')?.getAttribute('data-run-library') ?? null,
      metric: cell.dataset.metric ?? null,
      qc: cell.dataset.qc ?? null,
      sticky: cell.classList.contains('bao-sticky'),
      label: cell.getAttribute('aria-label') ?? '',
      description: describedBy ? (root.getElementById(describedBy)?.textContent ?? '') : '',
      // In view: inside the grid's box, and not under the columns that stay put.
      visible:
        box.left >= (cell.classList.contains('bao-sticky') ? frame.left : sticky) - 1 &&
        box.right <= frame.left + grid.clientWidth + 1,
    };
  });
}

/** Every header label and every status, name and metric text that is cut, by rendered size. */
function clippedTexts(section: Locator) {
  return section.evaluate((root) => {
    const cut: string[] = [];
    for (const label of root.querySelectorAll<HTMLElement>('.bao-head__label, .bao-head__units')) {
      if (label.scrollWidth > label.clientWidth)
        cut.push(`header "${label.textContent}" (${label.scrollWidth} > ${label.clientWidth} px)`);
      const cell = label.closest<HTMLElement>('[role="columnheader"]')!.getBoundingClientRect();
      if (label.getBoundingClientRect().top < cell.top - 1)
        cut.push(`header "${label.textContent}" taller than its row`);
    }
    for (const text of root.querySelectorAll<HTMLElement>(
      '.bao-status .bao-text, .bao-cell--name .bao-text, .bao-metric .bao-text',
    )) {
      if (text.scrollWidth > text.clientWidth || text.scrollHeight > text.clientHeight + 1)
        cut.push(`cell "${text.textContent}"`);
    }
    return cut;
  });
}

for (const width of [1280, 1920]) {
  test.describe(`a ${width} px window`, () => {
    test('no header or status text is cut; identity columns stay in view with no gap when scrolled right', async ({
      page,
      sandbox,
      configure,
      loginJira,
    }, testInfo) => {
      await configure();
      await loginJira();
      const { section, grid, table } = await openWidest(page, sandbox, width);
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`wide-${width}.png`) });
      expect(await clippedTexts(section)).toEqual([]);
      // Every metric has its column, in the QC engine's order, and the legend explains the marks.
      const headers = await section.locator('[role="columnheader"] .bao-head__label').allTextContents();
      expect(headers.filter((h) => table.columns.includes(h))).toEqual(table.columns);
      await expect(section.locator('[data-bao="legend"]')).toContainText('preliminary value');
      await expect(section.locator('[data-bao="more-right"]')).toBeVisible();

      await grid.evaluate((g) => (g.scrollLeft = g.scrollWidth));
      await expect(section.locator('[data-bao="more-right"]')).toHaveCount(0);
      await expect(section.locator('[data-bao="more-left"]')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`wide-${width}-scrolled.png`) });
      const layout = await grid.evaluate((g) => {
        const frame = g.getBoundingClientRect();
        return [...g.querySelectorAll<HTMLElement>('[role="row"]')].slice(0, 6).map((row) => {
          const sticky = [...row.querySelectorAll<HTMLElement>('.bao-sticky')].map((c) => c.getBoundingClientRect());
          const last = sticky[sticky.length - 1];
          const y = (last.top + last.bottom) / 2;
          // The "more columns" cue may float there; look beneath it.
          const next = (g.getRootNode() as ShadowRoot)
            .elementsFromPoint(last.right + 2, y)
            .find((e) => !e.closest('.bao-cue'));
          return {
            inView: sticky.every((box) => box.left >= frame.left - 1 && box.right <= frame.right + 1),
            gaps: sticky.slice(1).map((box, i) => Math.round(box.left - sticky[i].right)),
            // Right of the identity columns: a cell of the same row, not an empty strip.
            nextIsCell: next?.closest('[role="row"]') === row && !next.closest('.bao-sticky'),
          };
        });
      });
      for (const row of layout) expect(row).toEqual({ inView: true, gaps: [0, 0, 0], nextIsCell: true });
      expect(await clippedTexts(section)).toEqual([]);
    });

    test('every failing cell is reached by keyboard, in view, and announced with metric, value and outcome', async ({
      page,
      sandbox,
      configure,
      loginJira,
    }) => {
      test.setTimeout(240_000);
      await configure();
      await loginJira();
      const { section, grid, table } = await openWidest(page, sandbox, width);
      const columns = await section.locator('[role="columnheader"]').count();
      const rows = await section.locator('[data-run-library]').count();
      expect(rows).toBe(table.samples.length);
      const failing = new Set(
        [...table.outcomes].flatMap(([id, cells]) =>
          [...cells].filter(([, outcome]) => outcome === 'fail').map(([metric]) => `${id} ${metric}`),
        ),
      );
      expect(failing.size).toBeGreaterThan(0);

      const index = new Map(
        await section
          .locator('[role="columnheader"]')
          .evaluateAll((hs) =>
            hs.map(
              (h) =>
                [
                  h.querySelector('.bao-head__label')?.textContent ?? '',
                  Number(h.getAttribute('aria-colindex')) - 1,
                ] as const,
            ),
          ),
      );
      const ids = await section
        .locator('[data-run-library]')
        .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-run-library') ?? ''));

      await grid.locator('[tabindex="0"]').focus();
      const reached = new Set<string>();
      // Row by row with the arrow keys, over to each failing cell, as a keyboard user would (and back, snaking).
      let at = 0;
      for (const [r, id] of ids.entries()) {
        const targets = [...(table.outcomes.get(id) ?? [])]
          .filter(([, o]) => o === 'fail')
          .map(([metric]) => ({ metric, column: index.get(metric)! }));
        targets.sort((a, b) => (r % 2 === 0 ? a.column - b.column : b.column - a.column));
        for (const { metric, column } of targets) {
          while (at !== column) {
            await page.keyboard.press(column > at ? 'ArrowRight' : 'ArrowLeft');
            at += column > at ? 1 : -1;
          }
          const cell = await focusedCell(page);
          const where = `${id} ${metric}`;
          expect(cell, where).toMatchObject({ row: id, metric, qc: 'fail', visible: true });
          reached.add(where);
          expect(cell!.label, where).toMatch(new RegExp(`^${metric.replace(/[()]/g, '\\$&')}: .+, fails$`));
          expect(cell!.description, `${where} is described by its tooltip`).toContain('Fails the requirement');
        }
        if (r < ids.length - 1) await page.keyboard.press('ArrowDown');
      }
      expect(columns).toBeGreaterThan(table.columns.length);
      expect([...reached].sort()).toEqual([...failing].sort());

      // The Issues cell takes a row straight to its first failing cell, however far right it is.
      const id = [...failing][failing.size - 1].split(' ')[0];
      const issues = section.locator(`[data-run-library="${id}"] [data-bao="issues"]`);
      await issues.click();
      const first = await focusedCell(page);
      expect(first).toMatchObject({ row: id, visible: true });
      expect(['fail', 'unavailable']).toContain(first!.qc);
    });
  });
}

test('the column chooser and compact rows are remembered for the assay on the next visit', async ({
  page,
  sandbox,
  configure,
  loginJira,
}, testInfo) => {
  await configure();
  await loginJira();
  const { section, table, issueKey } = await openWidest(page, sandbox, 1280);
  const metric = table.columns[1];
  await section.locator('[data-bao="column-chooser"] summary').click();
  await section.locator('[data-bao="column-chooser"]').getByLabel(metric, { exact: true }).uncheck();
  await section.locator('[data-bao="density"]').click();
  await expect(section.locator(`[data-metric="${metric}"]`)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('wide-1280-chooser.png') });

  await page.goto(`${sandbox.urls.jira}/browse/${issueKey}`);
  await expect(section.locator('[data-run-library]').first()).toBeVisible({ timeout: 30_000 });
  await expect(section.locator('[data-bao="density"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(section.locator(`[data-metric="${metric}"]`)).toHaveCount(0);
  await expect(section.locator(`[data-metric="${table.columns[0]}"]`).first()).toBeAttached();
  await expect(section.locator('[data-bao="column-chooser"] summary')).toContainText(
    `${table.columns.length - 1} of ${table.columns.length} metrics`,
  );
});
