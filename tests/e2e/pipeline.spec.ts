import type { Page } from '@playwright/test';
import { z } from 'zod';
import { CaseData, type CaseDataInput, type Run, type Sample } from '../../lib/cardea/schema';
import { result } from '../../lib/messages/define';
import { NotificationList, PipelineStatus, RunData } from '../../lib/messages/protocol';
import { runNotification } from '../../lib/qc/notifications';
import { expect, test } from './fixtures';

/** The sandbox's runs as dimsum.md §1.3 groups them, straight from the document the sandbox serves. */
function runsOf(caseData: CaseDataInput): Map<string, { run: Run; lq: Map<string, Sample>; fd: Map<string, Sample> }> {
  const runs = new Map<string, { run: Run; lq: Map<string, Sample>; fd: Map<string, Sample> }>();
  const add = (category: 'lq' | 'fd', sample: Sample) => {
    if (!sample.run) return;
    const entry = runs.get(sample.run.name) ?? { run: sample.run, lq: new Map(), fd: new Map() };
    runs.set(sample.run.name, entry);
    entry[category].set(sample.id, sample);
  };
  for (const c of CaseData.parse(caseData).cases) {
    for (const t of c.tests) {
      t.libraryQualifications.forEach((s) => add('lq', s));
      t.fullDepthSequencings.forEach((s) => add('fd', s));
    }
  }
  return runs;
}

function runsRequiringAction(caseData: CaseDataInput): number {
  let count = 0;
  for (const { run, lq, fd } of runsOf(caseData).values()) {
    if (runNotification({ run, lq: [...lq.values()], fd: [...fd.values()], hasOpenTicket: false })?.requiresAction) count += 1;
  }
  return count;
}

const badgeText = (n: number) => (n > 99 ? '99+' : n > 0 ? String(n) : '');

/** Sends a message from an extension page, in the envelope the messaging library uses. */
async function ask<S extends z.ZodType>(page: Page, schema: S, type: string, data?: unknown): Promise<z.output<S>> {
  const answer = await page.evaluate(
    ([t, d]) => chrome.runtime.sendMessage({ id: 1, type: t, data: d, timestamp: Date.now() }),
    [type, data] as const,
  );
  return schema.parse(z.object({ res: z.unknown() }).parse(answer).res);
}

test('the badge counts the runs in Cardea that wait for a sign-off', async ({ sandbox, background, configure }) => {
  const expected = runsRequiringAction(sandbox.world.caseData);
  expect(expected).toBeGreaterThan(0);
  await configure();
  await expect.poll(() => background.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 }).toBe(badgeText(expected));
});

test('when Cardea fails the badge says so, and the last good data is still served', async ({ sandbox, background, configure, openExtensionPage }) => {
  await configure();
  const expected = badgeText(runsRequiringAction(sandbox.world.caseData));
  await expect.poll(() => background.evaluate(() => chrome.action.getBadgeText({})), { timeout: 30_000 }).toBe(expected);
  const goodTimestamp = sandbox.world.timestamp;
  const page = await openExtensionPage('popup.html');
  const notifications = await ask(page, NotificationList, 'getNotifications');
  expect(notifications.asOf).toBe(goodTimestamp);
  const runName = notifications.runs[0].runName;

  sandbox.world.faults.add({ system: 'cardea', path: '/dimsum', status: 500 });
  sandbox.world.bumpTimestamp();
  const afterPoll = await ask(page, PipelineStatus, 'pollNow');
  expect(afterPoll.state).toBe('error');

  await expect.poll(() => background.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
  expect(await background.evaluate(() => chrome.action.getTitle({}))).toContain('Cardea');
  const status = await ask(page, PipelineStatus, 'getPipelineStatus');
  expect(status.failure).toMatchObject({ system: 'Cardea', kind: 'server', status: 500 });
  expect(status.documentTimestamp).toBe(goodTimestamp);

  const answer = await ask(page, result(RunData), 'getRunData', { runName });
  expect(answer).toMatchObject({ ok: true, value: { status: 'found', asOf: goodTimestamp, stale: true, run: { name: runName } } });
});
