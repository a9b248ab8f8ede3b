// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CaseRecord } from '../../../lib/cardea/records';
import { forgetCaseRecords } from '../../../lib/case-signoff/case-index';
import {
  entriesFor,
  listOutbox,
  loadNabuCache,
  pruneReceipts,
  RECEIPT_KEEP_MS,
  saveNabuCache,
  saveOutboxEntry,
} from '../../../lib/case-signoff/outbox';
import { planSignoff } from '../../../lib/case-signoff/plan';
import { createNabuClient } from '../../../lib/nabu/client';
import { CasesQuery, SignoffDraft } from '../../../lib/case-signoff/schemas';
import {
  countCasesWaiting,
  createCaseSignoffService,
  type NabuConfig,
  type ServiceDeps,
} from '../../../lib/case-signoff/service';
import { openIndexWriter } from '../../../lib/db';
import { freshDatabase } from '../pipeline/helpers';
import { caseRecord } from './builders';
import { startSandboxNabu, type SandboxNabu } from './sandbox-nabu';

const NOTE = '50% + tumour/normal ✓';
const CASES = Array.from({ length: 25 }, (_, i) =>
  caseRecord({
    id: `PANX_${1100 + i}_b1_Co_M`,
    deliverables: [{ type: 'Data Release', analysisReview: 'PASSED', releases: ['Full Pipeline'] }],
  }),
);
const IDS = CASES.map((c) => c.id);

let sandbox: SandboxNabu;
let config: NabuConfig;
let wakes: (number | null)[];
let clock: number;

async function indexCases(records: CaseRecord[], timestamp: string): Promise<void> {
  const writer = await openIndexWriter('http://cardea.test');
  await writer.write({ assays: [], cases: records, runs: [], runLibraries: [], omitted: [] });
  await writer.commit({
    timestamp,
    bytes: 1,
    cases: records.length,
    assays: 0,
    runs: 0,
    runLibraries: 0,
    omittedRunLibraries: 0,
    notifications: 0,
    runsRequiringAction: 0,
  });
}

function service(overrides: Partial<ServiceDeps> = {}) {
  return createCaseSignoffService({
    config: async () => config,
    wakeAt: async (time) => void wakes.push(time),
    now: () => clock,
    random: () => 0.5,
    ...overrides,
  });
}

const draft = (overrides: Partial<SignoffDraft> = {}) =>
  SignoffDraft.parse({
    caseIds: IDS,
    step: 'RELEASE_APPROVAL',
    deliverableType: 'Data Release',
    status: 'PASSED_PROCEED',
    note: NOTE,
    ...overrides,
  });

beforeEach(async () => {
  await freshDatabase();
  forgetCaseRecords();
  sandbox = await startSandboxNabu();
  config = { nabuUrl: sandbox.url, apiKey: sandbox.nabu.apiKey, displayName: 'Tess Ter' };
  wakes = [];
  clock = Date.now();
  await indexCases(CASES, '2026-11-24T00:00:00Z');
});
afterEach(() => sandbox.close());

