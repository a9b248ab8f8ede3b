// @vitest-environment node
import { afterEach, describe, expect, test } from 'vitest';
import { DEFAULT_RESOLUTIONS, type KeeperRules } from '../../../lib/keeper/engine';
import { MemoryKeeperStore } from '../../../lib/keeper/records';
import type { JiraClient } from '../../../lib/jira/client';
import { syncTickets, type NotificationSource } from '../../../lib/keeper/sync';
import { runNotification, type RunNotification } from '../../../lib/qc/notifications';
import { ALL_SIGNED_OFF_COMMENT } from '../../../lib/qc/ticket-text';
import type { JiraIssueRecord } from '../../../sandbox/jira/state';
import { libraries, type Counts } from './builders';
import { RUN0, RUN1, RUN2, RUN3, startJira, type JiraSandbox } from './jira-sandbox';

const NEW_RUN = '230110_A00469_0410_BHXY7LDSX5';
const RULES: KeeperRules = {
  summarySuffix: ' Dimsum Run QC',
  misoUrl: 'https://miso.lab.org',
  resolutions: DEFAULT_RESOLUTIONS,
};
const PENDING_QC: { qcDate: string | null; dataReviewDate: string | null } = { qcDate: null, dataReviewDate: null };

/** Cardea's data as the keeper sees it: per run, its libraries by state and its run-level dates. */
class FakeCardea implements NotificationSource {
  documentTimestamp = '2026-01-10T12:00:00Z';
  private runs = new Map<string, { ready: RunNotification | null; open: RunNotification | null }>();

  set(
    runName: string,
    counts: Counts,
    dates: { qcDate: string | null; dataReviewDate: string | null } = PENDING_QC,
  ): this {
    const fd = libraries(counts, 0, runName.slice(-5));
    const of = (hasOpenTicket: boolean) =>
      runNotification({ run: { name: runName, ...dates }, lq: [], fd, hasOpenTicket });
    this.runs.set(runName, { ready: of(false), open: of(true) });
    return this;
  }

  async readyNotifications() {
    return [...this.runs.values()].flatMap((r) => (r.ready ? [r.ready] : []));
  }

  async openTicketNotification(runName: string) {
    return this.runs.get(runName)?.open;
  }
}

/** The seeded sandbox's runs as the seed wrote them (RUN0 and RUN3 unchanged), plus a new run. */
function seededCardea(): FakeCardea {
  return new FakeCardea()
    .set(RUN0, { a: 0, q: 1, d: 1, done: 0 })
    .set(RUN1, { a: 0, q: 2, d: 0, done: 0 })
    .set(RUN2, { a: 0, q: 1, d: 0, done: 1 })
    .set(RUN3, { a: 0, q: 0, d: 1, done: 0 })
    .set(NEW_RUN, { a: 1, q: 2, d: 0, done: 0 });
}

