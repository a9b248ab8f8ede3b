import type { BrowserContext, Page, Worker } from '@playwright/test';
import { seededRunTickets } from '../../sandbox/jira/seed';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { expectedRuns } from './run-expectations';

// A script on the Jira page (a banner, a plugin, an XSS in Jira) must not be able to drive the overlay: read its
// rows, select them, open QC in MISO, follow its links. Everything here runs in the page's own world.

/** A seeded run ticket whose run has a table with rows. */
function runTicket(sandbox: Sandbox): string {
  const runs = expectedRuns(sandbox.world.caseData);
  const issue = seededRunTickets(sandbox.jira.seeded).find((i) => runs.get(i.runName)?.tables.length);
  if (!issue) throw new Error('the sandbox seeds no run ticket with rows');
  return issue.key;
}

/** Notes every page the extension opens and every request that reaches the sandbox's MISO. */
function watchMiso(context: BrowserContext, sandbox: Sandbox) {
  const misoRequests: string[] = [];
  const opened: string[] = [];
  const misoOrigin = new URL(sandbox.urls.miso).origin;
  context.on('request', (request) => {
    if (new URL(request.url()).origin === misoOrigin) misoRequests.push(`${request.method()} ${request.url()}`);
  });
  context.on('page', (page) => opened.push(page.url()));
  return { misoRequests, opened };
}

async function shadowMode(background: Worker, mode: 'open' | 'closed') {
  await background.evaluate((m) => chrome.storage.local.set({ testShadowRoots: m }), mode);
}

/** What the page's own scripts try: find the overlay's inside, select every row, open QC in MISO, follow links. */
async function attack(page: Page) {
  return page.evaluate(async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
    const host = document.querySelector('[data-bao="run-table"]');
    if (!host) return { found: false, reached: false };
    const key = (target: EventTarget, k: string) =>
      target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
    // From outside: the host itself, and every way in the DOM offers to the page.
    (host as HTMLElement).click();
    key(host, 'a');
    key(document, 'a');
    const root = host.shadowRoot;
    if (root) {
      const byText = (text: string) =>
        [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes(text));
      byText('Select all shown')?.click();
      const grid = root.querySelector('[role="grid"]');
      const cell = grid?.querySelector('[tabindex="0"]');
      if (cell) {
        key(cell, 'a');
        key(cell, 'q');
      }
      await pause();
      root.querySelector<HTMLButtonElement>('[data-bao="qc-in-miso"]')?.click();
      await pause();
      byText('Open in MISO')?.click();
      root.querySelector<HTMLAnchorElement>('[data-bao="miso-item-link"]')?.click();
      root.querySelector<HTMLAnchorElement>('[data-bao="miso-run-link"]')?.click();
      root.querySelector<HTMLButtonElement>('[data-bao="download-csv"]')?.click();
    }
    await pause();
    return { found: true, reached: root !== null };
  });
}

test.beforeEach(async ({ configure, loginJira }) => {
  await configure();
  await loginJira();
});

test('the overlay’s shadow root is closed to the page: its scripts find the host and nothing inside', async ({
  page,
  context,
  background,
  sandbox,
}) => {
  await shadowMode(background, 'closed');
  const watched = watchMiso(context, sandbox);
  await page.goto(`${sandbox.urls.jira}/browse/${runTicket(sandbox)}`);
  await expect(page.locator('[data-bao="run-table"]')).toBeAttached({ timeout: 30_000 });

  // Playwright cannot see into a closed root either; DevTools can, and shows the rows are there.
  const cdp = await context.newCDPSession(page);
  const texts = async () => {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const found: { rows: number; selected: string } = { rows: 0, selected: '' };
    const walk = (node: typeof root): void => {
      const attrs = node.attributes ?? [];
      const attr = (name: string) => {
        const i = attrs.indexOf(name);
        return i >= 0 && i % 2 === 0 ? attrs[i + 1] : undefined;
      };
      if (attr('data-run-library') !== undefined) found.rows += 1;
      if (attr('data-bao') === 'selected-count') {
        found.selected = (node.children ?? []).map((c) => c.nodeValue ?? '').join('');
      }
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    return found;
  };
  await expect.poll(async () => (await texts()).rows, { timeout: 30_000 }).toBeGreaterThan(0);

  expect(await attack(page)).toEqual({ found: true, reached: false });
  expect((await texts()).selected).toMatch(/^0 selected/);
  expect(watched.opened).toEqual([]);
  expect(watched.misoRequests).toEqual([]);
});

test('events the page makes up are ignored even where it reaches a button: no selection, no MISO tab, no post', async ({
  page,
  context,
  background,
  sandbox,
}) => {
  // The second wall, for a root the page can reach (test builds open it for Playwright's locators).
  await shadowMode(background, 'open');
  const watched = watchMiso(context, sandbox);
  await page.goto(`${sandbox.urls.jira}/browse/${runTicket(sandbox)}`);
  const overlay = page.locator('[data-bao="run-table"]');
  await expect(overlay.locator('[data-run-library]').first()).toBeVisible({ timeout: 30_000 });

  expect(await attack(page)).toEqual({ found: true, reached: true });
  const count = overlay.locator('[data-bao="selected-count"]').first();
  await expect(count).toHaveText(/^0 selected/);
  await expect(overlay.getByRole('dialog')).toHaveCount(0);
  expect(watched.opened).toEqual([]);
  expect(watched.misoRequests).toEqual([]);

  // The user's own click still works.
  await overlay.getByRole('button', { name: 'Select all shown' }).first().click();
  await expect(count).not.toHaveText(/^0 selected/);
});
