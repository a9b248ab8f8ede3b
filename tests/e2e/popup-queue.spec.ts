import type { BrowserContext, Page } from '@playwright/test';
import { z } from 'zod';
import { CaseData, type Sample } from '../../lib/cardea/schema';
import { result } from '../../lib/messages/define';
import { MisoBatchListing, RunData } from '../../lib/messages/protocol';
import { planQcInMiso, type QcInMisoBatch } from '../../lib/miso/qc-in-miso';
import { askBackground } from '../../scripts/lib/extension-browser';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';

// Nothing Bao holds is invisible: the popup lists the QC-in-MISO batches MISO has not shown yet
// (with "Open in MISO again" and Discard), and says how the ticket keeper's last sync went.

const Opened = result(z.object({ opened: z.number(), batchIds: z.array(z.string()) }));
const Listing = result(z.array(MisoBatchListing));

/** Two run-libraries of one run that make one MISO page with every value present (MISO's page cannot draw a null). */
function deliverable(sandbox: Sandbox): { runName: string; batch: QcInMisoBatch } {
  const { cases, assaysById } = CaseData.parse(sandbox.world.caseData);
  const byRun = new Map<string, Map<string, Sample>>();
  for (const s of cases.flatMap((c) => c.tests.flatMap((t) => t.libraryQualifications))) {
    if (s.run) byRun.set(s.run.name, (byRun.get(s.run.name) ?? new Map()).set(s.id, s));
  }
  const plan = (samples: Sample[]) =>
    planQcInMiso({ samples, category: 'LIBRARY_QUALIFICATION', assaysById, grouping: 'by-assay-and-design' });
  const complete = (s: Sample) =>
    plan([s]).batches.every((b) => b.request.library_aliquots.every((l) => l.metrics.every((m) => m.value !== null)));
  for (const [runName, samples] of byRun) {
    const { batches, leftOut } = plan([...samples.values()].filter(complete).slice(0, 2));
    if (batches.length === 1 && batches[0]!.runLibraryIds.length === 2 && leftOut.length === 0)
      return { runName, batch: batches[0]! };
  }
  throw new Error('the sandbox has no run with two run-libraries for one complete MISO page');
}

async function kept(page: Page) {
  const answer = await askBackground(page, Listing, 'listMisoBatches');
  expect(answer.ok).toBe(true);
  return answer.ok ? answer.value : [];
}

/**
 * "QC in MISO" while logged out of MISO: the tab stops at MISO's login page, and the user closes it.
 * Bao keeps the batch, tied to no tab.
 */
async function batchWithoutTab(context: BrowserContext, page: Page, sandbox: Sandbox) {
  const { runName, batch } = deliverable(sandbox);
  // The background plans the batch again from its own index, so the run must be indexed first.
  await expect
    .poll(async () => askBackground(page, result(RunData), 'getRunData', { runName }), { timeout: 30_000 })
    .toMatchObject({ ok: true, value: { status: 'found' } });
  const tab = context.waitForEvent('page');
  const answer = await askBackground(page, Opened, 'openQcInMiso', {
    runName,
    category: 'LIBRARY_QUALIFICATION',
    batches: [batch],
  });
  expect(answer).toMatchObject({ ok: true, value: { opened: 1 } });
  const miso = await tab;
  await expect(miso).toHaveURL(/\/login$/);
  await miso.close();
  await expect.poll(() => kept(page)).toEqual([expect.objectContaining({ runName, state: 'waiting', tabId: null })]);
  return { runName, batch, id: answer.ok ? answer.value.batchIds[0]! : '' };
}

test('a batch whose MISO tab was closed shows in the popup; "Open in MISO again" delivers it and the panel goes', async ({
  context,
  sandbox,
  configure,
  loginMiso,
  openExtensionPage,
}) => {
  await configure();
  const popup = await openExtensionPage('popup.html');
  const { runName, batch, id } = await batchWithoutTab(context, popup, sandbox);

  await popup.reload();
  const panel = popup.locator('[data-bao="miso-batches"]');
  await expect(panel.locator('h2')).toHaveText('QC in MISO waiting');
  const line = panel.locator(`[data-batch-id="${id}"]`);
  await expect(line).toContainText(`${runName} · ${batch.label} · 2 run-libraries · waiting for a MISO tab`);
  await expect(popup.locator('[data-bao="keeper-status"]')).toHaveText('Ticket keeper: off');

  await loginMiso();
  const tab = context.waitForEvent('page');
  await line.getByRole('button', { name: 'Open in MISO again' }).click();
  const miso = await tab;
  await expect(miso).toHaveURL(/\/runlibraries\/metrics$/);
  const shown = await miso
    .locator('#metricsTable > tbody > tr[data-run-library]')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run-library')));
  expect(shown.sort()).toEqual([...batch.runLibraryIds].sort());
  await expect(panel).toHaveCount(0);
  expect(await kept(popup)).toEqual([]);
});

test('Discard removes a kept batch only once confirmed, by mouse or keyboard', async ({
  context,
  sandbox,
  configure,
  openExtensionPage,
}) => {
  await configure();
  const popup = await openExtensionPage('popup.html');
  const { id } = await batchWithoutTab(context, popup, sandbox);
  await popup.reload();
  const panel = popup.locator('[data-bao="miso-batches"]');
  const line = panel.locator(`[data-batch-id="${id}"]`);

  await line.getByRole('button', { name: 'Discard' }).click();
  await expect(line).toContainText('Discard? The selection is lost.');
  await line.getByRole('button', { name: 'No' }).click();
  await expect(line).not.toContainText('Discard?');
  expect(await kept(popup)).toHaveLength(1);

  await line.getByRole('button', { name: 'Discard' }).focus();
  await popup.keyboard.press('Enter');
  await expect(line.getByRole('button', { name: 'No' })).toBeFocused();
  await popup.keyboard.press('Shift+Tab');
  await expect(line.getByRole('button', { name: 'Yes' })).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(panel).toHaveCount(0);
  expect(await kept(popup)).toEqual([]);
});

const keeperOn = { keeperEnabled: true, jiraProject: 'GLT' };
const botToken = { jiraToken: 'sandbox-pat-qc-bot' };

test('with the keeper on, the popup shows its last sync went well', async ({ configure, openExtensionPage }) => {
  test.setTimeout(120_000);
  await configure(keeperOn, botToken);
  const popup = await openExtensionPage('popup.html');
  const line = popup.locator('[data-bao="keeper-status"]');
  await expect(line).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
  await expect(line.getByRole('status')).toHaveText(/^Ticket keeper: on · last sync \d\d:\d\d · ok · \d+ created/);
});

test('when Jira fails the keeper’s sync, the popup says why', async ({ sandbox, configure, openExtensionPage }) => {
  test.setTimeout(120_000);
  sandbox.world.faults.add({ system: 'jira', path: '/rest/api/2/search', status: 500 });
  await configure(keeperOn, botToken);
  const popup = await openExtensionPage('popup.html');
  const line = popup.locator('[data-bao="keeper-status"]');
  await expect(line).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(line.getByRole('status')).toHaveText(
    /^Ticket keeper: on · last sync failed: Jira had an internal error \(HTTP 500\)/,
  );
});
