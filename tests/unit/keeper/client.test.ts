// @vitest-environment node
import { afterEach, describe, expect, test, vi } from 'vitest';
import { adfToWiki, wikiToAdf } from '../../../lib/jira/client-adf';
import { DEFAULT_RETRY, JiraHttp, retryDelay } from '../../../lib/jira/client-http';
import { summaryJql } from '../../../lib/jira/client';
import { FetchError, type Failure } from '../../../lib/net/failure';
import { parseStateCode } from '../../../lib/qc/state-code';
import { RUN0, RUN3, startJira, type JiraSandbox } from './jira-sandbox';

const started: JiraSandbox[] = [];
async function sandbox(options: Parameters<typeof startJira>[0] = {}): Promise<JiraSandbox> {
  const sb = await startJira(options);
  started.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FetchError)) throw new Error(`expected a FetchError, got ${String(error)}`);
  return error.failure;
}

const TICKET_TEXT = [
  'Run is pending QC.',
  '2 libraries are pending QC:\n\n* LIB_A (L1)\n* LIB_B (L2)',
  '0 libraries are pending data review.',
  '0 other libraries are still pending analysis.',
  `[See metrics in Bao|https://miso.lab.org/run/alias/${RUN0}]`,
  'Internal use: <R1A0Q2D0>',
].join('\n\n');

