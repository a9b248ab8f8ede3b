import { expect, test } from './fixtures';

// Issue 2, acceptance: the content scripts recognise their pages and mark the (still empty)
// overlay root with data-bao and data-run-name.

test('a Jira run ticket gets the run overlay, named after the ticket summary', async ({
  context,
  sandbox,
  configure,
  loginJira,
}) => {
  await configure();
  await loginJira();
  const ticket = sandbox.jira.seeded.open;
  expect(ticket, 'the sandbox seeds Dimsum run tickets').toBeDefined();
  const { key, runName } = ticket!;

  const page = await context.newPage();
  await page.goto(`${sandbox.urls.jira}/browse/${key}`);
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay).toHaveAttribute('data-run-name', runName);
  await expect(overlay).toHaveCount(1);
  await expect(overlay.getByRole('heading', { name: runName })).toBeVisible();
});

test('a Jira ticket that is not a run ticket gets no overlay', async ({ context, sandbox, configure, loginJira }) => {
  await configure();
  await loginJira();
  const question = sandbox.jira.seeded.question;
  expect(question, 'the sandbox seeds a question ticket').toBeDefined();
  const page = await context.newPage();
  await page.goto(`${sandbox.urls.jira}/browse/${question!.key}`);
  await expect(page.locator('#summary-val')).toContainText('Question about');
  // The overlay runner read the ticket and decided it is not a run ticket.
  await expect(page.locator('html')).toHaveAttribute('data-bao-skipped', 'jira-run-table');
  await expect(page.locator('[data-bao]')).toHaveCount(0);
});

test('a ticket that renders late still gets the overlay', async ({ context, sandbox, configure, loginJira }) => {
  await configure();
  await loginJira();
  const ticket = sandbox.jira.seeded.open!;
  const page = await context.newPage();
  await page.goto(`${sandbox.urls.jira}/browse/${ticket.key}?late=1`);
  await expect(page.locator('[data-bao="run-table"]')).toHaveAttribute('data-run-name', ticket.runName);
});

test('a MISO run page gets the run overlay at the Run-Libraries section, by id and by alias', async ({
  context,
  sandbox,
  configure,
  loginMiso,
}) => {
  await configure();
  await loginMiso();
  const run = [...sandbox.miso.model.runs.values()][0]!;
  const page = await context.newPage();
  for (const path of [`/run/${run.id}`, `/run/alias/${run.alias}`]) {
    await page.goto(`${sandbox.urls.miso}${path}`);
    const overlay = page.locator('#aliquots > [data-bao="run-table"]');
    await expect(overlay).toHaveAttribute('data-run-name', run.alias);
    await expect(page.locator('#aliquots > *').first()).toHaveAttribute('data-bao', 'run-table');
  }
});

test('nothing is injected when the overlay switches are off', async ({
  context,
  sandbox,
  background,
  configure,
  loginMiso,
}) => {
  await configure({ features: { jiraOverlay: false, misoOverlay: false } });
  // Jira's script is not even registered; MISO's still runs (it delivers QC-in-MISO batches).
  const registered = await background.evaluate(async () =>
    (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id),
  );
  expect(registered).toEqual(['bao-miso']);
  await loginMiso();
  const page = await context.newPage();
  await page.goto(`${sandbox.urls.miso}/run/${[...sandbox.miso.model.runs.values()][0]!.id}`);
  await expect(page.locator('html')).toHaveAttribute('data-bao-content', 'miso');
  await expect(page.locator('[data-bao]')).toHaveCount(0);
});

test('MISO pages Bao has nothing to do on do not load its script', async ({
  context,
  sandbox,
  configure,
  loginMiso,
}) => {
  await configure();
  await loginMiso();
  const runList = await context.newPage();
  await runList.goto(`${sandbox.urls.miso}/runs`, { waitUntil: 'load' });
  await expect(runList.locator('#runsTable')).toBeVisible();
  // A run page loaded after it gets the script, so by then the run list would have had it too.
  const runPage = await context.newPage();
  await runPage.goto(`${sandbox.urls.miso}/run/${[...sandbox.miso.model.runs.values()][0]!.id}`);
  await expect(runPage.locator('html')).toHaveAttribute('data-bao-content', 'miso');
  expect(await runList.locator('html').getAttribute('data-bao-content')).toBeNull();
});

test('the popup opens', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.locator('[data-bao="popup"]')).toBeVisible();
});
