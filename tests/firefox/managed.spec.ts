import { expect, test } from './fixtures';
import { launchFirefox, openExtensionPage } from './firefox-browser';

// An administrator presets Bao in Firefox with policies.json (`3rdparty` → Extensions → Bao's id):
// the extension reads it as managed storage, uses it, and the options page shows it locked.

test('a setting from Firefox’s policies.json reaches Bao: it polls that Cardea and the field is locked', async ({
  sandbox,
  profile,
}) => {
  const firefox = await launchFirefox(profile, {
    managed: { cardeaUrl: sandbox.urls.cardea, pollSeconds: 5, displayName: 'Set By Policy' },
  });
  try {
    const options = await openExtensionPage(firefox, 'options.html');
    expect(await options.evaluate(() => chrome.storage.managed.get())).toMatchObject({
      cardeaUrl: sandbox.urls.cardea,
      displayName: 'Set By Policy',
    });
    // Nothing stored locally: the background found Cardea through the policy alone.
    await expect
      .poll(() => options.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 })
      .toMatch(/^\d+\+?$/);
    const page = await openExtensionPage(firefox, 'options.html');
    await page.waitForFunction(() => document.querySelectorAll('[data-bao="locked"]').length > 0, { timeout: 15_000 });
    const lockedValues = await page.$$eval('input[aria-readonly="true"]', (inputs) =>
      inputs.map((i) => (i as HTMLInputElement).value),
    );
    expect(lockedValues).toEqual(expect.arrayContaining([sandbox.urls.cardea, 'Set By Policy']));
  } finally {
    await firefox.close();
  }
});
