import { chromium } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { startSandbox } from '../sandbox/server';

// Saves the host pages Bao's selectors are tested against (tests/fixtures/{jira,miso}/*.html),
// rendered by the sandbox with a fixed seed. Pages that build themselves with script (Jira Cloud)
// are saved after rendering. Run it after changing a sandbox page: `npx tsx scripts/save-fixtures.ts`.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SUFFIX = ' Dimsum Run QC';

async function main(): Promise<void> {
  const sandbox = await startSandbox({ generator: { seed: 42, runs: 6, librariesPerLane: 3, cases: 12 } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'] });
  const context = await browser.newContext();
  const jiraSession = sandbox.jira.createSession(sandbox.jira.user('tess')!);
  await context.addCookies([
    { name: 'JSESSIONID', value: jiraSession.id, url: sandbox.urls.jira },
    { name: 'JSESSIONID', value: sandbox.miso.createSession('admin'), url: sandbox.urls.miso },
  ]);
  const page = await context.newPage();
  const save = async (file: string) => {
    // Sandbox ports change between runs; fixtures should not.
    const html = (await page.content()).replaceAll(sandbox.urls.jira, 'https://jira.lab.example').replaceAll(sandbox.urls.miso, 'https://miso.lab.example');
    await writeFile(`tests/fixtures/${file}`, html);
    console.log(`saved tests/fixtures/${file}`);
  };

  const issues = sandbox.jira.issues();
  const runTicket = issues.find((i) => i.summary.endsWith(SUFFIX) && !i.summary.startsWith('Question') && !i.resolution)!;
  const otherTicket = issues.find((i) => i.summary.startsWith('Question'))!;
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
    library_aliquots: sandbox.miso.runAliquotDtos(run).slice(0, 2).map((a) => ({
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

  await browser.close();
  await sandbox.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