describe('submitting', () => {
  test('writes one outbox entry per Nabu request, sends it, and empties the outbox once Nabu confirmed every case', async () => {
    const s = service();
    const result = await s.submit(draft());
    expect(result).toMatchObject({
      errors: [],
      signoffCount: 25,
      summary: 'Release Approval · Data Release · Passed/Proceed',
    });
    expect(result.ids).toHaveLength(1);
    await s.flush();
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect(sandbox.nabu.rows.every((r) => r.comment === NOTE && r.username === 'Tess Ter')).toBe(true);
    expect(await listOutbox()).toEqual([]);
    const view = await s.view();
    expect(view.recent).toEqual([expect.objectContaining({ id: result.ids[0], summary: result.summary })]);
    expect(view.recent[0].cases.every((c) => c.state === 'saved')).toBe(true);
  });

  test('the case list shows the new state at once, from Nabu, before Cardea has it', async () => {
    const s = service();
    const before = await s.cases(CasesQuery.parse({ filters: { waitingFor: 'RELEASE_APPROVAL' } }));
    expect(before.filteredCount).toBe(25);
    await s.submit(draft());
    await s.flush();
    const after = await s.cases(CasesQuery.parse({ pageSize: 100 }));
    expect(after.items.map((i) => i.record.deliverables[0].releaseApprovalQcStatus)).toEqual(
      Array(25).fill('PASSED_PROCEED'),
    );
    expect(after.items[0].fromNabu).toEqual([
      { step: 'RELEASE_APPROVAL', deliverableType: 'Data Release', deliverable: null },
    ]);
    expect(after.items.every((i) => i.waitingFor.join() === 'RELEASE')).toBe(true);
    expect(await countCasesWaiting()).toBe(25);
  });

  test('rows Nabu already has are found when the popup opens, and expire once Cardea is 10 minutes newer', async () => {
    await service().submit(draft({ caseIds: IDS.slice(0, 2) }));
    await service().flush();
    // A fresh worker: nothing cached in memory, the cache record rebuilt from Nabu's GET /case/sign-off.
    await saveNabuCache({ refreshedAt: null, rows: [] });
    const page = await service().cases(CasesQuery.parse({ refreshNabu: true, sort: 'case', descending: false }));
    expect(page.items.slice(0, 3).map((i) => i.record.deliverables[0].releaseApprovalQcStatus)).toEqual([
      'PASSED_PROCEED',
      'PASSED_PROCEED',
      null,
    ]);
    expect(page.nabu.failure).toBeNull();

    const created = Date.parse(sandbox.nabu.rows[0].created);
    forgetCaseRecords();
    await indexCases(CASES, new Date(created + 11 * 60_000).toISOString());
    const later = await service().cases(CasesQuery.parse({ sort: 'case', descending: false }));
    expect(later.items[0].record.deliverables[0].releaseApprovalQcStatus).toBeNull();
    expect(later.items[0].fromNabu).toEqual([]);
  });

  test('a press of Submit that arrives twice (the worker stopped before it answered) is written and sent once', async () => {
    const submissionId = crypto.randomUUID();
    const first = await service().submit(draft({ submissionId }));
    // A new worker gets the popup's retry: same submission, same answer, nothing written again.
    const again = await service().submit(draft({ submissionId }));
    expect(again).toEqual(first);
    const s = service();
    await s.flush();
    expect(await listOutbox()).toEqual([]);
    // Even once the entries have left the outbox, a late retry is answered from the receipt.
    expect(await s.submit(draft({ submissionId }))).toEqual(first);
    await s.flush();
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect(first.submissionId).toBe(submissionId);
  });

  test('receipts are forgotten after a day', async () => {
    const submissionId = crypto.randomUUID();
    const s = service();
    const first = await s.submit(draft({ submissionId }));
    await s.flush();
    clock += RECEIPT_KEEP_MS + 1000;
    await pruneReceipts(clock);
    const later = await s.submit(draft({ submissionId }));
    expect(later.ids).not.toEqual(first.ids);
  });

  test('unknown case ids and cases without the type are left out and named', async () => {
    const s = service();
    const result = await s.submit(draft({ caseIds: [IDS[0], 'TYPO_1'], deliverableType: 'Data Release' }));
    expect(result.leftOut).toEqual([
      expect.objectContaining({ caseId: 'TYPO_1', reason: expect.stringContaining('not in Cardea') }),
    ]);
    await s.flush();
    expect(sandbox.nabu.rows.map((r) => r.caseIdentifier)).toEqual([IDS[0]]);
  });

  test('nothing is queued without a display name, a Nabu address or an API key', async () => {
    config = { nabuUrl: '', apiKey: '', displayName: '' };
    const result = await service().submit(draft());
    expect(result.ids).toEqual([]);
    expect(result.errors).toEqual([
      expect.stringContaining('display name'),
      'Set the Nabu address in Bao’s options.',
      'Add the Nabu API key in Bao’s options.',
    ]);
    expect(await listOutbox()).toEqual([]);
  });

  test('Release without a deliverable is refused', async () => {
    const result = await service().submit(draft({ step: 'RELEASE', status: 'PASSED_RELEASE', deliverables: [] }));
    expect(result.errors).toContain('No deliverables selected.');
    expect(await listOutbox()).toEqual([]);
  });
});

