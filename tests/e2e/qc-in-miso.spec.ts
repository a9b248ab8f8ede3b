import type { BrowserContext, Page } from '@playwright/test';
import { z } from 'zod';
import { CaseData, type Sample } from '../../lib/cardea/schema';
import { result } from '../../lib/messages/define';
import { MisoBatchListing, RunData } from '../../lib/messages/protocol';
import { planQcInMiso, type QcInMisoBatch } from '../../lib/miso/qc-in-miso';
import type { MetricsRequestMetric } from '../../lib/miso/schema';
import { askBackground } from '../../scripts/lib/extension-browser';
import type { Sandbox } from '../../sandbox/server';
import { runLibraries, type SequencingCategory } from '../builders/cardea';
import { expect, test } from './fixtures';

// Issue 4 part B, acceptance: "QC in MISO" from an extension page, delivered by a MISO tab that
// posts the form itself, through expired sessions and MISO's login page, and never lost.

interface Selection {
  runName: string;
  category: SequencingCategory;
  batches: QcInMisoBatch[];
}

/**
 * `perGroup` run-libraries from each of `groups` (assay, design) groups of one run, planned as the
 * overlay would. Only libraries with every value present: MISO's page script cannot draw a null.
 */
function select(sandbox: Sandbox, perGroup: number, groups: number): Selection {
  const assaysById = CaseData.parse(sandbox.world.caseData).assaysById;
  for (const { runName, category, samples } of runLibraries(sandbox.world.caseData)) {
    const plan = (list: Sample[]) =>
      planQcInMiso({ samples: list, category, assaysById, grouping: 'by-assay-and-design' });
    const complete = samples.filter((s) =>
      plan([s]).batches.every((b) => b.request.library_aliquots.every((l) => l.metrics.every((m) => m.value !== null))),
    );
    const big = plan(complete).batches.filter((b) => b.runLibraryIds.length >= perGroup);
    if (big.length < groups) continue;
    const chosen = new Set(big.slice(0, groups).flatMap((b) => b.runLibraryIds.slice(0, perGroup)));
    const final = plan(complete.filter((s) => chosen.has(s.id)));
    expect(final.leftOut).toEqual([]);
    return { runName, category, batches: final.batches };
  }
  throw new Error(`the sandbox has no run with ${groups} groups of ${perGroup} complete run-libraries`);
}

const Opened = result(z.object({ opened: z.number(), batchIds: z.array(z.string()) }));
const Listing = result(z.array(MisoBatchListing));
const RunDataResult = result(RunData);

/** The background plans the batches again from its own index, so the run must be indexed first. */
async function openQcInMiso(popup: Page, selection: Selection) {
  await expect
    .poll(async () => askBackground(popup, RunDataResult, 'getRunData', { runName: selection.runName }), {
      timeout: 30_000,
    })
    .toMatchObject({ ok: true, value: { status: 'found' } });
  const answer = await askBackground(popup, Opened, 'openQcInMiso', {
    runName: selection.runName,
    category: selection.category,
    batches: selection.batches,
  });
  expect(answer).toMatchObject({ ok: true, value: { opened: selection.batches.length } });
  return answer.ok ? answer.value.batchIds : [];
}

async function kept(popup: Page) {
  const answer = await askBackground(popup, Listing, 'listMisoBatches');
  expect(answer.ok).toBe(true);
  return answer.ok ? answer.value : [];
}

/** The MISO tab the background opens next. */
const nextTab = (context: BrowserContext) => context.waitForEvent('page');

const thresholdText = (m: MetricsRequestMetric) =>
  ({
    gt: `> ${m.threshold}`,
    ge: `>= ${m.threshold}`,
    lt: `< ${m.threshold}`,
    le: `<= ${m.threshold}`,
    between: `between ${m.threshold} and ${m.threshold_2}`,
  })[m.threshold_type];

