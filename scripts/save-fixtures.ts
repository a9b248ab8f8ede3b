import { chromium } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { startSandbox } from '../sandbox/server';
import { CHROMIUM, LOOPBACK_ONLY_RESOLVER, loginToSandbox } from './lib/extension-browser';

// Saves the host pages Bao's selectors are tested against (tests/fixtures/{jira,miso}/*.html),
// rendered by the sandbox with a fixed seed. Pages that build themselves with script (Jira Cloud)
// are saved after rendering. Run it after changing a sandbox page: `npx tsx scripts/save-fixtures.ts`.

async function main(): Promise<void> {
  const sandbox = await startSandbox({ generator: { seed: 42, runs: 6, librariesPerLane: 3, cases: 12 } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', LOOPBACK_ONLY_RESOLVER] });
  const context = await browser.newContext();
  await loginToSandbox(context, sandbox, { jira: 'tess', miso: 'admin' });
  const page = await context.newPage();
  const save = async (file: string) => {
    // Sandbox ports change between runs; fixtures should not.
    const html = (await page.content())
      .replaceAll(sandbox.urls.jira, 'https://jira.lab.example')
      .replaceAll(sandbox.urls.miso, 'https://miso.lab.example');
    await writeFile(`tests/fixtures/${file}`, html);
    console.log(`saved tests/fixtures/${file}`);
  };

  const { open: runTicket, question: otherTicket } = sandbox.jira.seeded;
  if (!runTicket || !otherTicket) throw new Error('the sandbox seeded no open run ticket and question');
  await page.goto(`${sandbox.urls.jira}/browse/${runTicket.key}`);
  await save('jira/dc-run-ticket.html');
  await page.goto(`${sandbox.urls.jira}/browse/${otherTicket.key}`);
  await save('jira/dc-other-ticket.html');
  await page.goto(`${sandbox.urls.jira}/jira/browse/${runTicket.key}`);
  await page.getByTestId('issue.views.issue-base.foundation.summary.heading').waitFor();
  await save('jira/cloud-run-ticket.html');

  const run = [...sandbox.miso.model.runs.values()][0]!;
  await page.goto(`${sandbox.urls.miso}/run/${run.id}`);
  await save('miso/run-page.html');

  const data = JSON.stringify({
    report: 'Bao fixture',
    library_aliquots: sandbox.miso
      .runAliquotDtos(run)
      .slice(0, 2)
      .map((a) => ({
        name: a.aliquotName,
        run_id: a.runId,
        partition: a.partitionNumber,
        metrics: [{ title: 'Mean Insert Size', threshold_type: 'ge', threshold: 150, value: 180.25 }],
      })),
  });
  await page.goto(`${sandbox.urls.miso}/mainMenu`);
  await page.evaluate((payload) => {
    const form = Object.assign(document.createElement('form'), { method: 'POST', action: '/runlibraries/metrics' });
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'data', value: payload }));
    document.body.append(form);
    form.submit();
  }, data);
  await page.waitForURL('**/runlibraries/metrics');
  await save('miso/metrics-page.html');
  await page.context().clearCookies();
  await page.goto(`${sandbox.urls.miso}/login`);
  await save('miso/login-page.html');

  await browser.close();
  await sandbox.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