describe('when Nabu fails', () => {
  test('half the requests failing and a bulk insert breaking after 10 rows: 25 rows, none twice, outbox empty', async () => {
    sandbox.world.faults.add({ system: 'nabu', path: '/case/sign-off', status: 500, every: 2 });
    sandbox.nabu.injectDbFailure({ afterRows: 10 });
    const s = service();
    await s.submit(draft());
    for (let i = 0; i < 10 && (await listOutbox()).length > 0; i++) {
      clock += 60 * 60_000; // past any backoff
      await s.flush();
    }
    expect(await listOutbox()).toEqual([]);
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect(new Set(sandbox.nabu.rows.map((r) => r.caseIdentifier)).size).toBe(25);
  });

  test('a retry waits for its backoff and an alarm is set for it', async () => {
    sandbox.world.faults.add({ system: 'nabu', path: '/case/', status: 503 });
    const s = service();
    await s.submit(draft());
    await s.flush();
    const [entry] = await listOutbox();
    expect(entry).toMatchObject({ state: 'retrying', attempts: 1, lastFailure: { kind: 'server', status: 503 } });
    expect(wakes.at(-1)).toBe(Date.parse(entry.nextAttemptAt!));
    expect(wakes.at(-1)! - clock).toBe(10_000);

    await s.flush(); // not due yet: nothing is sent
    expect((await listOutbox())[0].attempts).toBe(1);

    sandbox.world.faults.clear();
    clock += 10_000;
    await s.flush();
    expect(await listOutbox()).toEqual([]);
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect(wakes.at(-1)).toBeNull();
  });

  test('the outbox survives the worker: a new one resumes what the old one left, reading back first', async () => {
    sandbox.nabu.injectDbFailure({ afterRows: 7 });
    const first = service();
    await first.submit(draft());
    await first.flush();
    // Nabu failed the eighth case and wrote the other 24.
    expect(sandbox.nabu.rows).toHaveLength(24);
    // The old worker is gone; the next one starts by flushing whatever is due.
    clock += 60 * 60_000;
    await service().flush();
    expect(await listOutbox()).toEqual([]);
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect(new Set(sandbox.nabu.rows.map((r) => r.caseIdentifier)).size).toBe(25);
  });

  test('an entry left "sending" by a worker that stopped mid-request is read back, not sent twice', async () => {
    const plan = planSignoff(
      CASES,
      {
        step: 'RELEASE_APPROVAL',
        deliverableType: 'Data Release',
        deliverables: [],
        status: 'PASSED_PROCEED',
        note: NOTE,
      },
      'Tess Ter',
    );
    const [entry] = entriesFor(plan, { now: clock - 5000, newId: () => crypto.randomUUID() });
    await saveOutboxEntry({ ...entry, state: 'sending', attempts: 1 });
    // Nabu saved everything, but the worker stopped before it could record the answer.
    await createNabuClient({ baseUrl: sandbox.url, apiKey: sandbox.nabu.apiKey }).bulkSignoff({
      ...entry.request,
      caseIdentifiers: IDS,
    });
    await service().flush();
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect(await listOutbox()).toEqual([]);
  });

  test('a later sign-off of the same cases waits for an earlier one whose answer was lost: each is saved once, in order', async () => {
    const three = IDS.slice(0, 3);
    // Nabu writes the first sign-off but its answer is cut: Bao cannot know yet that it was saved.
    sandbox.world.faults.add({ system: 'nabu', path: '/case/sign-off', method: 'POST', truncate: true, times: 1 });
    const s = service();
    await s.submit(draft({ caseIds: three, note: 'first' }));
    await s.flush();
    expect(sandbox.nabu.rows.map((r) => r.comment)).toEqual(['first', 'first', 'first']);
    // Nabu goes down; the user changes their mind: a second sign-off of the same cases and step.
    sandbox.world.faults.add({ system: 'nabu', path: '/case/', status: 503 });
    clock += 1000;
    await s.submit(draft({ caseIds: three, status: 'FAILED_STOP', note: 'second' }));
    await s.flush();
    const waiting = (await listOutbox()).find((e) => e.request.comment === 'second');
    expect(waiting).toMatchObject({
      state: 'retrying',
      message: expect.stringMatching(/^Waits for an earlier sign-off/),
    });
    expect(sandbox.nabu.rows).toHaveLength(3);

    sandbox.world.faults.clear();
    clock += 60 * 60_000;
    await s.flush();
    expect(await listOutbox()).toEqual([]);
    expect(sandbox.nabu.rows.map((r) => r.comment)).toEqual(['first', 'first', 'first', 'second', 'second', 'second']);
    expect(sandbox.nabu.latest().map((r) => r.comment)).toEqual(['second', 'second', 'second']);
  });

  test('an older sign-off in backoff is tried at once when a newer one of the same cases comes, and goes first', async () => {
    const three = IDS.slice(0, 3);
    sandbox.world.faults.add({ system: 'nabu', path: '/case/', status: 503, times: 1 });
    const s = service();
    await s.submit(draft({ caseIds: three, note: 'first' }));
    await s.flush();
    expect((await listOutbox())[0]).toMatchObject({ state: 'retrying', attempts: 1 });
    clock += 1000; // well inside the first entry's backoff
    await s.submit(draft({ caseIds: three, status: 'FAILED_STOP', note: 'second' }));
    await s.flush();
    expect(await listOutbox()).toEqual([]);
    expect(sandbox.nabu.rows.map((r) => r.comment)).toEqual(['first', 'first', 'first', 'second', 'second', 'second']);
  });

  test('401: the entry waits for the user; Retry after fixing the key sends it', async () => {
    config = { ...config, apiKey: 'wrong-key' };
    const s = service();
    await s.submit(draft());
    await s.flush();
    const [blocked] = await listOutbox();
    expect(blocked.state).toBe('blocked');
    expect(blocked.message).toContain('fix the Nabu API key in Bao’s options');
    expect(wakes.at(-1)).toBeNull();

    config = { ...config, apiKey: sandbox.nabu.apiKey };
    await s.retry();
    await s.flush();
    expect(await listOutbox()).toEqual([]);
    expect(sandbox.nabu.rows).toHaveLength(25);
  });

  test('Discard drops an entry without sending it', async () => {
    sandbox.world.faults.add({ system: 'nabu', path: '/case/', status: 503 });
    const s = service();
    const { ids } = await s.submit(draft());
    await s.flush();
    const view = await s.discard(ids);
    expect(view.entries).toEqual([]);
    sandbox.world.faults.clear();
    clock += 60 * 60_000;
    await s.flush();
    expect(sandbox.nabu.rows).toHaveLength(0);
  });
});

describe('the cache of Nabu rows', () => {
  test('holds only rows Cardea may not have yet', async () => {
    const s = service();
    await s.submit(draft({ caseIds: IDS.slice(0, 3) }));
    await s.flush();
    await s.refreshNabu();
    expect((await loadNabuCache()).rows.map((r) => r.caseIdentifier).sort()).toEqual(IDS.slice(0, 3));
  });

  test('a Nabu that cannot be read is reported, and the list still answers', async () => {
    sandbox.world.faults.add({ system: 'nabu', path: '/case/sign-off', method: 'GET', status: 502 });
    const page = await service().cases(CasesQuery.parse({ refreshNabu: true }));
    expect(page.total).toBe(25);
    expect(page.nabu.failure).toMatchObject({ system: 'Nabu', kind: 'server', status: 502 });
  });
});