/** What the user sees: exactly the batch's run-libraries, each metric title as a column, each threshold in its cell. */
async function expectMetricsPage(page: Page, batch: QcInMisoBatch) {
  await expect(page).toHaveURL(/\/runlibraries\/metrics$/);
  await expect(page.locator('h1')).toHaveText('Run-Library Metrics');
  const rows = page.locator('#metricsTable > tbody > tr[data-run-library]');
  await expect(rows).toHaveCount(batch.runLibraryIds.length);
  expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-library')))).sort()).toEqual(
    [...batch.runLibraryIds].sort(),
  );

  const titles = [...new Set(batch.request.library_aliquots.flatMap((l) => l.metrics.map((m) => m.title)))];
  const headings = await page.locator('#metricsTable > thead th').allTextContents();
  expect(headings).toEqual(['Library Aliquot', ...titles, 'Effective QC Status', 'QC Status']);

  for (const [i, id] of batch.runLibraryIds.entries()) {
    const library = batch.request.library_aliquots[i]!;
    const cells = page.locator(`#metricsTable > tbody > tr[data-run-library="${id}"] > td`);
    for (const [column, title] of titles.entries()) {
      const text = (await cells.nth(column + 1).textContent()) ?? '';
      for (const metric of library.metrics.filter((m) => m.title === title))
        expect(text, `${id} ${title}`).toContain(`(threshold: ${thresholdText(metric)})`);
    }
  }
  // The session went along with the POST: MISO renders this page only for a logged-in user.
  await expect(page.locator('#currentUser')).toHaveText('admin');
}

async function expectBanner(page: Page, state: string, ...texts: (string | RegExp)[]) {
  const banner = page.locator(`[data-bao="qc-batch-banner"][data-state="${state}"] .bao-notice`);
  for (const text of texts) await expect(banner).toContainText(text);
}

const expireSessions = async (sandbox: Sandbox) => {
  const response = await fetch(`${sandbox.urls.miso}/__sandbox/miso/expire-sessions`, { method: 'POST' });
  expect(response.status).toBe(204);
};

async function logIn(page: Page) {
  await page.locator('#username').fill('admin');
  await page.locator('#password').fill('admin');
  await page.locator('#login').click();
}

test('logged in: a MISO tab lands on the Run-Library Metrics page with exactly the three, and the batch is gone', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  await configure();
  await loginMiso();
  const selection = select(sandbox, 3, 1);
  const [batch] = selection.batches;
  expect(batch?.runLibraryIds).toHaveLength(3);
  const popup = await openExtensionPage('popup.html');

  const tab = nextTab(context);
  await openQcInMiso(popup, selection);
  const miso = await tab;
  await expectMetricsPage(miso, batch!);
  await expectBanner(miso, 'delivered', `3 run-libraries from run ${selection.runName}`, batch!.label, 'Save All');
  await expect.poll(() => kept(popup)).toEqual([]);
});

test('session expired after the batch was stored: MISO’s login page says what waits, and after login MISO shows the three', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  await configure();
  await loginMiso();
  const selection = select(sandbox, 3, 1);
  const [batch] = selection.batches;
  const popup = await openExtensionPage('popup.html');
  // Hold the tab's first request until the batch is stored and the session is gone.
  sandbox.world.faults.add({ system: 'miso', path: '/mainMenu', latencyMs: 1500, times: 1 });

  const tab = nextTab(context);
  const [id] = await openQcInMiso(popup, selection);
  expect(await kept(popup)).toEqual([
    expect.objectContaining({ id, state: 'waiting', runLibraryIds: batch!.runLibraryIds }),
  ]);
  await expireSessions(sandbox);

  const miso = await tab;
  await expect(miso).toHaveURL(/\/login$/);
  const notice = miso.locator('[data-bao="qc-batch-notice"] .bao-notice');
  await expect(notice).toContainText('Log in to MISO to continue');
  await expect(notice).toContainText(`QC in MISO for 3 run-libraries of run ${selection.runName} is waiting`);
  expect(await kept(popup)).toEqual([expect.objectContaining({ id })]);

  await logIn(miso);
  await expectMetricsPage(miso, batch!);
  await expectBanner(miso, 'delivered', selection.runName);
  await expect.poll(() => kept(popup)).toEqual([]);
});

test('session expiring while the tab is about to submit: the batch goes through MISO’s login and is still delivered', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  await configure();
  await loginMiso();
  const selection = select(sandbox, 3, 1);
  const [batch] = selection.batches;
  const popup = await openExtensionPage('popup.html');
  // The tab's session check (`GET /constants.js`, no `?ts=`) is held; the session ends meanwhile.
  sandbox.world.faults.add({ system: 'miso', path: '/constants.js', latencyMs: 2000 });

  const tab = nextTab(context);
  await openQcInMiso(popup, selection);
  const miso = await tab;
  await miso.waitForRequest((r) => new URL(r.url()).pathname === '/constants.js' && !r.url().includes('ts='));
  await expireSessions(sandbox);
  sandbox.world.faults.clear('miso');

  await expect(miso).toHaveURL(/\/login$/);
  await expect(miso.locator('[data-bao="qc-batch-notice"] .bao-notice')).toContainText(selection.runName);
  expect(await kept(popup)).toHaveLength(1);
  await logIn(miso);
  await expectMetricsPage(miso, batch!);
  await expect.poll(() => kept(popup)).toEqual([]);
});

