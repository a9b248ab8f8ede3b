import type { Browser, Page } from 'puppeteer-core';
import { OutboxView } from '../../lib/case-signoff/schemas';
import { result } from '../../lib/messages/define';
import { sandboxSecrets, sandboxSettings } from '../../scripts/lib/extension-browser';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { configureFirefox, launchFirefox, openExtensionPage } from './firefox-browser';

// Case sign-offs from the popup into the sandbox Nabu in Firefox, and the outbox across a restart.

const NOTE = '50% + tumour/normal ✓';

async function openCases(browser: Browser): Promise<Page> {
  const popup = await openExtensionPage(browser, 'popup.html#cases');
  await popup.waitForSelector('[data-bao="cases-view"] tr[data-case-id]', { timeout: 30_000 });
  return popup;
}

/** Picks `option` (its text) in the select labelled `label` inside `scope`, as a user would. */
async function choose(page: Page, scope: string, label: string, option: string): Promise<void> {
  const done = await page.evaluate(
    (s, l, o) => {
      const labels = [...(document.querySelector(s)?.querySelectorAll('label') ?? [])];
      const select = labels.find((x) => x.textContent?.trim().startsWith(l))?.control;
      if (!(select instanceof HTMLSelectElement)) return false;
      const choice = [...select.options].find((x) => x.textContent?.trim() === o || x.value === o);
      if (!choice) return false;
      select.value = choice.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    scope,
    label,
    option,
  );
  expect(done, `${label}: ${option}`).toBe(true);
}

async function click(page: Page, scope: string, text: string): Promise<void> {
  const button = await page.waitForSelector(`${scope} ::-p-text(${text})`);
  await button!.evaluate((b) => (b.closest('button') ?? b).dispatchEvent(new MouseEvent('click', { bubbles: true })));
}

/** Filters to Data Release, selects the first page of 25 cases; their ids. */
async function selectDataReleasePage(popup: Page): Promise<string[]> {
  const view = '[data-bao="cases-view"]';
  await choose(popup, view, 'Deliverable type', 'Data Release');
  await popup.waitForFunction(() => document.querySelector('[data-bao="page-range"]')?.textContent?.startsWith('1–25'));
  await popup.click('[aria-label="Select all cases on this page"]');
  await popup.waitForFunction(
    () => document.querySelector('[data-bao="selected-count"]')?.textContent?.trim() === 'Selected 25',
  );
  return popup.$$eval(`${view} tr[data-case-id]`, (rows) => rows.map((r) => (r as HTMLElement).dataset.caseId ?? ''));
}

/** Signs the selection off: Release Approval · Data Release · Passed/Proceed, with NOTE. */
async function signOff(popup: Page): Promise<void> {
  const dialog = '[data-bao="signoff-dialog"]';
  await click(popup, '[data-bao="cases-view"]', 'Sign off');
  await popup.waitForSelector(dialog);
  await choose(popup, dialog, 'QC step', 'Release Approval');
  await choose(popup, dialog, 'Deliverable type', 'Data Release');
  await popup.evaluate((d) => {
    const confirm = [...(document.querySelector(d)?.querySelectorAll('label') ?? [])].find((l) =>
      l.textContent?.includes('Yes, continue'),
    )?.control;
    if (confirm instanceof HTMLInputElement && !confirm.checked) confirm.click();
  }, dialog);
  await click(popup, dialog, 'Next');
  await popup.waitForSelector('#bao-qc-status');
  await choose(popup, dialog, 'QC status', 'Passed/Proceed');
  await popup.evaluate((note) => {
    const area = document.querySelector<HTMLTextAreaElement>('#bao-note')!;
    area.value = note;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, NOTE);
  await click(popup, dialog, 'Submit');
}

test.describe('with a slow ETL', () => {
  // Cardea shows a Nabu sign-off only after this delay: anything the popup shows before comes from Nabu.
  test.use({ sandboxOptions: { etlDelayMs: 120_000 } });

  test('25 cases signed off from the Firefox popup: 25 rows in Nabu, the note byte for byte', async ({
    firefox,
    sandbox,
    configure,
  }) => {
    await configure();
    const popup = await openCases(firefox);
    const ids = await selectDataReleasePage(popup);
    await signOff(popup);
    // Read in the same step as found: the dialog re-renders as the outbox settles.
    const confirmation = () =>
      popup.evaluate(() => document.querySelector('[data-bao="signoff-confirmation"]')?.textContent?.trim() ?? '');
    await expect
      .poll(confirmation, { timeout: 30_000 })
      .toBe('Saved 25 sign-offs: Release Approval · Data Release · Passed/Proceed');
    const rows = sandbox.nabu.rows;
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => r.caseIdentifier).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      expect(Buffer.from(row.comment ?? '', 'utf8').equals(Buffer.from(NOTE, 'utf8'))).toBe(true);
      expect(row).toMatchObject({ username: 'Tess Ter', signoffStepName: 'RELEASE_APPROVAL', qcPassed: true });
    }
    const outbox = await popup.evaluate(() =>
      chrome.runtime.sendMessage({ id: 1, type: 'getOutbox', timestamp: Date.now() }),
    );
    expect(result(OutboxView).parse((outbox as { res: unknown }).res)).toMatchObject({
      ok: true,
      value: { entries: [] },
    });
  });
});

test('the outbox survives a Firefox restart, and the event page resumes it at start', async ({
  sandbox,
  profile,
  firefox,
  extensionPage,
}) => {
  await configureFirefox(extensionPage, withoutHosts(sandbox), sandboxSecrets(sandbox));
  const popup = await openCases(firefox);
  await selectDataReleasePage(popup);
  sandbox.world.faults.add({ system: 'nabu', path: '/case', status: 503 });
  await signOff(popup);
  await popup.waitForSelector('[data-bao="signoff-queued"]', { timeout: 30_000 });
  await firefox.close();

  sandbox.world.faults.clear('nabu');
  expect(sandbox.nabu.rows).toHaveLength(0);
  // The same profile, no popup: the background sends what the outbox kept in IndexedDB.
  const again = await launchFirefox(profile);
  try {
    await expect.poll(() => sandbox.nabu.rows.length, { timeout: 45_000 }).toBe(25);
    expect(new Set(sandbox.nabu.rows.map((r) => r.caseIdentifier)).size).toBe(25);
  } finally {
    await again.close();
  }
});

/** Only Cardea and Nabu, as the Chromium restart test: no content scripts to wait for. */
function withoutHosts(sandbox: Sandbox) {
  const { cardeaUrl, nabuUrl, displayName, pollSeconds } = sandboxSettings(sandbox);
  return { cardeaUrl, nabuUrl, displayName, pollSeconds };
}
