import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { storedSecrets } from './stored-secrets';

const field = (page: Page, name: string) => page.locator(`[data-bao="options"] [name="${name}"]`);

const registeredScripts = () =>
  chrome.scripting
    .getRegisteredContentScripts()
    .then((scripts) =>
      scripts
        .map(({ id, matches, js }) => ({ id, matches: matches?.toSorted(), js }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );

test('saving the options points the background at the configured systems', async ({
  sandbox,
  background,
  openExtensionPage,
}) => {
  const page = await openExtensionPage('options.html');
  await field(page, 'cardeaUrl').fill(sandbox.urls.cardea);
  await field(page, 'misoUrl').fill(sandbox.urls.miso);
  await field(page, 'jiraUrl').fill(sandbox.urls.jira);
  await field(page, 'nabuUrl').fill(sandbox.urls.nabu);
  await field(page, 'displayName').fill('Tess Ter');
  await field(page, 'nabuApiKey').fill(sandbox.nabu.apiKey);
  await page.getByLabel('Runs in a trend').fill('12');
  await page.getByLabel('Minimum history').fill('6');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');

  const stored = await background.evaluate(() => chrome.storage.local.get(['settings', 'secrets']));
  expect(stored.settings).toMatchObject({
    cardeaUrl: sandbox.urls.cardea,
    misoUrl: sandbox.urls.miso,
    jiraUrl: sandbox.urls.jira,
    nabuUrl: sandbox.urls.nabu,
    displayName: 'Tess Ter',
    trendRuns: 12,
    trendMinHistory: 6,
  });
  expect(stored.secrets).toBeUndefined();
  expect(await storedSecrets(background)).toMatchObject({ nabuApiKey: sandbox.nabu.apiKey });

  // MISO lives on localhost and Jira on 127.0.0.1, so each script gets its own host; MISO's only the pages Bao works on.
  await expect
    .poll(() => background.evaluate(registeredScripts))
    .toEqual([
      { id: 'bao-jira', matches: ['http://127.0.0.1/*'], js: ['content-scripts/jira.js'] },
      {
        id: 'bao-miso',
        matches: ['/run/*', '/runlibraries/metrics*', '/mainMenu*', '/login*']
          .flatMap((path) => [`http://localhost${path}`, `http://localhost/miso${path}`])
          .toSorted(),
        js: ['content-scripts/miso.js'],
      },
    ]);

  // Back on the page later: the key is stored but never shown.
  await page.reload();
  await expect(field(page, 'nabuApiKey')).toHaveValue('');
  await expect(page.locator('[data-bao="secret-state-nabuApiKey"]')).toContainText(
    'Stored. Leave the field empty to keep it.',
  );
  await expect(field(page, 'misoUrl')).toHaveValue(sandbox.urls.miso);
  await expect(field(page, 'trendRuns')).toHaveValue('12');
});

test('switching an overlay off unregisters its content script', async ({
  background,
  configure,
  openExtensionPage,
}) => {
  await configure();
  await expect
    .poll(async () => (await background.evaluate(registeredScripts)).map((s) => s.id))
    .toEqual(['bao-jira', 'bao-miso']);
  const page = await openExtensionPage('options.html');
  await page.getByLabel('Jira run overlay').uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect.poll(async () => (await background.evaluate(registeredScripts)).map((s) => s.id)).toEqual(['bao-miso']);
});

test('an invalid URL shows its message and nothing is saved', async ({ background, openExtensionPage }) => {
  const page = await openExtensionPage('options.html');
  await field(page, 'misoUrl').fill('localhost:8080/miso');
  await field(page, 'misoUrl').press('Enter');
  await expect(page.getByText('MISO URL must be an http:// or https:// address')).toBeVisible();
  await expect(field(page, 'misoUrl')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('status')).toContainText('Not saved');
  expect(await background.evaluate(() => chrome.storage.local.get('settings'))).toEqual({});
});

test('a plain http:// Jira address on the network is refused: the token would travel in the clear', async ({
  background,
  openExtensionPage,
}) => {
  const page = await openExtensionPage('options.html');
  await field(page, 'jiraUrl').fill('http://jira.lab.example');
  await field(page, 'jiraUrl').press('Enter');
  await expect(page.getByText(/must be an https:\/\/ address: Bao sends it your Jira token/)).toBeVisible();
  await expect(field(page, 'jiraUrl')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('status')).toContainText('Not saved');
  expect(await background.evaluate(() => chrome.storage.local.get('settings'))).toEqual({});
});

test('Check connections reports Cardea and Nabu OK', async ({ configure, openExtensionPage }) => {
  await configure();
  const page = await openExtensionPage('options.html');
  await page.getByRole('button', { name: 'Check connections' }).click();
  const results = page.locator('[data-bao="connections"]');
  await expect(results.locator('li[data-system="Cardea"]')).toHaveAttribute('data-ok', 'true');
  await expect(results.locator('li[data-system="Nabu"]')).toHaveAttribute('data-ok', 'true');
  await expect(results.locator('li[data-system="Nabu"]')).toContainText('the API key works');
});

test('Check connections names a refused Nabu key', async ({ configure, openExtensionPage }) => {
  await configure({}, { nabuApiKey: 'notakey-wrongsecret' });
  const page = await openExtensionPage('options.html');
  await page.getByRole('button', { name: 'Check connections' }).click();
  const nabu = page.locator('[data-bao="connections"] li[data-system="Nabu"]');
  await expect(nabu).toHaveAttribute('data-ok', 'false');
  await expect(nabu).toContainText('Nabu refused the API key');
});

test('an http:// Jira address saved by an older Bao is named beside its field, not silently dropped', async ({
  background,
  openExtensionPage,
}) => {
  await background.evaluate(() => chrome.storage.local.set({ settings: { jiraUrl: 'http://jira.lab.example' } }));
  const page = await openExtensionPage('options.html');
  await expect(field(page, 'jiraUrl')).toHaveValue('');
  await expect(page.locator('[data-bao="dropped-setting"]')).toHaveText(
    /^Your saved Jira URL http:\/\/jira\.lab\.example was not used: must be an https:\/\/ address/,
  );
});