test('session expiring while the form is on its way: MISO returns after login to an error page, and Bao sends the batch again, once', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  await configure();
  await loginMiso();
  const selection = select(sandbox, 3, 1);
  const [batch] = selection.batches;
  const popup = await openExtensionPage('popup.html');
  // The session check passes; the POST itself is held until the session is gone.
  sandbox.world.faults.add({
    system: 'miso',
    path: '/runlibraries/metrics',
    method: 'POST',
    latencyMs: 1500,
    times: 1,
  });

  const tab = nextTab(context);
  const [id] = await openQcInMiso(popup, selection);
  const miso = await tab;
  const pages: string[] = [];
  miso.on('response', (r) => {
    if (new URL(r.url()).pathname === '/runlibraries/metrics' && r.request().method() === 'POST' && r.status() === 200)
      pages.push(r.url());
  });
  await miso.waitForRequest((r) => new URL(r.url()).pathname === '/runlibraries/metrics' && r.method() === 'POST');
  await expireSessions(sandbox);

  // MISO saved the POST: the login page, with Bao's note about what waits.
  await expect(miso).toHaveURL(/\/login$/);
  await expect(miso.locator('[data-bao="qc-batch-notice"] .bao-notice')).toContainText(
    `QC in MISO for 3 run-libraries of run ${selection.runName} is waiting`,
  );
  expect(await kept(popup)).toEqual([expect.objectContaining({ id, state: 'posted', attempts: 1 })]);

  // After login MISO replays the saved POST as GET ?continue (405). Bao sends the batch again from there.
  const returned = miso.waitForResponse(
    (r) => new URL(r.url()).search === '?continue' && r.request().method() === 'GET',
  );
  await logIn(miso);
  expect((await returned).status()).toBe(405);
  await expectMetricsPage(miso, batch!);
  await expectBanner(
    miso,
    'delivered',
    `3 run-libraries from run ${selection.runName}`,
    'sent them again after MISO’s login',
  );
  await expect.poll(() => kept(popup)).toEqual([]);
  // Sent again exactly once: one Run-Library Metrics page came back.
  expect(pages).toHaveLength(1);
});

test('two groups open two MISO tabs, each with its own run-libraries', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  await configure();
  await loginMiso();
  const selection = select(sandbox, 2, 2);
  expect(selection.batches).toHaveLength(2);
  expect(new Set(selection.batches.map((b) => b.label)).size).toBe(2);
  const popup = await openExtensionPage('popup.html');

  const tabs: Page[] = [];
  context.on('page', (p) => tabs.push(p));
  await openQcInMiso(popup, selection);
  await expect.poll(() => tabs.length).toBe(2);
  for (const tab of tabs) await tab.waitForURL(/\/runlibraries\/metrics$/);
  for (const tab of tabs) {
    const ids = await tab
      .locator('#metricsTable > tbody > tr[data-run-library]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-library')));
    const batch = selection.batches.find((b) => b.runLibraryIds.includes(ids[0] ?? ''));
    expect(batch, `tab ${tab.url()} shows one of the batches`).toBeDefined();
    await expectMetricsPage(tab, batch!);
    await expectBanner(tab, 'delivered', batch!.label);
  }
  await expect.poll(() => kept(popup)).toEqual([]);
});

