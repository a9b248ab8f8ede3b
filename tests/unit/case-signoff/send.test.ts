// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { entriesFor } from '../../../lib/case-signoff/outbox';
import { planSignoff } from '../../../lib/case-signoff/plan';
import type { OutboxEntry } from '../../../lib/case-signoff/schemas';
import {
  attemptEntry,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffDelayMs,
  CLOCK_SKEW_MS,
  readBackVerdict,
} from '../../../lib/case-signoff/send';
import { createNabuClient, type NabuClient } from '../../../lib/nabu/client';
import { caseRecord, nabuRow } from './builders';
import { startSandboxNabu, type SandboxNabu } from './sandbox-nabu';

const NOTE = '50% + tumour/normal ✓';
const CASE_IDS = Array.from({ length: 25 }, (_, i) => `PANX_${1100 + i}_b1_Co_M`);

let sandbox: SandboxNabu;
let client: NabuClient;
let ids = 0;

beforeEach(async () => {
  sandbox = await startSandboxNabu();
  client = createNabuClient({ baseUrl: sandbox.url, apiKey: sandbox.nabu.apiKey });
});
afterEach(() => sandbox.close());

function entry(caseIds = CASE_IDS, note = NOTE, now = Date.now() - 1000): OutboxEntry {
  const plan = planSignoff(
    caseIds.map((id) => caseRecord({ id })),
    { step: 'RELEASE_APPROVAL', deliverableType: 'Data Release', deliverables: [], status: 'PASSED_PROCEED', note },
    'Tess Ter',
  );
  const [first] = entriesFor(plan, { now, newId: () => `id-${++ids}` });
  return first;
}

const rowsPerCase = () => {
  const counts = new Map<string, number>();
  for (const row of sandbox.nabu.rows) counts.set(row.caseIdentifier, (counts.get(row.caseIdentifier) ?? 0) + 1);
  return counts;
};

describe('a bulk request that fails part-way (non-transactional, A8)', () => {
  test('Nabu fails case 11 of 25 and still writes 12..25: the retry reads back and sends case 11 alone, none twice', async () => {
    const sent: string[][] = [];
    const watched: NabuClient = {
      ...client,
      bulkSignoff: (request) => {
        sent.push(request.caseIdentifiers);
        return client.bulkSignoff(request);
      },
    };
    sandbox.nabu.injectDbFailure({ afterRows: 10 });
    const first = await attemptEntry(entry(), watched);
    expect(first.done).toBe(false);
    expect(first.entry.state).toBe('retrying');
    expect(first.entry.lastFailure).toMatchObject({
      kind: 'server',
      status: 500,
      detail: `Error adding sign-off ${CASE_IDS[10]}`,
    });
    expect(sandbox.nabu.rows.map((r) => r.caseIdentifier)).toEqual(CASE_IDS.filter((_, i) => i !== 10));

    const second = await attemptEntry(first.entry, watched);
    expect(sent).toEqual([CASE_IDS, [CASE_IDS[10]]]);
    expect(second.done).toBe(true);
    expect(second.entry.cases.every((c) => c.state === 'saved')).toBe(true);
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect([...rowsPerCase().values()].every((n) => n === 1)).toBe(true);
    expect(new Set(sandbox.nabu.rows.map((r) => r.comment))).toEqual(new Set([NOTE]));
    // The 24 read back and the one sent are all reported for the cache.
    expect(second.rows.map((r) => r.caseIdentifier).sort()).toEqual([...CASE_IDS].sort());
  });

  test('a request that saved everything but lost its answer is not sent again', async () => {
    sandbox.world.faults.add({ system: 'nabu', path: '/case/sign-off', method: 'POST', truncate: true, times: 1 });
    const first = await attemptEntry(entry(), client);
    expect(first.done).toBe(false);
    expect(sandbox.nabu.rows).toHaveLength(25);
    const second = await attemptEntry(first.entry, client);
    expect(second.done).toBe(true);
    expect(sandbox.nabu.rows).toHaveLength(25);
  });

  test('with every second bulk request failing, repeated attempts end with each case saved once', async () => {
    sandbox.world.faults.add({ system: 'nabu', path: '/case/sign-off', status: 500, every: 2 });
    sandbox.nabu.injectDbFailure({ afterRows: 10 });
    let current = entry();
    for (let i = 0; i < 10; i++) {
      const result = await attemptEntry(current, client);
      current = result.entry;
      if (result.done) break;
    }
    expect(current.cases.every((c) => c.state === 'saved')).toBe(true);
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect([...rowsPerCase().values()].every((n) => n === 1)).toBe(true);
  });

  test('cases whose read-back fails wait; the ones read back as missing are sent meanwhile', async () => {
    sandbox.nabu.injectDbFailure({ afterRows: 10 });
    const first = await attemptEntry(entry(), client);
    const unreadable = first.entry.cases.slice(-3).map((c) => c.caseId);
    for (const id of unreadable)
      sandbox.world.faults.add({ system: 'nabu', path: `/case/${id}/sign-off`, status: 503, times: 1 });
    const second = await attemptEntry(first.entry, client);
    expect(second.done).toBe(false);
    expect(second.entry.cases.filter((c) => c.state === 'pending').map((c) => c.caseId)).toEqual(unreadable);
    // Case 11, the one Nabu failed, was read back as missing and sent meanwhile.
    expect(sandbox.nabu.rows.map((r) => r.caseIdentifier)).toContain(CASE_IDS[10]);
    expect(sandbox.nabu.rows).toHaveLength(25);
    const third = await attemptEntry(second.entry, client);
    expect(third.done).toBe(true);
    expect(sandbox.nabu.rows).toHaveLength(25);
    expect([...rowsPerCase().values()].every((n) => n === 1)).toBe(true);
  });

  test('a network failure keeps every case pending and schedules a retry', async () => {
    const down = createNabuClient({ baseUrl: 'http://127.0.0.1:9', apiKey: sandbox.nabu.apiKey });
    const result = await attemptEntry(entry(), down, { now: () => 1_000_000, random: () => 0.5 });
    expect(result.entry).toMatchObject({ state: 'retrying', attempts: 1, lastFailure: { kind: 'network' } });
    expect(Date.parse(result.entry.nextAttemptAt!)).toBe(1_000_000 + BACKOFF_BASE_MS);
    expect(result.entry.message).toContain('Bao will try again');
  });
});

