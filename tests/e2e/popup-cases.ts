import type { Locator, Page } from '@playwright/test';
import type { Sandbox } from '../../sandbox/server';
import { expect } from './fixtures';

// The popup's Cases tab and sign-off dialog, as a user drives them (docs/case-signoffs.md).

export async function openCases(open: (file: string) => Promise<Page>): Promise<Page> {
  const popup = await open('popup.html#cases');
  await expect(popup.locator('[data-bao="cases-view"] tr[data-case-id]').first()).toBeVisible({ timeout: 30_000 });
  return popup;
}

/** Filters to the cases with a Data Release deliverable and selects the first page of 25 with the header checkbox. */
export async function selectDataReleasePage(popup: Page, sandbox: Sandbox): Promise<string[]> {
  const withDataRelease = sandbox.world.caseData.cases.filter((c) =>
    c.deliverables?.some((d) => d.deliverableCategory === 'Data Release'),
  );
  expect(withDataRelease.length).toBeGreaterThanOrEqual(25);
  const view = popup.locator('[data-bao="cases-view"]');
  await view.getByLabel('Deliverable type').selectOption('Data Release');
  await expect(view.locator('[data-bao="page-range"]')).toHaveText(`1–25 of ${withDataRelease.length}`);
  await view.getByRole('checkbox', { name: 'Select all cases on this page' }).check();
  await expect(view.locator('[data-bao="selected-count"]')).toHaveText('Selected 25');
  return view
    .locator('tr[data-case-id]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.caseId ?? ''));
}

/** Opens the dialog and fills both steps; returns the dialog, ready to submit. */
export async function fillDialog(popup: Page, step: string, status: string, note = ''): Promise<Locator> {
  await popup.getByRole('button', { name: 'Sign off' }).first().click();
  const dialog = popup.locator('[data-bao="signoff-dialog"]');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('QC step*').selectOption({ label: step });
  await dialog.getByLabel('Deliverable type*').selectOption('Data Release');
  const confirm = dialog.getByRole('checkbox', { name: 'Yes, continue' });
  if (await confirm.isVisible()) await confirm.check();
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('QC status*').selectOption({ label: status });
  if (note) await dialog.getByLabel('Note').fill(note);
  return dialog;
}
