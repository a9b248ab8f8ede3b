import type { Page } from '@playwright/test';
import { OutboxView } from '../../lib/case-signoff/schemas';
import { result } from '../../lib/messages/define';
import {
  askBackground,
  backgroundOf,
  configureExtension,
  launchWithExtension,
} from '../../scripts/lib/extension-browser';
import { expect, test } from './fixtures';
import { fillDialog, openCases, selectDataReleasePage } from './popup-cases';

// Case sign-offs from the popup into the sandbox Nabu, through the outbox (seed 003).

const NOTE = '50% + tumour/normal ✓';

const outboxOf = (page: Page) => askBackground(page, result(OutboxView), 'getOutbox');

test.describe('with a slow ETL', () => {
  // Cardea shows a Nabu sign-off only after this delay: anything the popup shows before comes from Nabu.
  test.use({ sandboxOptions: { etlDelayMs: 120_000 } });

  test('25 cases signed off: exactly 25 rows in Nabu, the note byte for byte, shown at once', async ({
    sandbox,
    configure,
    openExtensionPage,
  }) => {
    await configure();
    const popup = await openCases(openExtensionPage);
    const ids = await selectDataReleasePage(popup, sandbox);
    const cardeaTimestamp = sandbox.world.timestamp;
    const before = sandbox.nabu.rows.length;

    const dialog = await fillDialog(popup, 'Release Approval', 'Passed/Proceed', NOTE);
    await expect(dialog.locator('[data-bao="signoff-summary"]')).toContainText(
      'Saves 25 sign-offs for 25 cases as Tess Ter',
    );
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect(dialog.locator('[data-bao="signoff-confirmation"]')).toHaveText(
      'Saved 25 sign-offs: Release Approval · Data Release · Passed/Proceed',
    );

    const rows = sandbox.nabu.rows.slice(before);
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => r.caseIdentifier).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      expect(Buffer.from(row.comment ?? '', 'utf8').equals(Buffer.from(NOTE, 'utf8'))).toBe(true);
      expect(row).toMatchObject({
        username: 'Tess Ter',
        signoffStepName: 'RELEASE_APPROVAL',
        deliverableType: 'Data Release',
        deliverable: null,
        qcPassed: true,
        release: true,
      });
    }

    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect(dialog).toHaveCount(0);
    for (const id of ids) {
      const cell = popup.locator(
        `tr[data-case-id="${id}"] [data-step="RELEASE_APPROVAL"] [data-deliverable-type="Data Release"]`,
      );
      await expect(cell).toHaveAttribute('data-status', 'PASSED_PROCEED');
      await expect(cell).toContainText('Approved');
    }
    // Cardea has not moved: what the popup shows came from Nabu.
    expect(sandbox.world.timestamp).toBe(cardeaTimestamp);
    expect(await outboxOf(popup)).toMatchObject({ ok: true, value: { entries: [] } });
  });
});

