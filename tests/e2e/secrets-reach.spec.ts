import { seededRunTickets } from '../../sandbox/jira/seed';
import { expect, test } from './fixtures';
import { storedSecrets } from './stored-secrets';

// The Nabu key and the Jira token are the background's alone: a content script (which a page can sometimes talk
// into things, and whose world an XSS-turned-extension bug would share) must not be able to read them.

const JIRA_TOKEN = 'jira-token-for-the-background-only';

test('the Jira content script finds neither the Nabu key nor the Jira token in storage.local or storage.session', async ({
  page,
  context,
  background,
  sandbox,
  configure,
  loginJira,
}) => {
  // Written where earlier versions kept them; the background moves them out.
  await configure({}, { jiraToken: JIRA_TOKEN });
  await expect.poll(() => background.evaluate(() => chrome.storage.local.get('secrets'))).toEqual({});
  expect(await storedSecrets(background)).toMatchObject({ nabuApiKey: sandbox.nabu.apiKey, jiraToken: JIRA_TOKEN });

  await loginJira();
  const cdp = await context.newCDPSession(page);
  const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => contexts.push(c));
  await cdp.send('Runtime.enable');
  const [issue] = seededRunTickets(sandbox.jira.seeded);
  await page.goto(`${sandbox.urls.jira}/browse/${issue!.key}`);
  await expect(page.locator('[data-bao="run-table"]')).toBeAttached({ timeout: 30_000 });

  // The content script's isolated world: the one Chromium names after the extension.
  const isolated = contexts.filter((c) => c.auxData?.type === 'isolated' && c.name === 'Bao — QC sign-offs');
  expect(isolated.length).toBeGreaterThan(0);
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    contextId: isolated.at(-1)!.id,
    awaitPromise: true,
    returnByValue: true,
    expression: `(async () => {
      const local = JSON.stringify(await chrome.storage.local.get(null));
      let session;
      try { session = JSON.stringify(await chrome.storage.session.get(null)); } catch (e) { session = 'refused: ' + e.message; }
      return { local, session, localKeys: Object.keys(await chrome.storage.local.get(null)) };
    })()`,
  });
  expect(exceptionDetails).toBeUndefined();
  const seen = result.value as { local: string; session: string; localKeys: string[] };
  expect(seen.localKeys).toContain('settings'); // it did read storage.local
  for (const secret of [sandbox.nabu.apiKey, JIRA_TOKEN]) {
    expect(seen.local).not.toContain(secret);
    expect(seen.session).not.toContain(secret);
  }
});