test('a page MISO refuses keeps the batch and shows MISO’s message', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  await configure();
  await loginMiso();
  const selection = select(sandbox, 3, 1);
  // One run-library MISO cannot resolve: taken off its run in MISO since Cardea's last ETL. (Bao sends only what
  // its own data says, so the request itself cannot be made wrong.)
  const gone = selection.batches[0]!.request.library_aliquots[1]!;
  const misoRun = sandbox.miso.run(gone.run_id)!;
  misoRun.runLibraries = misoRun.runLibraries.filter(
    (rl) => !(rl.partitionNumber === gone.partition && `LDI${rl.aliquotId}` === gone.name),
  );
  const popup = await openExtensionPage('popup.html');

  const tab = nextTab(context);
  const [id] = await openQcInMiso(popup, selection);
  const miso = await tab;
  await expect(miso).toHaveURL(/\/runlibraries\/metrics$/);
  // MISO's own error page: a title and a message, and no h1 for a reader to wait for.
  await expect(miso.locator('p.errorTitle')).toHaveText('Page Not Found');
  await expect(miso.locator('#flasherror')).toHaveText('Run-library not found');
  await expect(miso.locator('h1')).toHaveCount(0);
  await expectBanner(miso, 'rejected', 'Run-library not found', selection.runName, 'keeps the selection');
  await expect
    .poll(() => kept(popup))
    .toEqual([
      expect.objectContaining({
        id,
        state: 'rejected',
        rejection: expect.stringContaining('Run-library not found'),
        attempts: 1,
      }),
    ]);

  // Going back to MISO's home in that tab does not post it again by itself.
  await miso.goto(`${sandbox.urls.miso}/mainMenu`);
  await expect(miso.locator('#welcome')).toBeVisible();
  await expect(miso.locator('html')).toHaveAttribute('data-bao-batch', 'none');
  await expect(miso).toHaveURL(/\/mainMenu$/);
  expect(await kept(popup)).toEqual([expect.objectContaining({ id, state: 'rejected', attempts: 1 })]);
});

/** Posts the QC-in-MISO form to MISO from a Jira page: another site (127.0.0.1 vs localhost), as in a real lab. */
async function postFromJira(context: BrowserContext, sandbox: Sandbox, request: unknown): Promise<Page> {
  const jira = await context.newPage();
  await jira.goto(`${sandbox.urls.jira}/login.jsp`);
  await jira.evaluate(
    ([action, data]) => {
      const form = Object.assign(document.createElement('form'), { method: 'POST', action });
      form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'data', value: data }));
      document.body.append(form);
      form.submit();
    },
    [`${sandbox.urls.miso}/runlibraries/metrics`, JSON.stringify(request)] as const,
  );
  return jira;
}

// MISO's session cookie has no SameSite attribute, so Chromium treats it as Lax by default, with one
// exception ("Lax + POST"): for the first two minutes after it is set, such a cookie still goes along
// on a top-level cross-site POST. After that it behaves exactly like a cookie marked SameSite=Lax.
// A test cannot age a browser cookie by two minutes, so the two phases are shown apart: an explicit
// SameSite=Lax cookie stands for MISO's session once it is over two minutes old.

test('why a MISO tab: a form posted from a Jira page reaches MISO without a session older than two minutes, and the POST is lost', async ({
  context,
  sandbox,
  configure,
  loginMiso,
}) => {
  await configure();
  // Set as SameSite=Lax explicitly: how Chromium treats MISO's cookie after its first two minutes.
  await loginMiso();
  const [batch] = select(sandbox, 3, 1).batches;
  const jira = await postFromJira(context, sandbox, batch!.request);
  // No cookie on a cross-site POST, so MISO sends the user to log in.
  await expect(jira).toHaveURL(/\/login$/);
  await expect(jira.locator('#loginForm')).toBeVisible();
});

test('why not rely on it: right after logging in, Chromium still sends MISO’s cookie (no SameSite) on the POST from Jira', async ({
  context,
  sandbox,
  configure,
}) => {
  await configure();
  // Logged in through MISO's own form, so the cookie is the one MISO sets: no SameSite attribute.
  const login = await context.newPage();
  await login.goto(`${sandbox.urls.miso}/login`);
  await logIn(login);
  await expect(login).toHaveURL(/\/mainMenu$/);
  const [cookie] = await context.cookies(sandbox.urls.miso);
  expect(cookie).toMatchObject({ name: 'JSESSIONID', httpOnly: true });
  const [batch] = select(sandbox, 3, 1).batches;
  // Within two minutes of the login the POST carries the session: posting from Jira would seem to
  // work in a quick try and fail later in the day, which is why Bao always posts from a MISO tab.
  const jira = await postFromJira(context, sandbox, batch!.request);
  await expect(jira).toHaveURL(/\/runlibraries\/metrics$/);
  await expect(jira.locator('#metricsTable > tbody > tr[data-run-library]')).toHaveCount(batch!.runLibraryIds.length);
});