describe('failures that need the user', () => {
  test('401: stop retrying and say to fix the API key in the options', async () => {
    const wrong = createNabuClient({ baseUrl: sandbox.url, apiKey: 'wrong-key' });
    const result = await attemptEntry(entry(), wrong);
    expect(result.entry.state).toBe('blocked');
    expect(result.entry.nextAttemptAt).toBeNull();
    expect(result.entry.message).toBe(
      'Nabu refused the API key: fix the Nabu API key in Bao’s options, then press Retry.',
    );
    expect(sandbox.nabu.rows).toHaveLength(0);
  });

  test('400: stop and show Nabu’s own message without its "undefined : " prefix', async () => {
    sandbox.world.faults.add({
      system: 'nabu',
      path: '/case/sign-off',
      status: 400,
      body: JSON.stringify({ errors: ['undefined : Sign-off must be associated with a deliverable type'] }),
    });
    const result = await attemptEntry(entry(), client);
    expect(result.entry.state).toBe('blocked');
    expect(result.entry.message).toBe(
      'Nabu rejected this sign-off: Sign-off must be associated with a deliverable type',
    );
  });
});

describe('reading back', () => {
  const base = entry(['A_1'], 'ok', Date.parse('2026-11-24T10:00:00Z'));
  const at = (ms: number) => new Date(Date.parse('2026-11-24T10:00:00Z') + ms).toISOString();
  const same = { caseIdentifier: 'A_1', comment: 'ok' };

  test.each([
    ['no row', undefined, 'missing'],
    ['the same sign-off, after the entry', nabuRow({ ...same, created: at(5000) }), 'saved'],
    [
      'the same sign-off, within the clock skew before it',
      nabuRow({ ...same, created: at(-CLOCK_SKEW_MS + 1000) }),
      'saved',
    ],
    [
      'the same sign-off, long before (an older, identical one)',
      nabuRow({ ...same, created: at(-CLOCK_SKEW_MS - 60_000) }),
      'missing',
    ],
    ['another note', nabuRow({ ...same, comment: 'other', created: at(5000) }), 'missing'],
    ['another user', nabuRow({ ...same, username: 'Someone Else', created: at(5000) }), 'missing'],
    ['another status', nabuRow({ ...same, qcPassed: false, release: false, created: at(5000) }), 'missing'],
    [
      'someone’s different sign-off made well after the entry',
      nabuRow({ ...same, username: 'Ruth Okafor', created: at(CLOCK_SKEW_MS + 60_000) }),
      'superseded',
    ],
  ] as const)('%s → %s', (_label, row, verdict) => {
    expect(readBackVerdict(base, row)).toBe(verdict);
  });
});

describe('backoff', () => {
  test.each([
    [1, BACKOFF_BASE_MS],
    [2, 2 * BACKOFF_BASE_MS],
    [3, 4 * BACKOFF_BASE_MS],
    [6, 32 * BACKOFF_BASE_MS],
    [20, BACKOFF_MAX_MS],
  ])('attempt %i waits %i ms (without jitter)', (attempts, ms) => {
    expect(backoffDelayMs(attempts, () => 0.5)).toBe(ms);
  });

  test('jitter stays within ±20 %', () => {
    expect(backoffDelayMs(2, () => 0)).toBe(0.8 * 2 * BACKOFF_BASE_MS);
    expect(backoffDelayMs(2, () => 0.999999)).toBeLessThanOrEqual(1.2 * 2 * BACKOFF_BASE_MS);
  });

  test('a longer Retry-After wins', () => {
    expect(backoffDelayMs(1, () => 0.5, 120_000)).toBe(120_000);
  });
});