test('with Nabu failing half the requests and a bulk insert breaking mid-way, 25 rows are stored, none twice', async ({
  sandbox,
  configure,
  openExtensionPage,
}) => {
  await configure();
  const popup = await openCases(openExtensionPage);
  const ids = await selectDataReleasePage(popup, sandbox);
  sandbox.world.faults.add({ system: 'nabu', path: '/case/sign-off', status: 500, every: 2 });
  sandbox.nabu.injectDbFailure({ afterRows: 10 });

  const dialog = await fillDialog(popup, 'Release Approval', 'Failed/Proceed', 'retried, not repeated');
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(dialog.locator('[data-bao="signoff-queued"], [data-bao="signoff-confirmation"]')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  // Retry from the outbox panel whenever it waits (instead of waiting for the backoff alarm).
  const panel = popup.locator('[data-bao="outbox"]');
  await expect
    .poll(
      async () => {
        const retry = panel.getByRole('button', { name: 'Retry' });
        // Short timeouts: the entry may leave the outbox between the check and the click.
        if (await retry.isEnabled({ timeout: 500 }).catch(() => false))
          await retry.click({ timeout: 1000 }).catch(() => undefined);
        return sandbox.nabu.rows.filter((r) => r.comment === 'retried, not repeated').length;
      },
      { timeout: 45_000, intervals: [1000] },
    )
    .toBe(25);
  await expect(panel).toHaveCount(0);
  const mine = sandbox.nabu.rows.filter((r) => r.comment === 'retried, not repeated');
  expect(new Set(mine.map((r) => r.caseIdentifier))).toEqual(new Set(ids));
  expect(await outboxOf(popup)).toMatchObject({ ok: true, value: { entries: [] } });
});

test('with Nabu down, the sign-offs wait in the outbox across popups and are sent once it is back', async ({
  sandbox,
  configure,
  openExtensionPage,
}) => {
  await configure();
  const popup = await openCases(openExtensionPage);
  await selectDataReleasePage(popup, sandbox);
  sandbox.world.faults.add({ system: 'nabu', path: '/case', status: 503 });

  const dialog = await fillDialog(popup, 'Release Approval', 'Passed/Proceed', NOTE);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(dialog.locator('[data-bao="signoff-queued"]')).toContainText('HTTP 503');
  await popup.close();

  const again = await openCases(openExtensionPage);
  const panel = again.locator('[data-bao="outbox"]');
  await expect(panel).toContainText('Release Approval · Data Release · Passed/Proceed');
  await expect(panel).toContainText('25 cases, 0 saved');
  expect(sandbox.nabu.rows).toHaveLength(0);

  sandbox.world.faults.clear('nabu');
  await panel.getByRole('button', { name: 'Retry' }).click();
  await expect(panel).toHaveCount(0, { timeout: 30_000 });
  expect(sandbox.nabu.rows).toHaveLength(25);
  expect(new Set(sandbox.nabu.rows.map((r) => r.comment))).toEqual(new Set([NOTE]));
});

test('the outbox survives a browser restart, and the background resumes it at start', async ({ sandbox, tempDir }) => {
  const profile = await tempDir();
  const settings = {
    cardeaUrl: sandbox.urls.cardea,
    nabuUrl: sandbox.urls.nabu,
    displayName: 'Tess Ter',
    pollSeconds: 5,
  };
  let context = await launchWithExtension({ userDataDir: profile });
  const background = await backgroundOf(context);
  await configureExtension(background, settings, { nabuApiKey: sandbox.nabu.apiKey });
  const extensionId = new URL(background.url()).host;
  const popup = await openCases(async (file) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${file}`);
    return page;
  });
  await selectDataReleasePage(popup, sandbox);
  sandbox.world.faults.add({ system: 'nabu', path: '/case', status: 503 });
  const dialog = await fillDialog(popup, 'Release Approval', 'Passed/Proceed', NOTE);
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(dialog.locator('[data-bao="signoff-queued"]')).toBeVisible();
  await context.close();

  sandbox.world.faults.clear('nabu');
  expect(sandbox.nabu.rows).toHaveLength(0);
  // No popup this time: the background sends what the outbox kept.
  context = await launchWithExtension({ userDataDir: profile });
  await expect.poll(() => sandbox.nabu.rows.length, { timeout: 45_000 }).toBe(25);
  expect(new Set(sandbox.nabu.rows.map((r) => r.caseIdentifier)).size).toBe(25);
  await context.close();
});

test('a Release sign-off without a deliverable cannot be submitted', async ({
  sandbox,
  configure,
  openExtensionPage,
}) => {
  await configure();
  const popup = await openCases(openExtensionPage);
  await selectDataReleasePage(popup, sandbox);
  const dialog = await fillDialog(popup, 'Release', 'Passed/Released');
  const checked = dialog.getByRole('checkbox', { checked: true });
  for (const box of await checked.all()) await box.uncheck();
  await expect(dialog.getByText('No deliverables selected.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Submit' })).toBeDisabled();
  await dialog.getByLabel('QC status*').press('Enter');
  await expect(dialog).toHaveAttribute('data-phase', 'details');
  expect(sandbox.nabu.rows).toHaveLength(0);
});

test('a refused API key tells the user to fix it in the options', async ({ sandbox, configure, openExtensionPage }) => {
  await configure({}, { nabuApiKey: 'wrong-key' });
  const popup = await openCases(openExtensionPage);
  await selectDataReleasePage(popup, sandbox);
  const dialog = await fillDialog(popup, 'Release Approval', 'Passed/Proceed');
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await expect(dialog.getByRole('alert')).toContainText('fix the Nabu API key in Bao’s options');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  const panel = popup.locator('[data-bao="outbox"]');
  await expect(panel.locator('li[data-state="blocked"]')).toContainText('fix the Nabu API key in Bao’s options');
  expect(sandbox.nabu.rows).toHaveLength(0);
});

/** Presses Tab (or Shift+Tab) until the focused element matches; fails after 40 presses. */
async function tabUntil(
  page: Page,
  matches: (el: { label: string; text: string }) => boolean,
  backwards = false,
): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => ({
      label: document.activeElement?.getAttribute('aria-label') ?? '',
      text: document.activeElement?.textContent?.trim() ?? '',
    }));
    if (matches(focused)) return;
  }
  throw new Error('the element was not reached with the keyboard');
}

test('the keyboard alone: Cases tab, into the table, select, sign off, Escape', async ({
  configure,
  openExtensionPage,
}) => {
  await configure();
  const popup = await openExtensionPage('popup.html');
  await popup.getByRole('tab', { name: /Runs/ }).focus();
  await popup.keyboard.press('ArrowRight');
  await expect(popup.getByRole('tab', { name: /Cases/ })).toHaveAttribute('aria-selected', 'true');
  await expect(popup.getByRole('tab', { name: /Cases/ })).toBeFocused();
  await expect(popup.locator('[data-bao="cases-view"] tr[data-case-id]').first()).toBeVisible({ timeout: 30_000 });
  await tabUntil(popup, ({ label }) => label.startsWith('Select ') && label !== 'Select all cases on this page');
  await popup.keyboard.press('Space');
  await expect(popup.locator('[data-bao="selected-count"]')).toHaveText('Selected 1');
  await tabUntil(popup, ({ text }) => text === 'Sign off', true);
  await popup.keyboard.press('Enter');
  await expect(popup.getByLabel('QC step*')).toBeFocused();
  await popup.keyboard.press('Escape');
  await expect(popup.locator('[data-bao="signoff-dialog"]')).toHaveCount(0);
});