for (const flavour of ['datacenter', 'cloud'] as const) {
  describe(`the ${flavour} flavour against the sandbox Jira`, () => {
    const start = () => sandbox({ flavour });

    test('finds only the exact summary among fuzzy matches, oldest first', async () => {
      const sb = await start();
      const client = sb.client();
      const found = await client.searchBySummary(`${RUN0} Dimsum Run QC`);
      expect(found.map((t) => [t.key, t.summary, t.resolution, t.reporter])).toEqual([
        ['GLT-101', `${RUN0} Dimsum Run QC`, null, flavour === 'cloud' ? sb.jira.user('dimsum')?.accountId : 'dimsum'],
      ]);
      // The same search without the post-filter also finds the person's question about the run.
      expect(
        sb.jira
          .search(summaryJql('GLT', 'dimsum-notification', `${RUN0} Dimsum Run QC`))
          .map((i) => i.key)
          .sort(),
      ).toEqual(['GLT-101', 'GLT-105']);
      const later = sb.jira.createIssue({ summary: `${RUN0} Dimsum Run QC`, labels: ['dimsum-notification'] });
      expect((await client.searchBySummary(`${RUN0} Dimsum Run QC`)).map((t) => t.key)).toEqual(['GLT-101', later.key]);
    });

    test('escapes quotes and backslashes in the summary', async () => {
      const sb = await start();
      const summary = 'RUN "7" back\\slash Dimsum Run QC';
      const made = sb.jira.createIssue({ summary, labels: ['dimsum-notification'] });
      expect((await sb.client().searchBySummary(summary)).map((t) => t.key)).toEqual([made.key]);
    });

    test('lists every open ticket, page after page, and only open ones', async () => {
      const sb = await start();
      const extra = Array.from(
        { length: 120 },
        (_, i) => sb.jira.createIssue({ summary: `RUN_${i} Dimsum Run QC`, labels: ['dimsum-notification'] }).key,
      );
      sb.jira.createIssue({ summary: 'RUN_X Dimsum Run QC', labels: ['other-label'] });
      const open = await sb.client().searchOpen(' Dimsum Run QC');
      expect(open.map((t) => t.key).sort()).toEqual(['GLT-101', 'GLT-104', 'GLT-105', ...extra].sort());
      expect(open.every((t) => t.resolution === null)).toBe(true);
    });

    test('reads an issue with its description and comments as wiki text', async () => {
      const sb = await start();
      const issue = await sb.client().getIssue('GLT-104');
      expect(issue.description).toBe(sb.jira.getIssue('GLT-104')?.description);
      expect(issue.comments.map((c) => [c.body, c.author !== null])).toEqual(
        sb.jira.getIssue('GLT-104')?.comments.map((c) => [c.body, true]),
      );
      expect(parseStateCode(issue.comments[0].body)).not.toBeNull();
    });

    test('creates a Task with the label, comments and deletes comments and issues', async () => {
      const sb = await start();
      const client = sb.client();
      const created = await client.createIssue({ summary: `${RUN3} Dimsum Run QC`, description: TICKET_TEXT });
      const stored = sb.jira.getIssue(created.key);
      expect(stored).toMatchObject({
        issueType: 'Task',
        labels: ['dimsum-notification'],
        reporter: 'qc.bot',
        description: TICKET_TEXT,
      });
      const posted = await client.addComment(created.key, TICKET_TEXT);
      expect(posted.body).toBe(TICKET_TEXT);
      expect((await client.getIssue(created.key)).comments.map((c) => c.body)).toEqual([TICKET_TEXT]);
      await client.deleteComment(created.key, posted.id);
      expect(sb.jira.getIssue(created.key)?.comments).toEqual([]);
      await client.deleteIssue(created.key);
      expect(sb.jira.getIssue(created.key)).toBeUndefined();
    });

    test('runs transitions by name, with the resolution only where the screen has it', async () => {
      const sb = await start();
      const client = sb.client();
      expect((await client.transitions('GLT-101')).map((t) => [t.name, t.hasResolution])).toEqual([
        ['Start Progress', false],
        ['Close Issue', true],
      ]);
      await client.transition('GLT-101', 'Close Issue', { resolution: 'Incomplete', comment: TICKET_TEXT });
      expect(sb.jira.getIssue('GLT-101')).toMatchObject({ status: 'Closed', resolution: 'Incomplete' });
      expect(sb.jira.getIssue('GLT-101')?.comments.at(-1)?.body).toBe(TICKET_TEXT);
      await client.transition('GLT-101', 'reopen issue');
      expect(sb.jira.getIssue('GLT-101')).toMatchObject({ status: 'Reopened', resolution: null });
      const missing = await failureOf(client.transition('GLT-101', 'Resolve Issue', { resolution: 'Done' }));
      expect(missing).toMatchObject({ kind: 'http', system: 'Jira' });
      expect(missing.detail).toContain('"Resolve Issue"');
      const unknown = await failureOf(client.transition('GLT-101', 'Close Issue', { resolution: 'Fixed' }));
      expect(unknown.detail).toContain('does not offer the resolution "Fixed"');
    });

    test('says who the token belongs to', async () => {
      const sb = await start();
      const me = await sb.client().myself();
      const bot = sb.jira.user('qc.bot');
      expect(me).toEqual({ id: flavour === 'cloud' ? bot?.accountId : 'qc.bot', displayName: 'QC Bot' });
    });

    test('waits out 429s with Retry-After, then succeeds', async () => {
      const sb = await start();
      const searchPath = flavour === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search';
      sb.world.faults.add({ system: 'jira', path: searchPath, status: 429, retryAfterSeconds: 2, times: 3 });
      const waits: number[] = [];
      const client = sb.client({ sleep: async (ms) => void waits.push(ms) });
      expect((await client.searchOpen(' Dimsum Run QC')).length).toBe(3);
      expect(waits).toHaveLength(3);
      expect(waits.every((ms) => ms >= 2000 && ms <= 3000)).toBe(true);
    });

    test('gives up after the retry budget with a typed rate-limited failure', async () => {
      const sb = await start();
      sb.world.faults.add({ system: 'jira', path: '/rest/api', status: 429, retryAfterSeconds: 1 });
      const failure = await failureOf(sb.client({ retry: { maxRetries: 2 } }).getIssue('GLT-101'));
      expect(failure).toMatchObject({ kind: 'rate-limited', system: 'Jira', status: 429, retryAfterMs: 1000 });
    });

    test('other errors surface at once, typed', async () => {
      const sb = await start();
      const attempts: number[] = [];
      const client = sb.client({ onRetry: (n) => void attempts.push(n.attempt) });
      expect(await failureOf(client.getIssue('GLT-999'))).toMatchObject({
        kind: 'http',
        status: 404,
        detail: 'Issue Does Not Exist',
      });
      expect(await failureOf(sb.client({ token: 'sandbox-pat-nobody' }).myself())).toMatchObject({
        kind: 'unauthorized',
        status: 401,
      });
      sb.world.faults.add({ system: 'jira', path: '/rest/api', status: 500, times: 1 });
      expect(await failureOf(client.myself())).toMatchObject({ kind: 'server', status: 500 });
      expect(attempts).toEqual([]);
    });
  });
}

