import { z } from 'zod';
import { CaseData, type Sample } from '../../lib/cardea/schema';
import { TrendWarnings } from '../../lib/messages/protocol';
import { evaluateCell } from '../../lib/qc/evaluate';
import { generateCaseData } from '../../sandbox/cardea/generator';
import { TIMESTAMP } from '../../sandbox/cardea/days';
import { DEFAULT_GENERATOR } from '../../sandbox/server';
import { askBackground, waitForIngest } from '../../scripts/lib/extension-browser';
import { expect, test } from './fixtures';
import { expectDriftTrend, openTrendByKeyboard } from './trend-view';

// Issue 14, acceptance: with one instrument drifting (the sandbox's trendDrift dataset), the trend warning shows on
// that instrument's latest run and on no other run, the chart and table open from the keyboard, and the cells'
// data-qc are those of the QC engine alone.

const GENERATOR = { ...DEFAULT_GENERATOR, trendDrift: true };
test.use({ sandboxOptions: { etlDelayMs: 0, generator: GENERATOR } });

const data = CaseData.parse(generateCaseData(GENERATOR));
const samples: Sample[] = data.cases.flatMap((c) => c.tests.flatMap((t) => t.fullDepthSequencings));
const runNames = [...new Set(samples.flatMap((s) => (s.run ? [s.run.name] : [])))];
const drifting = samples
  .flatMap((s) => (s.run?.name.includes('_A00953_') && s.run.name.includes('BTREND') ? [s.run] : []))
  .sort((a, b) => (a.completionDate! < b.completionDate! ? -1 : 1));
const latest = drifting.at(-1)!;

test('the drifting instrument’s latest run warns, no other run does, and the trend view works by keyboard', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  test.setTimeout(180_000);
  await configure();
  await loginMiso();
  const popup = await openExtensionPage('popup.html');
  await waitForIngest(popup, TIMESTAMP, 90_000);

  const answers = await askBackground(
    popup,
    z.object({ ok: z.literal(true), value: z.array(TrendWarnings) }),
    'getTrendWarnings',
    { runNames },
  );
  const warned = answers.value.filter((w) => w.warnings.length > 0);
  expect(warned.map((w) => w.runName)).toEqual([latest.name]);
  expect(warned[0].warnings.map((w) => [w.metric, w.rules])).toEqual([['Mean Insert Size', ['10-x']]]);

  const page = await context.newPage();
  await page.goto(`${sandbox.urls.miso}/run/alias/${latest.name}`);
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay.locator('[data-bao="trend-warning"]')).toContainText(
    'Mean Insert Size (Trend demo WG, WG): 10-x',
  );

  // Trends are advisory: every cell shows what the QC engine alone says.
  const cells = await overlay
    .locator('[data-run-library] [data-qc]')
    .evaluateAll((list) =>
      list.map((el) => [
        el.closest('[data-run-library]')!.getAttribute('data-run-library'),
        el.getAttribute('data-metric'),
        el.getAttribute('data-qc'),
      ]),
    );
  const byId = new Map(samples.filter((s) => s.run?.name === latest.name).map((s) => [s.id, s]));
  expect(cells.length).toBeGreaterThan(0);
  for (const [id, metric, qc] of cells) {
    expect(qc, `${id} ${metric}`).toBe(
      evaluateCell(metric!, 'FULL_DEPTH_SEQUENCING', { ...byId.get(id!)!, run: latest }, data.assaysById).outcome,
    );
  }

  // Keyboard only: into the grid, up to the headers, across to Mean Insert Size, t.
  const view = await openTrendByKeyboard(page, overlay, 'Mean Insert Size');
  await expectDriftTrend(view, latest.name);
  // From the heading: Copy table, Close, then the chart and the table.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(view.locator('[data-bao="trend-chart"]')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(view.locator('[role="region"][aria-label="Trend values"]')).toBeFocused();
});