const started: JiraSandbox[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function setup(options: Parameters<typeof startJira>[0] = {}) {
  const sb = await startJira(options);
  started.push(sb);
  const store = new MemoryKeeperStore();
  const cardea = seededCardea();
  const lines: string[] = [];
  const sync = (over: { store?: MemoryKeeperStore; token?: string; email?: string } = {}) =>
    syncTickets({
      client: sb.client({ ...(over.token ? { token: over.token } : {}), ...(over.email ? { email: over.email } : {}) }),
      source: cardea,
      store: over.store ?? store,
      rules: RULES,
      log: (line) => lines.push(line),
    });
  return { sb, store, cardea, sync, lines };
}

const byKey = (sb: JiraSandbox, key: string) => sb.jira.getIssue(key)!;
const runTickets = (sb: JiraSandbox, run: string): JiraIssueRecord[] =>
  sb.jira.issues().filter((i) => i.summary === `${run} Dimsum Run QC`);
const codes = (issue: JiraIssueRecord) => issue.comments.map((c) => /<R\dA\d+Q\d+D\d+>$/.exec(c.body)?.[0] ?? c.body);

describe('one sync against the seeded sandbox Jira', () => {
  test('creates, reopens and leaves alone as §3.3 says, and records each run', async () => {
    const { sb, store, sync } = await setup();
    const before = sb.jira.issues();
    const status = await sync();
    expect(status).toMatchObject({ state: 'ok', failure: null, documentTimestamp: '2026-01-10T12:00:00Z' });

    const [created] = runTickets(sb, NEW_RUN);
    expect(created).toMatchObject({
      reporter: 'qc.bot',
      labels: ['dimsum-notification'],
      issueType: 'Task',
      status: 'Open',
    });
    expect(created.description).toContain(`[See metrics in Bao|https://miso.lab.org/run/alias/${NEW_RUN}]`);
    expect(created.description).toContain('set resolution to "Won\'t Do."');
    expect(created.description?.endsWith('Internal use: <R1A1Q2D0>')).toBe(true);

    // GLT-101 and GLT-104 already say what the data says; GLT-105 is a person's question (an orphan by its summary).
    for (const key of ['GLT-101', 'GLT-104', 'GLT-105'])
      expect(byKey(sb, key)).toEqual(before.find((i) => i.key === key));
    expect(byKey(sb, 'GLT-102')).toEqual(before.find((i) => i.key === 'GLT-102'));
    const reopened = byKey(sb, 'GLT-103');
    expect([reopened.status, reopened.resolution, codes(reopened).at(-1)]).toEqual(['Reopened', null, '<R1A0Q1D0>']);

    const records = Object.fromEntries(
      (await store.listRuns()).map((r) => [r.runName, [r.issueKey, r.issueState, r.outcome, r.code, r.listed]]),
    );
    expect(records).toEqual({
      [RUN0]: ['GLT-101', 'OPEN', 'unchanged', '<R1A0Q1D1>', true],
      [RUN1]: ['GLT-102', 'OVERRIDDEN', 'overridden', null, false],
      [RUN2]: ['GLT-103', 'OPEN', 'reopened', '<R1A0Q1D0>', true],
      [RUN3]: ['GLT-104', 'OPEN', 'unchanged', '<R1A0Q0D1>', true],
      [NEW_RUN]: [created.key, 'OPEN', 'created', '<R1A1Q2D0>', true],
    });
    expect(status.counts).toEqual({ unchanged: 2, overridden: 1, reopened: 1, created: 1 });
  });

  test('a second sync with the same data changes nothing', async () => {
    const { sb, sync } = await setup();
    await sync();
    const after = sb.jira.issues();
    expect((await sync()).counts).toEqual({ unchanged: 4, overridden: 1 });
    expect(sb.jira.issues()).toEqual(after);
  });

  test('through the lifecycle: comment on change, pause, close Done, and nothing more', async () => {
    const { sb, cardea, sync } = await setup();
    await sync();
    const [ticket] = runTickets(sb, NEW_RUN);
    const step = async (counts: Counts, dates = PENDING_QC) => {
      cardea.set(NEW_RUN, counts, dates);
      await sync();
      const now = byKey(sb, ticket.key);
      return [now.status, now.resolution, codes(now).at(-1)];
    };
    expect(await step({ a: 1, q: 1, d: 1, done: 0 })).toEqual(['Open', null, '<R1A1Q1D1>']);
    // Same counts, other libraries: nothing new.
    cardea.set(NEW_RUN, { a: 1, q: 1, d: 1, done: 0 });
    expect(await step({ a: 1, q: 1, d: 1, done: 0 })).toEqual(['Open', null, '<R1A1Q1D1>']);
    expect(byKey(sb, ticket.key).comments).toHaveLength(1);
    // Only analysis left, run QC still pending: closed "Incomplete" (docs/notifications-and-tickets.md#desired-ticket-state).
    expect(await step({ a: 1, q: 0, d: 0, done: 2 })).toEqual(['Closed', 'Incomplete', '<R1A1Q0D0>']);
    // Analysed, QC due again: reopened.
    expect(await step({ a: 0, q: 1, d: 0, done: 2 })).toEqual(['Reopened', null, '<R1A0Q1D0>']);
    // Everything signed off, run included: closed Done with the comment that has no code.
    expect(await step({ a: 0, q: 0, d: 0, done: 3 }, { qcDate: '2023-01-09', dataReviewDate: '2023-01-10' })).toEqual([
      'Closed',
      'Done',
      ALL_SIGNED_OFF_COMMENT,
    ]);
    expect(byKey(sb, ticket.key).comments).toHaveLength(4);
    await sync();
    expect(byKey(sb, ticket.key).comments).toHaveLength(4);
  });

  test("a ticket set to Won't Do by hand is never reopened or commented", async () => {
    const { sb, cardea, sync, store } = await setup();
    await sync();
    const [ticket] = runTickets(sb, NEW_RUN);
    sb.jira.setResolution(ticket.key, "Won't Do");
    const frozen = byKey(sb, ticket.key);
    for (const counts of [
      { a: 0, q: 1, d: 0, done: 2 },
      { a: 0, q: 0, d: 3, done: 0 },
    ]) {
      cardea.set(NEW_RUN, counts);
      await sync();
      expect(byKey(sb, ticket.key)).toEqual(frozen);
    }
    expect(await store.getRun(NEW_RUN)).toMatchObject({
      issueKey: ticket.key,
      issueState: 'OVERRIDDEN',
      listed: false,
    });
  });

  test('a run whose ticket is open but which left the data is an orphan: untouched', async () => {
    const { sb, sync, lines } = await setup();
    const orphan = sb.jira.createIssue({
      summary: '990101_X_0001_GONE Dimsum Run QC',
      labels: ['dimsum-notification'],
      description: 'Internal use: <R1A0Q1D0>',
    });
    await sync();
    expect(byKey(sb, orphan.key)).toMatchObject({ status: 'Open', comments: [] });
    expect(lines.some((l) => l.includes(orphan.key) && l.includes('orphaned'))).toBe(true);
  });

  test('a failure on one run is recorded for that run; the others are still kept', async () => {
    const { sb, cardea, store } = await setup();
    cardea.set(RUN0, { a: 1, q: 0, d: 0, done: 1 });
    const status = await syncTickets({
      client: sb.client(),
      source: cardea,
      store,
      rules: RULES,
      transitions: { close: 'Resolve Issue', reopen: 'Reopen Issue' },
    });
    expect(status.state).toBe('ok');
    expect(await store.getRun(RUN0)).toMatchObject({
      outcome: 'failed',
      issueKey: 'GLT-101',
      failure: { kind: 'http', system: 'Jira' },
    });
    expect((await store.getRun(RUN0))?.failure?.detail).toContain('"Resolve Issue"');
    expect(runTickets(sb, NEW_RUN)).toHaveLength(1);
  });

  test('a refused token stops the sync with the reason; nothing is written', async () => {
    const { sb, sync } = await setup();
    const before = sb.jira.issues();
    const status = await sync({ token: 'sandbox-pat-nobody' });
    expect(status).toMatchObject({ state: 'failed', failure: { kind: 'unauthorized', status: 401, system: 'Jira' } });
    expect(sb.jira.issues()).toEqual(before);
  });

  test('a failed search lists the run without a key and acts on nothing', async () => {
    const { sb, store, sync } = await setup();
    sb.world.faults.add({
      system: 'jira',
      path: '/rest/api/2/search',
      status: 400,
      body: '{"errorMessages":["boom"],"errors":{}}',
      every: 2,
      times: 1,
    });
    await sync();
    const failed = (await store.listRuns()).filter((r) => r.outcome === 'search-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      issueKey: null,
      listed: true,
      failure: { kind: 'http', status: 400, detail: 'boom' },
    });
  });
});