describe('flavour differences', () => {
  test('Cloud answers 410 Gone on the old search, which is why the Cloud flavour uses /search/jql', async () => {
    const sb = await sandbox({ flavour: 'cloud' });
    const authorization = `Basic ${Buffer.from('qc.bot@lab.example:sandbox-pat-qc-bot').toString('base64')}`;
    const old = new JiraHttp({ baseUrl: sb.base, authorization }).send('/rest/api/2/search', {
      query: { jql: 'project = GLT' },
    });
    expect(await failureOf(old)).toMatchObject({ kind: 'http', status: 410, system: 'Jira' });
    expect((await sb.client().searchOpen(' Dimsum Run QC')).length).toBe(3);
  });

  test('Cloud 429s without Retry-After back off exponentially, with jitter', async () => {
    const sb = await sandbox({ flavour: 'cloud' });
    sb.world.faults.add({ system: 'jira', path: '/rest/api/3/myself', status: 429, times: 3 });
    const waits: number[] = [];
    await sb.client({ sleep: async (ms) => void waits.push(ms), retry: { baseDelayMs: 1000 } }).myself();
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1000);
    expect(waits[1]).toBeGreaterThanOrEqual(1000);
    expect(waits[2]).toBeGreaterThanOrEqual(2000);
    expect(waits[2]).toBeLessThanOrEqual(4000);
  });

  test('a 503 is retried too; other 5xx are not', async () => {
    const sb = await sandbox();
    sb.world.faults.add({ system: 'jira', path: '/rest/api/2/myself', status: 503, times: 1 });
    expect((await sb.client().myself()).id).toBe('qc.bot');
  });

  test('Data Center sends the PAT as Bearer and Cloud sends email:token as Basic, only to the Jira origin', async () => {
    const sb = await sandbox();
    const seen: { url: string; authorization: string | null; credentials: RequestCredentials | undefined }[] = [];
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => {
      seen.push({
        url: input,
        authorization: new Headers(init.headers).get('Authorization'),
        credentials: init.credentials,
      });
      return realFetch(input, init);
    });
    await sb.client().myself();
    const cloud = await sandbox({ flavour: 'cloud' });
    await cloud.client().myself();
    expect(seen.map((s) => [new URL(s.url).origin, s.authorization, s.credentials])).toEqual([
      [sb.base, 'Bearer sandbox-pat-qc-bot', 'omit'],
      [cloud.base, `Basic ${Buffer.from('qc.bot@lab.example:sandbox-pat-qc-bot').toString('base64')}`, 'omit'],
    ]);
    const http = new JiraHttp({ baseUrl: sb.base, authorization: 'Bearer x' });
    expect(() => http.url('@evil.example/rest/api/2/myself')).toThrow(/refused to send the Jira token/);
  });

  test('a transition that under-reports its screen gets the resolution once Jira asks for it (B3)', async () => {
    const sb = await sandbox();
    const bare = { transitions: [{ id: '2', name: 'Close Issue', to: { name: 'Closed' } }] };
    sb.world.faults.add({
      system: 'jira',
      path: '/rest/api/2/issue/GLT-101/transitions',
      method: 'GET',
      status: 200,
      body: JSON.stringify(bare),
      times: 1,
    });
    await sb.client().transition('GLT-101', 'Close Issue', { resolution: 'Done' });
    expect(sb.jira.getIssue('GLT-101')?.resolution).toBe('Done');
  });
});

describe('backoff', () => {
  const limited = (retryAfterMs?: number): Failure => ({
    kind: 'rate-limited',
    system: 'Jira',
    url: 'x',
    status: 429,
    retryAfterMs,
  });
  const rows: [string, Failure, number, number, number | undefined][] = [
    ['Retry-After is a minimum (no jitter)', limited(3000), 0, 0, 3000],
    ['Retry-After plus the most jitter', limited(3000), 0, 1, 3800],
    ['no Retry-After: half the base at least', limited(), 0, 0, 500],
    ['no Retry-After: doubling', limited(), 3, 1, 8000],
    ['no Retry-After: the fifth retry', limited(), 5, 1, 32_000],
    ['out of retries', limited(1000), 6, 0.5, undefined],
    ['a wait longer than the longest: give up now', limited(120_000), 0, 0, undefined],
  ];
  test.each(rows)('%s', (_name, failure, attempt, random, delay) => {
    expect(retryDelay(failure, attempt, DEFAULT_RETRY, () => random)).toBe(delay);
  });

  test('the doubling stops at the longest wait', () => {
    expect(retryDelay(limited(), 9, { ...DEFAULT_RETRY, maxRetries: 20 }, () => 1)).toBe(60_000);
  });
});

describe('ADF for Cloud comments', () => {
  test('the ticket text survives the round trip, code at the end included', () => {
    const doc = wikiToAdf(TICKET_TEXT);
    expect(doc.content.map((block) => (block as { type: string }).type)).toEqual([
      'paragraph',
      'paragraph',
      'bulletList',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
    expect(adfToWiki(doc)).toBe(TICKET_TEXT);
    expect(JSON.stringify(doc)).toContain(`"href":"https://miso.lab.org/run/alias/${RUN0}"`);
  });
});
