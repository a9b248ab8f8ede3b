import { z } from 'zod';
import { CaseData, type Sample } from '../../lib/cardea/schema';
import { TrendWarnings } from '../../lib/messages/protocol';
import { generateCaseData } from '../../sandbox/cardea/generator';
import { TIMESTAMP } from '../../sandbox/cardea/days';
import { DEFAULT_GENERATOR } from '../../sandbox/server';
import { askBackground, waitForIngest } from '../../scripts/lib/extension-browser';
import { startSandboxServer } from './bao-server';
import { expect, test } from './fixtures';
import { expectDriftTrend, openTrendByKeyboard } from './trend-view';

// Issue 14 in server mode: the browser holds only the Bao server's snapshot, not every run's run-libraries, yet with
// one instrument drifting (the sandbox's trendDrift dataset) the trend warning shows on that instrument's latest run
// and on no other run, from the warnings index.json carries, and the trend view draws from the assay's trend file.

const GENERATOR = { ...DEFAULT_GENERATOR, trendDrift: true };
test.use({ sandboxOptions: { etlDelayMs: 0, generator: GENERATOR } });

const data = CaseData.parse(generateCaseData(GENERATOR));
const samples: Sample[] = data.cases.flatMap((c) => c.tests.flatMap((t) => t.fullDepthSequencings));
const runNames = [...new Set(samples.flatMap((s) => (s.run ? [s.run.name] : [])))];
const drifting = samples
  .flatMap((s) => (s.run?.name.includes('_A00953_') && s.run.name.includes('BTREND') ? [s.run] : []))
  .sort((a, b) => (a.completionDate! < b.completionDate! ? -1 : 1));
const latest = drifting.at(-1)!;

test('server mode: the drifting instrument’s latest run warns, no other run does, and its trend view draws', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
  tempDir,
}) => {
  test.setTimeout(180_000);
  const server = await startSandboxServer(sandbox, await tempDir());
  try {
    await configure({ baoServerUrl: server.url });
    await loginMiso();
    const popup = await openExtensionPage('popup.html');
    await waitForIngest(popup, TIMESTAMP, 90_000);

    const answers = await askBackground(
      popup,
      z.object({ ok: z.literal(true), value: z.array(TrendWarnings) }),
      'getTrendWarnings',
      { runNames },
    );
    expect(answers.value.map((w) => w.runName).sort()).toEqual([...runNames].sort());
    const warned = answers.value.filter((w) => w.warnings.length > 0);
    expect(warned.map((w) => w.runName)).toEqual([latest.name]);
    expect(warned[0].warnings.map((w) => [w.metric, w.rules])).toEqual([['Mean Insert Size', ['10-x']]]);

    const page = await context.newPage();
    await page.goto(`${sandbox.urls.miso}/run/alias/${latest.name}`);
    const overlay = page.locator('[data-bao="run-table"]');
    await expect(overlay.locator('[data-bao="trend-warning"]')).toContainText(
      'Mean Insert Size (Trend demo WG, WG): 10-x',
    );

    // The trend view of Mean Insert Size: its history is the server's trend file, this run's values its run file.
    const view = await openTrendByKeyboard(page, overlay, 'Mean Insert Size');
    await expectDriftTrend(view, latest.name);

    // The drifting instrument's run before: no warning in its header.
    const earlier = drifting.filter((run) => run.name !== latest.name).at(-1)!;
    await page.goto(`${sandbox.urls.miso}/run/alias/${earlier.name}`);
    await expect(overlay.locator('[data-run-library]').first()).toBeVisible({ timeout: 30_000 });
    await expect(overlay.locator('[data-bao="trend-warning"]')).toHaveCount(0);
  } finally {
    await server.stop();
  }
});