describe('rate limits', () => {
  test('a 429 storm within the retry budget delays the sync but loses nothing', async () => {
    const { sb, cardea, sync } = await setup();
    await sync();
    cardea
      .set(NEW_RUN, { a: 1, q: 1, d: 1, done: 0 })
      .set(RUN3, { a: 0, q: 0, d: 0, done: 1 }, { qcDate: '2023-01-01', dataReviewDate: '2023-01-02' });
    sb.world.faults.add({ system: 'jira', path: '/rest/api/2', status: 429, retryAfterSeconds: 1, every: 2, times: 5 });
    expect((await sync()).state).toBe('ok');
    expect(codes(runTickets(sb, NEW_RUN)[0])).toEqual(['<R1A1Q1D1>']);
    expect([byKey(sb, 'GLT-104').resolution, codes(byKey(sb, 'GLT-104')).at(-1)]).toEqual([
      'Done',
      ALL_SIGNED_OFF_COMMENT,
    ]);
  });

  test('a storm beyond the budget stops the sync; the next one finishes the work, each change once', async () => {
    const { sb, cardea, sync, store } = await setup();
    await sync();
    cardea.set(NEW_RUN, { a: 0, q: 2, d: 1, done: 0 }).set(RUN0, { a: 0, q: 0, d: 2, done: 0 });
    // Every comment is limited for a while: the first run's comment cannot be posted.
    sb.world.faults.add({
      system: 'jira',
      path: '/rest/api/2/issue/GLT-101/comment',
      method: 'POST',
      status: 429,
      retryAfterSeconds: 1,
      times: 20,
    });
    const stopped = await sync();
    expect(stopped).toMatchObject({ state: 'failed', failure: { kind: 'rate-limited' } });
    expect((await store.getStatus())?.state).toBe('failed');
    sb.world.faults.clear('jira');
    expect((await sync()).state).toBe('ok');
    expect(codes(byKey(sb, 'GLT-101'))).toEqual(['<R1A0Q0D2>']);
    expect(codes(runTickets(sb, NEW_RUN)[0])).toEqual(['<R1A0Q2D1>']);
  });
});

