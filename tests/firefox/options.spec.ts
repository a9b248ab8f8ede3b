import type { Page } from 'puppeteer-core';
import { expect, test } from './fixtures';
import { openExtensionPage } from './firefox-browser';

// The options page in Firefox: saving points the background at the systems, and a system on a host
// Bao has no access to yet is asked for in the Save click.

/** Types into an options field as a user would (the field may hold a default). */
async function fill(page: Page, name: string, value: string): Promise<void> {
  const selector = `[data-bao="options"] [name="${name}"]`;
  await page.click(selector, { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type(selector, value);
}

const status = (page: Page) => page.$eval('[data-bao="save-status"]', (el) => el.textContent?.trim() ?? '');

test('saving the options in Firefox stores them, asks for the new host in the click, and registers the scripts', async ({
  firefox,
  sandbox,
  extensionPage,
}) => {
  // MISO on a host the manifest does not grant: the Save click must ask for it.
  const misoUrl = 'http://miso.bao-test.invalid';
  const page = await openExtensionPage(firefox, 'options.html');
  await page.waitForSelector('[data-bao="options"] [name="cardeaUrl"]');
  await fill(page, 'cardeaUrl', sandbox.urls.cardea);
  await fill(page, 'misoUrl', misoUrl);
  await fill(page, 'jiraUrl', sandbox.urls.jira);
  await fill(page, 'nabuUrl', sandbox.urls.nabu);
  await fill(page, 'displayName', 'Tess Ter');
  await fill(page, 'nabuApiKey', sandbox.nabu.apiKey);
  await page.click('[data-bao="options"] button[type="submit"]');
  await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/^Saved\./);
  expect(await status(page), 'no system left without access').toBe('Saved.');

  const granted = await extensionPage.evaluate(() => chrome.permissions.getAll());
  expect(granted.origins).toContain('http://miso.bao-test.invalid/*');
  const stored = await extensionPage.evaluate(() => chrome.storage.local.get('settings'));
  expect(stored.settings).toMatchObject({
    cardeaUrl: sandbox.urls.cardea,
    misoUrl,
    jiraUrl: sandbox.urls.jira,
    nabuUrl: sandbox.urls.nabu,
    displayName: 'Tess Ter',
  });
  await expect
    .poll(() =>
      extensionPage.evaluate(async () =>
        (await chrome.scripting.getRegisteredContentScripts()).map((s) => s.id).sort(),
      ),
    )
    .toEqual(['bao-jira', 'bao-miso']);
});
