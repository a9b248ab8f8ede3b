import type { BrowserContext, Locator, Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { CaseData } from '../../lib/cardea/schema';
import { OutboxView } from '../../lib/case-signoff/schemas';
import { result } from '../../lib/messages/define';
import { MisoBatchListing } from '../../lib/messages/protocol';
import { planQcInMiso, type QcInMisoBatch } from '../../lib/miso/qc-in-miso';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { runLibraries, type SequencingCategory } from '../../tests/builders/cardea';
import {
  askBackground,
  backgroundOf,
  configureExtension,
  launchWithExtension,
  loginToSandbox,
  sandboxSecrets,
  sandboxSettings,
} from '../lib/extension-browser';
import { stopServiceWorker } from './browser';
import { countBatches, countSignoffs, type AskedSignoff, type SoakFigures } from './figures';
import { randomNote, seededRng, type Rng } from './random';
import { FaultSchedule } from './schedule';

// The soak (issue 15): case sign-offs from the popup and QC-in-MISO batches, under a seeded fault
// schedule, then a count of what Nabu and MISO hold against what was asked.

export interface SoakOptions {
  seed: number;
  /** Sign-offs to ask for (one per selected case). */
  count: number;
  /** QC-in-MISO batches to ask for. */
  batches: number;
  /** Service-worker stops, spread over the run. */
  swKills: number;
  /** Browser restarts with the same profile. */
  restarts: number;
  /** Nabu requests held past Bao's 30 s timeout (each costs that long). */
  nabuTimeouts: number;
  /** Stop asking once this much time has passed (the drain still runs). */
  maxMinutes?: number;
  /** How long to wait for the outbox to drain once the faults stop. */
  drainMs: number;
  log: (line: string) => void;
}

export const DEFAULT_SOAK: SoakOptions = {
  seed: 15,
  count: 1000,
  batches: 50,
  swKills: 20,
  restarts: 2,
  nabuTimeouts: 4,
  drainMs: 240_000,
  log: () => undefined,
};

const STATUSES = [
  { label: 'Passed/Proceed', qcPassed: true, release: true },
  { label: 'Failed/Proceed', qcPassed: false, release: true },
  { label: 'Failed/Stop', qcPassed: false, release: false },
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many sign-offs each popup batch asks for: mostly a few, sometimes a page. */
function batchSizes(rng: Rng, count: number, pageSize: number): number[] {
  const sizes: number[] = [];
  for (let left = count; left > 0;) {
    const roll = rng.next();
    const size = Math.min(left, roll < 0.6 ? rng.int(1, 5) : roll < 0.9 ? rng.int(6, 15) : rng.int(16, pageSize));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Run-library groups MISO can draw (every value present), as the run overlay would plan them. */
function misoGroups(
  sandbox: Sandbox,
): { runName: string; category: SequencingCategory; batch: QcInMisoBatch; plan: (ids: string[]) => QcInMisoBatch }[] {
  const assaysById = CaseData.parse(sandbox.world.caseData).assaysById;
  const groups = [];
  for (const { runName, category, samples } of runLibraries(sandbox.world.caseData)) {
    const plan = (list: typeof samples) =>
      planQcInMiso({ samples: list, category, assaysById, grouping: 'by-assay-and-design' });
    const complete = samples.filter((s) =>
      plan([s]).batches.every((b) => b.request.library_aliquots.every((l) => l.metrics.every((m) => m.value !== null))),
    );
    for (const batch of plan(complete).batches) {
      const subset = (ids: string[]) => plan(complete.filter((s) => ids.includes(s.id))).batches[0]!;
      groups.push({ runName, category, batch, plan: subset });
    }
  }
  return groups;
}

class Soak {
  private readonly rng: Rng;
  private readonly sandbox: Sandbox;
  private readonly profile = mkdtempSync(path.join(tmpdir(), 'bao-soak-'));
  private context!: BrowserContext;
  private popup!: Page;
  private extensionId = '';
  private watcher: ReturnType<typeof setInterval> | undefined;
  readonly asked: AskedSignoff[] = [];
  readonly askedBatches: string[][] = [];
  readonly faults: Record<string, number> = {};
  private readonly schedule: FaultSchedule;

  constructor(
    sandbox: Sandbox,
    private readonly options: SoakOptions,
  ) {
    this.sandbox = sandbox;
    this.rng = seededRng(options.seed);
    this.schedule = new FaultSchedule(sandbox, seededRng(options.seed + 1), options.nabuTimeouts, this.faults);
  }

  private count(name: string) {
    this.faults[name] = (this.faults[name] ?? 0) + 1;
  }

  private readonly events = new Map<number, string[]>();
  /** What happened around popup batch `batch`, for the report on a lost or doubled sign-off. */
  event(batch: number, text: string): void {
    const list = this.events.get(batch) ?? [];
    list.push(`${new Date().toISOString().slice(11, 23)} ${text}`);
    this.events.set(batch, list);
  }

  eventsOf(batch: number): string {
    return (this.events.get(batch) ?? []).join('; ');
  }

  history(details: string[]): string[] {
    const batches = new Set(details.map((d) => Number(/“soak \d+\/(\d+)/.exec(d)?.[1] ?? NaN)));
    return [...batches]
      .filter((b) => this.events.has(b))
      .slice(0, 10)
      .map((b) => `batch ${b}: ${this.events.get(b)!.join('; ')}`);
  }

  private popupUrl = (hash = 'cases') => `chrome-extension://${this.extensionId}/popup.html#${hash}`;

  async launch(first: boolean): Promise<void> {
    this.context = await launchWithExtension({ userDataDir: this.profile });
    const background = await backgroundOf(this.context);
    this.extensionId = new URL(background.url()).host;
    if (first)
      await configureExtension(background, sandboxSettings(this.sandbox), sandboxSecrets(this.sandbox), {
        timeoutMs: 30_000,
      });
    // A session cookie does not outlive the browser: the user logs in to MISO again.
    await loginToSandbox(this.context, this.sandbox, { miso: 'admin' });
    this.popup = await this.context.newPage();
    this.watchMisoTabs();
  }

  async restart(batch: number): Promise<void> {
    this.count('browser restarts');
    this.event(batch, 'browser restart');
    this.stopWatching();
    await this.context.close();
    await this.launch(false);
  }

  /** The user at the MISO tabs Bao opens: logs in on MISO's login page, closes a tab once it shows its batch. */
  private watchMisoTabs(): void {
    const busy = new Set<Page>();
    const misoOrigin = new URL(this.sandbox.urls.miso).origin;
    this.watcher = setInterval(() => {
      for (const page of this.context.pages()) {
        if (busy.has(page) || page.isClosed()) continue;
        let url: URL;
        try {
          url = new URL(page.url());
        } catch {
          continue;
        }
        if (url.origin !== misoOrigin) continue;
        busy.add(page);
        void this.tendMisoTab(page, url.pathname).finally(() => busy.delete(page));
      }
    }, 500);
  }

  private stopWatching(): void {
    if (this.watcher) clearInterval(this.watcher);
    this.watcher = undefined;
  }

  private async tendMisoTab(page: Page, pathname: string): Promise<void> {
    try {
      if (/\/login$/.test(pathname) && (await page.locator('#username').isVisible())) {
        this.count('MISO logins by the user');
        await page.locator('#username').fill('admin', { timeout: 2000 });
        await page.locator('#password').fill('admin', { timeout: 2000 });
        await page.locator('#login').click({ timeout: 2000 });
      } else if (/\/runlibraries\/metrics$/.test(pathname)) {
        const banner = page.locator('[data-bao="qc-batch-banner"]');
        await banner.waitFor({ timeout: 10_000 });
        await page.close();
      }
    } catch {
      // The page moved on or closed meanwhile: the next round looks again.
    }
  }

  /** A fresh popup, as a user opens it again for the next batch (the same URL would not reload). */
  private async openPopup(hash: string): Promise<void> {
    if (this.popup.url() !== 'about:blank') await this.popup.goto('about:blank');
    await this.popup.goto(this.popupUrl(hash));
  }

  private async openCases(): Promise<Locator> {
    await this.openPopup('cases');
    const view = this.popup.locator('[data-bao="cases-view"]');
    await view.locator('tr[data-case-id]').first().waitFor({ timeout: 60_000 });
    await view.getByLabel('Deliverable type').selectOption('Data Release');
    return view;
  }

  /** The case ids the table shows, once two reads 300 ms apart agree (the filter has been applied). */
  private async shownCases(view: Locator): Promise<string[]> {
    const read = () =>
      view.locator('tr[data-case-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.caseId ?? ''));
    let last = await read();
    for (;;) {
      await sleep(300);
      const now = await read();
      if (now.length > 0 && now.join() === last.join()) return now;
      last = now;
    }
  }

  /**
   * One submission of the sign-off dialog; `during` runs right after Submit is clicked. A table that
   * changes under the selection (a new Cardea document re-sorts it) starts the batch over, as long as
   * nothing was submitted.
   */
  async signOff(batch: number, size: number, during: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const submitted = { done: false };
      try {
        return await this.trySignOff(batch, size, during, submitted);
      } catch (error) {
        if (submitted.done || attempt >= 3) throw error;
        this.count('popup batches started over');
        this.event(batch, `started over: ${String(error).split('\n')[0]}`);
      }
    }
  }

  private async trySignOff(
    batch: number,
    size: number,
    during: () => Promise<void>,
    submitted: { done: boolean },
  ): Promise<void> {
    const view = await this.openCases();
    const ids = await this.shownCases(view);
    const chosen = this.rng.sample(ids, Math.min(size, ids.length));
    if (chosen.length === ids.length) {
      await view.getByRole('checkbox', { name: 'Select all cases on this page' }).check();
    } else {
      for (const id of chosen) await view.getByRole('checkbox', { name: `Select ${id}` }).check({ timeout: 5000 });
    }
    await this.popup
      .locator('[data-bao="selected-count"]', { hasText: `Selected ${chosen.length}` })
      .waitFor({ timeout: 10_000 });

    const status = this.rng.pick(STATUSES);
    const note = randomNote(this.rng, `soak ${this.options.seed}/${batch}`);
    await this.popup.getByRole('button', { name: 'Sign off' }).first().click();
    const dialog = this.popup.locator('[data-bao="signoff-dialog"]');
    await dialog.getByLabel('QC step*').selectOption({ label: 'Release Approval' });
    await dialog.getByLabel('Deliverable type*').selectOption('Data Release');
    const next = dialog.getByRole('button', { name: 'Next' });
    const confirm = dialog.getByRole('checkbox', { name: 'Yes, continue' });
    for (let i = 0; !(await next.isEnabled()); i += 1) {
      if (await confirm.isVisible()) await confirm.check();
      if (i > 50) throw new Error(`batch ${batch}: the dialog's Next button stays disabled`);
      await sleep(100);
    }
    // The dialog names the cases the choice does not fit; those are not asked for.
    const leftOut = new Set(
      await dialog
        .locator('[data-bao="left-out"] li[data-case-id]')
        .evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.caseId ?? '')),
    );
    const asked = chosen.filter((id) => !leftOut.has(id));
    if (leftOut.size > 0) this.count('cases the dialog left out');
    await next.click();
    await dialog.getByLabel('QC status*').selectOption({ label: status.label });
    await dialog.getByLabel('Note').fill(note);
    const summary = (await dialog.locator('[data-bao="signoff-summary"]').textContent()) ?? '';
    const saves = Number(/Saves (\d+) sign-offs? for/.exec(summary)?.[1] ?? NaN);
    if (saves !== asked.length) throw new Error(`batch ${batch}: the dialog says “${summary}” for ${asked.length}`);
    const typed = await dialog.getByLabel('Note').inputValue();
    if (typed !== note)
      throw new Error(`batch ${batch}: the note field holds ${typed.length} of ${note.length} characters`);

    submitted.done = true;
    await dialog.getByRole('button', { name: 'Submit' }).click();
    this.event(batch, `submitted ${asked.length}`);
    // Asked from the moment Submit is clicked: whatever happens next, Bao owes these to Nabu.
    for (const caseId of asked)
      this.asked.push({ caseId, step: 'RELEASE_APPROVAL', qcPassed: status.qcPassed, release: status.release, note });
    await during();
    await dialog
      .locator('[data-bao="signoff-queued"], [data-bao="signoff-confirmation"], [data-bao="signoff-blocked"]')
      .first()
      .waitFor({ timeout: 45_000 })
      .then(async () =>
        this.event(batch, `dialog: ${await dialog.locator('[role=status], [role=alert]').last().textContent()}`),
      )
      .catch(() => this.count('dialogs without an outcome (popup gone)'));
  }

  /** One QC-in-MISO batch, asked from an extension page as the run overlay asks. */
  async qcInMiso(groups: ReturnType<typeof misoGroups>): Promise<void> {
    const keys = new Set(this.askedBatches.map((ids) => [...ids].sort().join('\n')));
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const group = this.rng.pick(groups);
      const all = group.batch.runLibraryIds;
      const ids = this.rng.sample(all, this.rng.int(1, Math.min(4, all.length)));
      if (keys.has([...ids].sort().join('\n'))) continue;
      const batch = group.plan(ids);
      if (this.popup.url() !== this.popupUrl('runs')) await this.openPopup('runs');
      const answer = await askBackground(this.popup, Opened, 'openQcInMiso', {
        runName: group.runName,
        category: group.category,
        batches: [batch],
      });
      if (!answer.ok) throw new Error(`openQcInMiso refused: ${JSON.stringify(answer)}`);
      this.askedBatches.push(batch.runLibraryIds);
      return;
    }
    throw new Error('no run-library subset left that the soak has not asked for');
  }

  async stopWorker(batch: number): Promise<void> {
    const stopped = await stopServiceWorker(this.context, this.popup).catch(() => false);
    if (stopped) this.count('service worker stops');
    this.event(batch, stopped ? 'service worker stopped' : 'service worker stop failed');
  }

  /** After the faults: the user keeps the popup open and retries what waits, until nothing is left. */
  async drain(deadline: number): Promise<{ outboxLeft: number; misoBatchesLeft: number }> {
    this.schedule.stop();
    await this.openPopup('cases');
    for (let round = 0; ; round += 1) {
      const outbox = await askBackground(this.popup, result(OutboxView), 'getOutbox');
      const batches = await askBackground(this.popup, result(z.array(MisoBatchListing)), 'listMisoBatches');
      const left = {
        outboxLeft: outbox.ok ? outbox.value.entries.length : -1,
        misoBatchesLeft: batches.ok ? batches.value.length : -1,
      };
      if ((left.outboxLeft === 0 && left.misoBatchesLeft === 0) || Date.now() > deadline) return left;
      if (round % 5 === 4) {
        this.options.log(`drain: ${left.outboxLeft} outbox entries, ${left.misoBatchesLeft} MISO batches left`);
        // The outbox panel's Retry, as the user would press it (backoff may be minutes by now).
        const retry = this.popup.locator('[data-bao="outbox"]').getByRole('button', { name: 'Retry' });
        for (const button of await retry.all()) await button.click({ timeout: 1000 }).catch(() => undefined);
        // A batch whose MISO tab went away with the browser: the popup's Retry opens a new tab.
        const open = new Set(this.context.pages().map((p) => p.url()));
        if (batches.ok)
          for (const b of batches.value)
            if (b.tabId === null || b.stalled || ![...open].some((u) => u.includes(b.id))) {
              if (round % 15 === 14) await askBackground(this.popup, Opened, 'reopenMisoBatch', { batchId: b.id });
            }
      }
      await sleep(1000);
    }
  }

  async close(): Promise<void> {
    this.stopWatching();
    await this.context?.close().catch(() => undefined);
    rmSync(this.profile, { recursive: true, force: true });
  }

  get schedulePlan() {
    return this.schedule;
  }
}

const Opened = result(z.object({ opened: z.number(), batchIds: z.array(z.string()) }));

export async function runSoak(given: Partial<SoakOptions> = {}): Promise<SoakFigures> {
  const options = { ...DEFAULT_SOAK, ...given };
  const started = Date.now();
  const sandbox = await startSandbox({ etlDelayMs: 1500 });
  const soak = new Soak(sandbox, options);
  try {
    await soak.launch(true);
    const plan = seededRng(options.seed + 2);
    const sizes = batchSizes(plan, options.count, 25);
    const groups = misoGroups(sandbox);
    if (groups.length === 0) throw new Error('the sandbox has no run-libraries MISO can draw');
    const n = sizes.length;
    // Where the restarts, worker stops and QC batches fall among the popup's batches.
    const restartAt = new Set(
      Array.from({ length: options.restarts }, (_, i) => Math.floor(((i + 1) * n) / (options.restarts + 1))),
    );
    const killAt = new Map<number, 'before' | 'during'>();
    for (let i = 0; i < options.swKills; i += 1) killAt.set(plan.int(0, n - 1), plan.chance(0.5) ? 'before' : 'during');
    const qcAfter = new Array<number>(n).fill(0);
    for (let i = 0; i < options.batches; i += 1) qcAfter[plan.int(0, n - 1)]! += 1;
    const stopBy = options.maxMinutes ? started + options.maxMinutes * 60_000 : Infinity;

    let restarts = 0;
    for (let i = 0; i < n && Date.now() < stopBy; i += 1) {
      soak.event(i, soak.schedulePlan.step(i));
      if (killAt.get(i) === 'before') await soak.stopWorker(i);
      const during = async () => {
        if (killAt.get(i) === 'during') await soak.stopWorker(i);
        // With a time limit the restarts fall by time too, so a run cut short still has them.
        const due = options.maxMinutes
          ? (Date.now() - started) / (stopBy - started) >= (restarts + 1) / (options.restarts + 1)
          : false;
        if (restarts < options.restarts && (restartAt.has(i) || due)) {
          restarts += 1;
          await soak.restart(i);
        }
      };
      await soak.signOff(i, sizes[i]!, during);
      for (let q = 0; q < qcAfter[i]!; q += 1) {
        soak.schedulePlan.maybeExpireMisoSessions();
        await soak.qcInMiso(groups);
      }
      options.log(
        `batch ${i + 1}/${n}: ${soak.asked.length} sign-offs, ${soak.askedBatches.length} QC batches asked; ${soak.eventsOf(i)}`,
      );
    }
    options.log('faults stop; draining');
    const left = await soak.drain(Date.now() + options.drainMs);
    const { details: signoffDetails, ...signoffs } = countSignoffs(soak.asked, sandbox.nabu.rows);
    const { details: batchDetails, ...batches } = countBatches(soak.askedBatches, sandbox.miso.metricsPagesShown);
    return {
      signoffs,
      batches,
      ...left,
      durationMs: Date.now() - started,
      faults: soak.faults,
      details: [...signoffDetails, ...batchDetails].slice(0, 40).concat(soak.history(signoffDetails)),
    };
  } finally {
    await soak.close();
    await sandbox.close();
  }
}