describe('two keepers at once', () => {
  const pairs: [string, { deleteIssues: boolean }, { token?: string }][] = [
    ['with the same account', { deleteIssues: true }, {}],
    ['with different accounts', { deleteIssues: true }, { token: 'sandbox-pat-tess' }],
    ['where issues may not be deleted', { deleteIssues: false }, {}],
  ];
  test.each(pairs)('leave one ticket per run and one comment per change, %s', async (_name, options, second) => {
    const { sb, cardea, sync } = await setup(options);
    const other = new MemoryKeeperStore();
    // Slow Jira down so the two really interleave.
    sb.world.faults.add({ system: 'jira', path: '/rest/api/2', latencyMs: 15 });
    const both = () => Promise.all([sync(), sync({ store: other, ...second })]);

    expect((await both()).map((s) => s.state)).toEqual(['ok', 'ok']);
    const live = (run: string) => runTickets(sb, run).filter((i) => i.resolution !== 'Duplicate');
    expect(live(NEW_RUN)).toHaveLength(1);
    const [kept] = live(NEW_RUN);
    expect(
      runTickets(sb, NEW_RUN).every((i) => i.key === kept.key || (i.resolution === 'Duplicate' && i.key > kept.key)),
    ).toBe(true);
    expect(codes(byKey(sb, 'GLT-103')).filter((c) => c === '<R1A0Q1D0>')).toHaveLength(1);

    cardea.set(NEW_RUN, { a: 0, q: 1, d: 2, done: 0 });
    await both();
    expect(codes(byKey(sb, kept.key))).toEqual(['<R1A0Q1D2>']);
    cardea.set(NEW_RUN, { a: 1, q: 0, d: 0, done: 2 });
    await both();
    expect(byKey(sb, kept.key)).toMatchObject({ status: 'Closed', resolution: 'Incomplete' });
    expect(codes(byKey(sb, kept.key))).toEqual(['<R1A0Q1D2>', '<R1A1Q0D0>']);
    // Both keepers agree on the ticket.
    await both();
    expect(live(NEW_RUN).map((i) => i.key)).toEqual([kept.key]);
  });

  /** Both keepers reach `method` before either goes on: the race happens every time. */
  function inStep(
    client: JiraClient,
    method: 'createIssue' | 'addComment' | 'transition',
    meet: () => Promise<void>,
  ): JiraClient {
    const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
    return { ...client, [method]: async (...args: unknown[]) => (await meet(), original(...args)) };
  }
  function rendezvous(parties: number): () => Promise<void> {
    const waiting: (() => void)[] = [];
    return () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === parties) waiting.splice(0).forEach((release) => release());
      });
  }

  const races: ['createIssue' | 'addComment' | 'transition', string, { deleteIssues: boolean }][] = [
    ['createIssue', 'both create: the newer ticket is deleted', { deleteIssues: true }],
    [
      'createIssue',
      'both create where deleting is not allowed: the newer one is closed "Duplicate"',
      { deleteIssues: false },
    ],
    ['addComment', 'both comment the same change: the later comment goes', { deleteIssues: true }],
    ['transition', 'both pause: one transition, one comment', { deleteIssues: true }],
  ];
  test.each(races)('in lockstep, %s: %s', async (method, _name, options) => {
    const { sb, cardea, store } = await setup(options);
    const other = new MemoryKeeperStore();
    const syncBoth = () => {
      const meet = rendezvous(2);
      return Promise.all(
        [store, other].map((s) =>
          syncTickets({ client: inStep(sb.client(), method, meet), source: cardea, store: s, rules: RULES }),
        ),
      );
    };
    if (method !== 'createIssue') {
      await syncTickets({ client: sb.client(), source: cardea, store, rules: RULES });
      cardea.set(NEW_RUN, method === 'addComment' ? { a: 1, q: 1, d: 1, done: 0 } : { a: 1, q: 0, d: 0, done: 2 });
      // Only the new run's ticket is due for a change.
      for (const run of [RUN2]) cardea.set(run, { a: 0, q: 1, d: 0, done: 1 });
    }
    const statuses = await syncBoth();
    expect(statuses.map((s) => s.state)).toEqual(['ok', 'ok']);
    const tickets = runTickets(sb, NEW_RUN).sort((a, b) => Number(a.id) - Number(b.id));
    const live = tickets.filter((t) => t.resolution !== 'Duplicate');
    expect(live).toHaveLength(1);
    if (method === 'createIssue') {
      expect(tickets.map((t) => t.resolution)).toEqual(options.deleteIssues ? [null] : [null, 'Duplicate']);
      expect(live[0].key).toBe(tickets[0].key);
      expect((await store.getRun(NEW_RUN))?.issueKey).toBe(live[0].key);
      expect((await other.getRun(NEW_RUN))?.issueKey).toBe(live[0].key);
    } else if (method === 'addComment') {
      expect(codes(live[0])).toEqual(['<R1A1Q1D1>']);
    } else {
      expect(live[0]).toMatchObject({ status: 'Closed', resolution: 'Incomplete' });
      expect(codes(live[0])).toEqual(['<R1A1Q0D0>']);
    }
    // Neither keeper saw a failure, and both know the ticket and its state.
    const records = await Promise.all([store.getRun(NEW_RUN), other.getRun(NEW_RUN)]);
    expect(records.map((r) => [r?.failure, r?.issueKey, r?.issueState])).toEqual([
      [null, live[0].key, method === 'transition' ? 'PAUSED' : 'OPEN'],
      [null, live[0].key, method === 'transition' ? 'PAUSED' : 'OPEN'],
    ]);
    // Afterwards both agree that nothing is left to do.
    expect((await syncBoth()).map((s) => s.counts)).toEqual([
      { unchanged: 4, overridden: 1 },
      { unchanged: 4, overridden: 1 },
    ]);
  });

  test('a keeper that stopped between creating and checking leaves an extra ticket; the next sync removes it', async () => {
    const { sb, sync } = await setup();
    await sync();
    const [first] = runTickets(sb, NEW_RUN);
    const extra = sb.jira.createIssue({
      summary: first.summary,
      description: first.description,
      labels: ['dimsum-notification'],
      reporter: 'qc.bot',
    });
    const someoneElses = sb.jira.createIssue({
      summary: first.summary,
      labels: ['dimsum-notification'],
      reporter: 'tess',
    });
    await sync();
    expect(sb.jira.getIssue(extra.key)).toBeUndefined();
    expect(byKey(sb, someoneElses.key)).toMatchObject({ status: 'Open', comments: [] });
    expect(byKey(sb, first.key).comments).toEqual([]);
  });
});
