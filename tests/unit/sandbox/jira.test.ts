// @vitest-environment node
import { Window } from 'happy-dom';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CaseDataInput, SampleInput } from '../../../lib/cardea/schema';
import {
  JiraComment,
  JiraCommentPage,
  JiraCreated,
  JiraErrorBody,
  JiraIssue,
  JiraMyselfCloud,
  JiraMyselfDataCenter,
  JiraProject,
  JiraSearchJql,
  JiraSearchJqlIds,
  JiraSearchV2,
  JiraServerInfo,
  JiraTransitions,
} from '../../../lib/jira/schema';
import { createJiraApp } from '../../../sandbox/jira/app';
import { CLOUD_SCRIPT } from '../../../sandbox/jira/cloud-page';
import { seededRunTickets } from '../../../sandbox/jira/seed';
import { JiraState, type JiraIssueRecord, type JiraOptions } from '../../../sandbox/jira/state';
import { serveSystem } from '../../../sandbox/server';
import { World } from '../../../sandbox/world';

const RUN0 = '230101_M00001_0001_000000000-AAAAA';
const RUN1 = '230102_M00001_0002_000000000-BBBBB';
const RUN2 = '230103_M00001_0003_000000000-CCCCC';
const RUN3 = '230104_M00001_0004_000000000-DDDDD';
const DIMSUM_QUERY = (run: string) =>
  `project = GLT AND labels = dimsum-notification AND summary ~ "${run} Dimsum Run QC"`;
const OPEN_QUERY =
  'project = GLT AND labels = dimsum-notification AND summary ~ " Dimsum Run QC" AND resolution = Unresolved';

function caseData(): CaseDataInput {
  const run = (id: number, name: string, qcDate: string | null, dataReviewDate: string | null) => ({
    id,
    name,
    qcDate,
    dataReviewDate,
  });
  const [r0, r1, r2, r3] = [
    run(1, RUN0, null, null),
    run(2, RUN1, '2023-01-03', '2023-01-03'),
    run(3, RUN2, '2023-01-04', '2023-01-05'),
    run(4, RUN3, null, null),
  ];
  const lib = (
    id: string,
    name: string,
    r: SampleInput['run'],
    lane: string,
    extra: Partial<SampleInput> = {},
  ): SampleInput => ({
    id,
    name,
    run: r,
    sequencingLane: lane,
    project: 'PROJ',
    ...extra,
  });
  return {
    assaysById: {},
    timestamp: '2026-01-10T12:00:00Z',
    cases: [
      {
        id: 'R1_PROJ_0001_Ly_R',
        donor: { id: 'SAM1', name: 'PROJ_0001' },
        requisition: { id: 1, name: 'REQ-1' },
        tests: [
          {
            name: 'Normal WG',
            libraryQualifications: [
              lib('L1', 'LIB_A', r0, '1', { qcDate: '2023-01-02' }),
              lib('L2', 'LIB_B', r0, '1'),
              lib('L3', 'LIB_C', r0, '2', {
                metrics: [{ name: 'Mean Insert Size', thresholdType: 'GE', metricLevel: 'SAMPLE', qcPassed: null }],
              }),
              lib('L4', 'LIB_D', r1, '1', { qcDate: '2023-01-03', dataReviewDate: '2023-01-03' }),
              lib('L5', 'LIB_E', r2, '1', { qcDate: '2023-01-04', dataReviewDate: '2023-01-05' }),
              lib('L6', 'LIB_F', r3, '3', { qcDate: '2023-01-06' }),
            ],
          },
        ],
      },
    ],
  };
}

/** Exactly what Dimsum would have written for RUN0 (docs/notifications-and-tickets.md#ticket-text). */
const RUN0_DESCRIPTION = [
  'Run is pending QC.',
  '1 libraries are pending QC:\n\n* LIB_B (L1)',
  '1 libraries are pending data review:\n\n* LIB_A (L1)',
  '1 other libraries are still pending analysis.',
  `[See metrics in Dimsum|https://dimsum.example.org/runs/${RUN0}]\n\nTo permanently close this issue without completing, set resolution to "Won't Do."`,
  'Internal use: <R1A1Q1D1>',
].join('\n\n');

const dom = new Window();
const parseHtml = (text: string) => new dom.DOMParser().parseFromString(text, 'text/html');
afterAll(() => dom.happyDOM.close());

interface Started {
  world: World;
  jira: JiraState;
  base: string;
}
const closers: (() => Promise<void>)[] = [];

async function start(options: Partial<JiraOptions> = {}): Promise<Started> {
  const world = new World(caseData(), { etlDelayMs: 5 });
  const jira = new JiraState(world, options);
  const { url: base, close } = await serveSystem('jira', world, createJiraApp(world, jira));
  closers.push(close);
  jira.setBaseUrl(base);
  return { world, jira, base };
}

let sb: Started;
beforeEach(async () => {
  sb = await start();
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const BOT = { Authorization: 'Bearer sandbox-pat-qc-bot' };
const TESS = { Authorization: 'Bearer sandbox-pat-tess' };
const basic = (user: string, secret: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`,
});

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  base?: string;
}

async function call(path: string, { method = 'GET', headers = BOT, body, base = sb.base }: Call = {}) {
  const init: RequestInit = { method, headers: { ...headers }, redirect: 'manual' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const response = await fetch(base + path, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const search = (jql: string, extra = '') => call(`/rest/api/2/search?jql=${encodeURIComponent(jql)}${extra}`);
const keysOf = (json: unknown) => JiraSearchV2.parse(json).issues.map((i) => i.key);
/** The field names as sent (the schemas fill some in). */
const rawFieldNames = (json: unknown) =>
  z
    .object({ issues: z.array(z.object({ fields: z.record(z.string(), z.unknown()) })) })
    .parse(json)
    .issues.map((i) => Object.keys(i.fields).sort());
const NOT_AUTHENTICATED = {
  errorMessages: ['You are not authenticated. Authentication required to perform this operation.'],
  errors: {},
};

async function login(user: string, password: string, destination?: string, base = sb.base) {
  const form = new URLSearchParams({
    os_username: user,
    os_password: password,
    ...(destination ? { os_destination: destination } : {}),
  });
  const response = await fetch(`${base}/login.jsp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]);
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookie: cookies.join('; '),
    text: await response.text(),
  };
}

describe('authentication (B4)', () => {
  it('accepts a personal access token as Bearer and says who it is, in the Data Center shape', async () => {
    const res = await call('/rest/api/2/myself');
    expect(res.status).toBe(200);
    expect(JiraMyselfDataCenter.parse(res.json)).toMatchObject({ name: 'qc.bot', displayName: 'QC Bot', active: true });
    const tess = JiraMyselfDataCenter.parse((await call('/rest/api/latest/myself', { headers: TESS })).json);
    expect(tess).toMatchObject({ name: 'tess', displayName: 'Tess Ter' });
    expect(tess.key).not.toBe(tess.name);
  });

  const refused: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['an unknown token', { Authorization: 'Bearer sandbox-pat-nobody' }],
    ['a PAT used as a Basic password', basic('tess', 'sandbox-pat-tess')],
    ['a wrong password', basic('tess', 'nope')],
    ['an unknown session cookie', { Cookie: 'JSESSIONID=0123456789ABCDEF' }],
  ];
  for (const [label, headers] of refused) {
    it(`answers 401 to ${label}`, async () => {
      const res = await call('/rest/api/2/issue/GLT-101', { headers });
      expect(res.status).toBe(401);
      expect(JiraErrorBody.parse(res.json)).toEqual(NOT_AUTHENTICATED);
    });
  }

  it('accepts Basic name:password on Data Center', async () => {
    expect((await call('/rest/api/2/myself', { headers: basic('tess', 'tess') })).status).toBe(200);
  });

  it('serves serverInfo without credentials', async () => {
    const res = await call('/rest/api/2/serverInfo', { headers: {} });
    expect(JiraServerInfo.parse(res.json)).toMatchObject({
      version: '9.12.5',
      baseUrl: sb.base,
      deploymentType: 'Server',
    });
  });

  it('logs in through /login.jsp with a session cookie and goes back to the destination', async () => {
    const form = parseHtml((await call('/login.jsp?os_destination=%2Fbrowse%2FGLT-101', { headers: {} })).text);
    expect(form.querySelector('form#login-form input[name="os_username"]')).not.toBeNull();
    expect(form.querySelector('input[name="os_destination"]')?.getAttribute('value')).toBe('/browse/GLT-101');

    const wrong = await login('tess', 'wrong', '/browse/GLT-101');
    expect(wrong.status).toBe(200);
    expect(wrong.cookie).not.toContain('JSESSIONID');
    expect(wrong.text).toContain('Sorry, your username and password are incorrect');

    const ok = await login('tess', 'tess', '/browse/GLT-101');
    expect(ok.status).toBe(302);
    expect(ok.location).toBe('/browse/GLT-101');
    expect(ok.cookie).toMatch(/JSESSIONID=\w+/);
    const me = await call('/rest/api/2/myself', { headers: { Cookie: ok.cookie } });
    expect(JiraMyselfDataCenter.parse(me.json).name).toBe('tess');
    expect((await call('/browse/GLT-101', { headers: { Cookie: ok.cookie } })).status).toBe(200);
  });

  it('never redirects off the site after login', async () => {
    expect((await login('tess', 'tess', '//evil.example/x')).location).toBe('/');
  });

  it('sends a browser without a session from /browse/KEY to the login page', async () => {
    const res = await call('/browse/GLT-101', { headers: {} });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login.jsp?os_destination=%2Fbrowse%2FGLT-101');
  });

  it('answers 401 (REST) and the login redirect (pages) once sessions expire', async () => {
    const { cookie } = await login('tess', 'tess');
    expect((await call('/__sandbox/jira/sessions', { method: 'DELETE', headers: {} })).status).toBe(204);
    expect((await call('/rest/api/2/myself', { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await call('/browse/GLT-101', { headers: { Cookie: cookie } })).status).toBe(302);
  });
});

describe('XSRF protection (B4)', () => {
  const postComment = (headers: Record<string, string>, body: string) =>
    fetch(`${sb.base}/rest/api/2/issue/GLT-101/comment`, { method: 'POST', headers, body });

  for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
    it(`refuses a cookie-authenticated ${type.split(';')[0]} write`, async () => {
      const { cookie } = await login('tess', 'tess');
      const res = await postComment({ Cookie: cookie, 'Content-Type': type }, 'body=hello');
      expect(res.status).toBe(403);
      expect(await res.text()).toBe('XSRF check failed');
      expect(sb.jira.getIssue('GLT-101')?.comments).toHaveLength(0);
    });
  }

  it('lets a cookie-authenticated JSON write through', async () => {
    const { cookie } = await login('tess', 'tess');
    const res = await postComment(
      { Cookie: cookie, 'Content-Type': 'application/json' },
      JSON.stringify({ body: 'hello' }),
    );
    expect(res.status).toBe(201);
    expect(JiraComment.parse(await res.json()).author?.name).toBe('tess');
  });

  it('honours X-Atlassian-Token: no-check, except for a browser on a foreign origin', async () => {
    const { cookie } = await login('tess', 'tess');
    const form = { Cookie: cookie, 'Content-Type': 'text/plain', 'X-Atlassian-Token': 'no-check' };
    expect((await postComment(form, 'x')).status).toBe(415); // past the XSRF check; the endpoint wants JSON
    const foreign = { ...form, Origin: 'chrome-extension://abcdef', 'User-Agent': 'Mozilla/5.0 Chrome/140' };
    expect((await postComment(foreign, 'x')).status).toBe(403);
  });

  it('does not apply the XSRF check to token authentication', async () => {
    expect((await postComment({ ...BOT, 'Content-Type': 'text/plain' }, 'x')).status).toBe(415);
  });
});

describe('search on Data Center (B1, B2)', () => {
  it("finds more than the exact ticket for Dimsum's summary query, so callers must post-filter", async () => {
    const res = await search(DIMSUM_QUERY(RUN0));
    const found = JiraSearchV2.parse(res.json);
    expect(found.total).toBeGreaterThan(1);
    expect(found.issues.filter((i) => i.fields.summary === `${RUN0} Dimsum Run QC`).map((i) => i.key)).toEqual([
      'GLT-101',
    ]);
    expect(found.issues.map((i) => i.fields.summary)).toContain(`Question about ${RUN0} Dimsum Run QC`);
  });

  it('leaves comments out of search results unless asked', async () => {
    const [issue] = JiraSearchV2.parse((await search('key = GLT-104')).json).issues;
    expect(issue.fields.comment).toBeUndefined();
    const res = await search('key = GLT-104', '&fields=summary,comment');
    expect(rawFieldNames(res.json)).toEqual([['comment', 'summary']]);
    expect(JiraSearchV2.parse(res.json).issues[0].fields.comment?.total).toBe(1);
  });

  const queries: [string, string[]][] = [
    [OPEN_QUERY, ['GLT-101', 'GLT-104', 'GLT-105']],
    ['project = GLT AND resolution = "Won\'t Do"', ['GLT-102']],
    ['resolution = Done', ['GLT-103']],
    ['status = Closed ORDER BY created ASC', ['GLT-102', 'GLT-103']],
    ['status = Closed ORDER BY created DESC', ['GLT-103', 'GLT-102']],
    ['key = glt-104', ['GLT-104']],
    ['reporter = tess', ['GLT-105']],
    [`summary ~ "${RUN1} Dimsum Run QC" OR summary ~ "${RUN2}" ORDER BY key`, ['GLT-102', 'GLT-103']],
    ['project = GLT AND NOT (status = Open) ORDER BY key ASC', ['GLT-102', 'GLT-103']],
    ['labels IN (other, dimsum-notification) AND status != Open', ['GLT-103', 'GLT-102']],
  ];
  for (const [jql, keys] of queries) {
    it(`runs ${jql}`, async () => {
      const res = await search(jql);
      expect(res.status).toBe(200);
      const found = keysOf(res.json);
      expect(jql.includes('ORDER BY') ? found : [...found].sort()).toEqual(
        jql.includes('ORDER BY') ? keys : [...keys].sort(),
      );
    });
  }

  it('pages with startAt and maxResults, and reports the total', async () => {
    for (let i = 0; i < 7; i += 1) sb.jira.createIssue({ summary: `Extra ${i}`, labels: ['extra'] });
    const jql = 'project = GLT ORDER BY created ASC';
    const pages = [];
    for (const startAt of [0, 5, 10])
      pages.push(JiraSearchV2.parse((await search(jql, `&startAt=${startAt}&maxResults=5`)).json));
    expect(pages.map((p) => [p.startAt, p.maxResults, p.total, p.issues.length])).toEqual([
      [0, 5, 12, 5],
      [5, 5, 12, 5],
      [10, 5, 12, 2],
    ]);
    expect(pages.flatMap((p) => p.issues.map((i) => i.key))).toEqual(
      Array.from({ length: 12 }, (_, i) => `GLT-${101 + i}`),
    );
  });

  it("describes the fields once at the top when asked for JRJC's expand=schema,names", async () => {
    const res = await search('key = GLT-101', '&fields=summary,status&expand=schema,names');
    expect(res.json).toMatchObject({ names: { summary: 'Summary', status: 'Status' } });
    const raw = z.object({ issues: z.array(z.looseObject({})) }).parse(res.json);
    expect(raw.issues[0]).not.toHaveProperty('names');
    expect(JiraSearchV2.parse(res.json).issues).toHaveLength(1);
  });

  it('takes the same query as a JSON POST, under /latest too', async () => {
    const res = await call('/rest/api/latest/search', {
      method: 'POST',
      body: { jql: OPEN_QUERY, startAt: 1, maxResults: 1, fields: ['summary'] },
    });
    const found = JiraSearchV2.parse(res.json);
    expect([found.total, found.issues.length, found.startAt]).toEqual([3, 1, 1]);
  });

  const bad: [string, string | RegExp][] = [
    [
      'project = ',
      /^Error in the JQL Query: Expecting either a value, list or function before the end of the query\.$/,
    ],
    ['summary ~ "unfinished', /^Error in the JQL Query: The quoted string 'unfinished' has not been completed\./],
    ['project = GLT AND', /^Error in the JQL Query: Expecting a field name before the end of the query\.$/],
    ['project GLT', /^Error in the JQL Query: Expecting operator but got 'GLT'\./],
    ['colour = red', "Field 'colour' does not exist or you do not have permission to view it."],
    ['project = NOPE', "The value 'NOPE' does not exist for the field 'project'."],
    ['summary = x', "The operator '=' is not supported by the 'summary' field."],
    ['resolution = Fixed', "The value 'Fixed' does not exist for the field 'resolution'."],
  ];
  for (const [jql, message] of bad) {
    it(`rejects ${jql} with 400`, async () => {
      const res = await search(jql);
      expect(res.status).toBe(400);
      const body = JiraErrorBody.parse(res.json);
      expect(body.errors).toEqual({});
      expect(body.errorMessages[0]).toMatch(message);
    });
  }

  it('passes a 429 with Retry-After from a fault rule, then recovers', async () => {
    sb.world.faults.add({ system: 'jira', path: '/rest/api/2/search', status: 429, retryAfterSeconds: 7, times: 1 });
    const limited = await search(OPEN_QUERY);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await search(OPEN_QUERY)).status).toBe(200);
  });
});

describe('search on Cloud (B2)', () => {
  const jqlSearch = (params: string, base = sb.base) => call(`/rest/api/3/search/jql?${params}`, { base });

  it('pages with nextPageToken until it is null, with no total', async () => {
    const jql = encodeURIComponent('project = GLT ORDER BY created ASC');
    const keys: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const res = await jqlSearch(
        `jql=${jql}&maxResults=2&fields=summary,status${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`,
      );
      expect(res.json).not.toHaveProperty('total');
      const page = JiraSearchJql.parse(res.json);
      keys.push(...page.issues.map((i) => i.key));
      token = page.nextPageToken;
      pages += 1;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(keys).toEqual(['GLT-101', 'GLT-102', 'GLT-103', 'GLT-104', 'GLT-105']);
  });

  it('returns only ids without fields, and refuses a forged token or an unbounded query', async () => {
    const ids = JiraSearchJqlIds.parse((await jqlSearch(`jql=${encodeURIComponent('resolution = Done')}`)).json);
    expect(ids.issues).toEqual([{ id: sb.jira.getIssue('GLT-103')?.id }]);
    const forged = await jqlSearch(`jql=${encodeURIComponent('project = GLT')}&nextPageToken=abc`);
    expect(forged.status).toBe(400);
    expect(JiraErrorBody.parse(forged.json).errorMessages[0]).toContain('next page token');
    expect((await call('/rest/api/3/search/jql', { method: 'POST', body: { jql: '' } })).status).toBe(400);
  });

  it('answers 410 Gone on the old search endpoints of the Cloud flavour, and Cloud-shaped users', async () => {
    const cloud = await start({ flavour: 'cloud' });
    for (const path of ['/rest/api/2/search?jql=project%20%3D%20GLT', '/rest/api/3/search?jql=project%20%3D%20GLT']) {
      const res = await call(path, { base: cloud.base });
      expect(res.status).toBe(410);
      expect(JiraErrorBody.parse(res.json).errorMessages[0]).toContain('/rest/api/3/search/jql');
    }
    const me = await call('/rest/api/2/myself', {
      base: cloud.base,
      headers: basic('tess@lab.example', 'sandbox-pat-tess'),
    });
    expect(me.json).not.toHaveProperty('name');
    expect(JiraMyselfCloud.parse(me.json).displayName).toBe('Tess Ter');
    expect((await call('/rest/api/2/myself', { base: cloud.base, headers: basic('tess', 'tess') })).status).toBe(401);
    const page = await call(`/rest/api/3/search/jql?jql=${encodeURIComponent(OPEN_QUERY)}&fields=summary`, {
      base: cloud.base,
    });
    expect(JiraSearchJql.parse(page.json).issues).toHaveLength(3);
  });
});

describe('issues, comments and transitions (B1–B3)', () => {
  it('reads an issue with its description, status, resolution, labels and comments', async () => {
    const res = await call('/rest/api/2/issue/GLT-101?expand=names,schema,transitions');
    expect(res.status).toBe(200);
    const issue = JiraIssue.parse(res.json);
    expect(issue.self).toBe(`${sb.base}/rest/api/2/issue/${issue.id}`);
    expect(issue.fields).toMatchObject({
      summary: `${RUN0} Dimsum Run QC`,
      description: RUN0_DESCRIPTION,
      labels: ['dimsum-notification'],
      status: { name: 'Open', statusCategory: { key: 'new' } },
      resolution: null,
      project: { key: 'GLT' },
      issuetype: { name: 'Task' },
      comment: { comments: [], total: 0 },
    });
    expect((res.json as { transitions: { name: string }[] }).transitions.map((t) => t.name)).toContain('Close Issue');
  });

  it('answers 404 for an unknown issue, and returns only the fields asked for', async () => {
    const missing = await call('/rest/api/2/issue/GLT-999');
    expect(missing.status).toBe(404);
    expect(JiraErrorBody.parse(missing.json)).toEqual({ errorMessages: ['Issue Does Not Exist'], errors: {} });
    const some = await call('/rest/api/2/issue/GLT-102?fields=summary,resolution');
    expect(rawFieldNames({ issues: [some.json] })).toEqual([['resolution', 'summary']]);
    expect(JiraIssue.parse(some.json).fields.resolution?.name).toBe("Won't Do");
  });

  it('creates an issue the way Dimsum does: project lookup, then POST issue', async () => {
    const project = JiraProject.parse((await call('/rest/api/2/project/GLT')).json);
    expect(project.issueTypes.map((t) => t.name)).toContain('Task');
    const res = await call('/rest/api/2/issue', {
      method: 'POST',
      body: {
        fields: {
          project: { key: 'GLT' },
          issuetype: { name: 'Task' },
          summary: 'NEW_RUN Dimsum Run QC',
          description: 'Run is pending QC.',
          labels: ['dimsum-notification'],
        },
      },
    });
    expect(res.status).toBe(201);
    const created = JiraCreated.parse(res.json);
    expect(created.key).toBe('GLT-106');
    const issue = JiraIssue.parse((await call(`/rest/api/2/issue/${created.key}`)).json);
    expect(issue.fields).toMatchObject({
      summary: 'NEW_RUN Dimsum Run QC',
      description: 'Run is pending QC.',
      labels: ['dimsum-notification'],
    });
    expect(sb.jira.getIssue(created.key)?.reporter).toBe('qc.bot');
  });

  const createErrors: [string, Record<string, unknown>, Record<string, string>][] = [
    [
      'no summary',
      { project: { key: 'GLT' }, issuetype: { name: 'Task' } },
      { summary: 'You must specify a summary of the issue.' },
    ],
    [
      'an unknown issue type',
      { project: { key: 'GLT' }, issuetype: { name: 'Epic' }, summary: 'x' },
      { issuetype: 'valid issue type is required' },
    ],
    ['no project', { issuetype: { name: 'Task' }, summary: 'x' }, { project: 'project is required' }],
    [
      'a label with a space',
      { project: { key: 'GLT' }, issuetype: { name: 'Task' }, summary: 'x', labels: ['a b'] },
      { labels: "The label 'a b' contains spaces which is invalid." },
    ],
  ];
  for (const [label, fields, errors] of createErrors) {
    it(`refuses to create an issue with ${label}`, async () => {
      const res = await call('/rest/api/2/issue', { method: 'POST', body: { fields } });
      expect(res.status).toBe(400);
      expect(JiraErrorBody.parse(res.json)).toEqual({ errorMessages: [], errors });
    });
  }

  it('adds comments with strictly increasing creation times', async () => {
    const first = JiraComment.parse(
      (await call('/rest/api/2/issue/GLT-101/comment', { method: 'POST', body: { body: 'one' } })).json,
    );
    const second = JiraComment.parse(
      (await call('/rest/api/2/issue/GLT-101/comment', { method: 'POST', body: { body: 'two' } })).json,
    );
    expect(first.author?.name).toBe('qc.bot');
    expect(Date.parse(second.created)).toBeGreaterThan(Date.parse(first.created));
    const page = JiraCommentPage.parse((await call('/rest/api/2/issue/GLT-101/comment')).json);
    expect(page.comments.map((c) => c.body)).toEqual(['one', 'two']);
    expect(page.total).toBe(2);
    const empty = await call('/rest/api/2/issue/GLT-101/comment', { method: 'POST', body: { body: '  ' } });
    expect(empty.status).toBe(400);
  });

  it('lists transitions by name, with the resolution field only on Close Issue', async () => {
    const res = await call('/rest/api/2/issue/GLT-101/transitions?expand=transitions.fields');
    const { transitions } = JiraTransitions.parse(res.json);
    const close = transitions.find((t) => t.name === 'Close Issue');
    expect(close?.id).toBe('2');
    expect(close?.fields?.resolution?.required).toBe(true);
    expect(close?.fields?.resolution?.allowedValues?.map((v) => v.name)).toEqual([
      'Done',
      "Won't Do",
      'Incomplete',
      'Duplicate',
    ]);
    expect(transitions.find((t) => t.name === 'Start Progress')?.fields).toEqual({});
    const closed = JiraTransitions.parse((await call('/rest/api/2/issue/GLT-103/transitions')).json);
    expect(closed.transitions.map((t) => [t.id, t.name])).toEqual([['3', 'Reopen Issue']]);
  });

  it('closes with a resolution and a comment, and reopens clearing the resolution', async () => {
    const transition = (key: string, body: unknown) =>
      call(`/rest/api/2/issue/${key}/transitions`, { method: 'POST', body });

    const noResolution = await transition('GLT-101', { transition: { id: '2' } });
    expect(noResolution.status).toBe(400);
    expect(noResolution.json).toEqual({ errorMessages: [], errors: { resolution: 'Resolution is required.' } });

    const close = await transition('GLT-101', {
      transition: { id: '2' },
      fields: { resolution: { name: 'Incomplete' } },
      update: { comment: [{ add: { body: 'Only analysis is outstanding.' } }] },
    });
    expect(close.status).toBe(204);
    expect(close.text).toBe('');
    let issue = JiraIssue.parse((await call('/rest/api/2/issue/GLT-101')).json);
    expect([issue.fields.status?.name, issue.fields.resolution?.name]).toEqual(['Closed', 'Incomplete']);
    expect(issue.fields.comment?.comments.at(-1)?.body).toBe('Only analysis is outstanding.');

    const reopenWithResolution = await transition('GLT-101', {
      transition: { id: '3' },
      fields: { resolution: { name: 'Done' } },
    });
    expect(reopenWithResolution.status).toBe(400);
    expect(reopenWithResolution.json).toEqual({
      errorMessages: [],
      errors: { resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." },
    });

    expect((await transition('GLT-101', { transition: { id: '3' } })).status).toBe(204);
    issue = JiraIssue.parse((await call('/rest/api/2/issue/GLT-101')).json);
    expect([issue.fields.status?.name, issue.fields.resolution]).toEqual(['Reopened', null]);

    const wrongState = await transition('GLT-101', { transition: { id: '3' } });
    expect(wrongState.status).toBe(400);
    expect(JiraErrorBody.parse(wrongState.json).errorMessages[0]).toContain(
      'not valid for the current state of this issue (GLT-101)',
    );
  });

  it('takes ADF bodies on v3 and stores their text', async () => {
    const adf = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'From Cloud' }] }],
    };
    const res = await call('/rest/api/3/issue/GLT-105/comment', { method: 'POST', body: { body: adf } });
    expect(res.status).toBe(201);
    expect(JiraComment.parse(res.json).body).toEqual(adf);
    expect(sb.jira.getIssue('GLT-105')?.comments.at(-1)?.body).toBe('From Cloud');
    expect((await call('/rest/api/3/issue/GLT-105/comment', { method: 'POST', body: { body: 'plain' } })).status).toBe(
      400,
    );
    const v3 = JiraIssue.parse((await call('/rest/api/3/issue/GLT-105')).json);
    expect(v3.fields.description).toMatchObject({ type: 'doc' });
  });

  it('closes an issue by hand through the control endpoint', async () => {
    const res = await call('/__sandbox/jira/issues/GLT-101/resolve', {
      method: 'POST',
      headers: {},
      body: { resolution: 'Done' },
    });
    expect(res.status).toBe(200);
    const issue = JiraIssue.parse((await call('/rest/api/2/issue/GLT-101')).json);
    expect([issue.fields.status?.name, issue.fields.resolution?.name]).toEqual(['Closed', 'Done']);
  });
});

describe('deleting issues and comments (keeper convergence)', () => {
  const remove = (path: string, headers = BOT, base = sb.base) => call(path, { method: 'DELETE', headers, base });

  it('deletes an issue with 204, after which it is gone from reads and searches', async () => {
    const created = sb.jira.createIssue({ summary: `${RUN3} Dimsum Run QC`, labels: ['dimsum-notification'] });
    const res = await remove(`/rest/api/2/issue/${created.key}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await call(`/rest/api/2/issue/${created.key}`)).status).toBe(404);
    expect(keysOf((await search(DIMSUM_QUERY(RUN3))).json)).toEqual(['GLT-104']);
    expect((await remove(`/rest/api/2/issue/${created.key}`)).status).toBe(404);
  });

  it('refuses to delete an issue without the Delete Issues permission', async () => {
    const locked = await start({ deleteIssues: false });
    const res = await remove('/rest/api/2/issue/GLT-101', BOT, locked.base);
    expect(res.status).toBe(403);
    expect(JiraErrorBody.parse(res.json).errorMessages[0]).toContain('permission to delete issues');
    expect(locked.jira.getIssue('GLT-101')).toBeDefined();
  });

  it('lets the author delete their own comment, on v2 and v3, and no one else', async () => {
    const post = (version: 2 | 3, body: unknown) =>
      call(`/rest/api/${version}/issue/GLT-101/comment`, { method: 'POST', body: { body } }).then((r) =>
        JiraComment.parse(r.json),
      );
    const mine = await post(2, 'from the bot');
    const adf = await post(3, {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'v3' }] }],
    });
    const theirs = JiraComment.parse(
      (await call('/rest/api/2/issue/GLT-101/comment', { method: 'POST', headers: TESS, body: { body: 'Tess' } })).json,
    );

    expect((await remove(`/rest/api/2/issue/GLT-101/comment/${theirs.id}`)).status).toBe(403);
    expect((await remove(`/rest/api/2/issue/GLT-101/comment/${mine.id}`)).status).toBe(204);
    expect((await remove(`/rest/api/3/issue/GLT-101/comment/${adf.id}`)).status).toBe(204);
    const missing = await remove(`/rest/api/2/issue/GLT-101/comment/${mine.id}`);
    expect(missing.status).toBe(404);
    expect(JiraErrorBody.parse(missing.json).errorMessages[0]).toContain(mine.id);
    expect(sb.jira.getIssue('GLT-101')?.comments.map((c) => c.body)).toEqual(['Tess']);
  });

  it('closes an issue as "Duplicate", which the open-ticket search then leaves out', async () => {
    const created = sb.jira.createIssue({ summary: `${RUN3} Dimsum Run QC`, labels: ['dimsum-notification'] });
    const res = await call(`/rest/api/2/issue/${created.key}/transitions`, {
      method: 'POST',
      body: { transition: { id: '2' }, fields: { resolution: { name: 'Duplicate' } } },
    });
    expect(res.status).toBe(204);
    expect(sb.jira.getIssue(created.key)?.resolution).toBe('Duplicate');
    expect(keysOf((await search(OPEN_QUERY)).json)).not.toContain(created.key);
    expect(keysOf((await search(`${DIMSUM_QUERY(RUN3)} AND resolution != Duplicate`)).json)).toEqual(['GLT-104']);
  });
});

describe('seeded tickets (docs/notifications-and-tickets.md#ticket-text)', () => {
  it('seeds Dimsum tickets for the runs in the Cardea data', async () => {
    const res = await call('/__sandbox/jira/issues', { headers: {} });
    const issues = res.json as JiraIssueRecord[];
    expect(issues.map((i) => [i.key, i.summary, i.status, i.resolution, i.reporter])).toEqual([
      ['GLT-101', `${RUN0} Dimsum Run QC`, 'Open', null, 'dimsum'],
      ['GLT-102', `${RUN1} Dimsum Run QC`, 'Closed', "Won't Do", 'dimsum'],
      ['GLT-103', `${RUN2} Dimsum Run QC`, 'Closed', 'Done', 'dimsum'],
      ['GLT-104', `${RUN3} Dimsum Run QC`, 'Open', null, 'dimsum'],
      ['GLT-105', `Question about ${RUN0} Dimsum Run QC`, 'Open', null, 'tess'],
    ]);
    expect(issues.every((i) => i.labels.includes('dimsum-notification'))).toBe(true);
    expect(issues[0].description).toBe(RUN0_DESCRIPTION);
    const code = /<R(\d)A(\d+)Q(\d+)D(\d+)>$/;
    expect(issues[3].description).toMatch(code);
    const latest = issues[3].comments.at(-1);
    expect(latest?.author).toBe('dimsum');
    expect(latest?.body.match(code)?.[0]).toBe('<R1A0Q0D1>');
    expect(issues[3].description?.match(code)?.[0]).toBe('<R1A0Q1D0>');
    expect(sb.jira.seeded).toEqual({
      open: { key: 'GLT-101', runName: RUN0 },
      overridden: { key: 'GLT-102', runName: RUN1 },
      closedByHand: { key: 'GLT-103', runName: RUN2 },
      commented: { key: 'GLT-104', runName: RUN3 },
      question: { key: 'GLT-105', runName: RUN0 },
    });
    expect(seededRunTickets(sb.jira.seeded).map((t) => t.key)).toEqual(['GLT-101', 'GLT-102', 'GLT-103', 'GLT-104']);
  });

  it('seeds nothing when asked not to', async () => {
    const bare = await start({ seedTickets: false });
    expect(bare.jira.issues()).toEqual([]);
    expect(bare.jira.seeded).toEqual({});
  });
});

describe('the Data Center issue page (B6)', () => {
  async function page(path: string, base = sb.base, site = base) {
    const { cookie } = await login('tess', 'tess', undefined, site);
    const res = await call(path, { headers: { Cookie: cookie }, base });
    return { ...res, doc: parseHtml(res.text), cookie };
  }
  const meta = (doc: ReturnType<typeof parseHtml>, name: string) =>
    doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content');

  it('has every hook an extension reads', async () => {
    const { status, doc, cookie } = await page('/browse/GLT-101');
    expect(status).toBe(200);
    const app = doc.querySelector('meta[name="application-name"]');
    expect([app?.getAttribute('content'), app?.getAttribute('data-version')]).toEqual(['JIRA', '9.12.5']);
    expect(meta(doc, 'ajs-base-url')).toBe(sb.base);
    expect(meta(doc, 'ajs-context-path')).toBe('');
    expect(meta(doc, 'ajs-version-number')).toBe('9.12.5');
    expect(meta(doc, 'ajs-build-number')).toMatch(/^\d+$/);
    expect(meta(doc, 'ajs-issue-key')).toBe('GLT-101');
    expect(meta(doc, 'ajs-remote-user')).toBe('tess');
    expect(`atlassian.xsrf.token=${meta(doc, 'atlassian-token')}`).toBe(
      cookie.split('; ').find((c) => c.startsWith('atlassian.xsrf.token=')),
    );
    expect(doc.body.id).toBe('jira');
    expect([...doc.body.classList]).toEqual(
      expect.arrayContaining(['aui-layout', 'aui-theme-default', 'page-type-navigator']),
    );
    const key = doc.querySelector('#page > #content div.issue-header-content a#key-val');
    expect([key?.getAttribute('data-issue-key'), key?.textContent]).toEqual(['GLT-101', 'GLT-101']);
    expect(doc.querySelector('div.issue-header-content h1#summary-val')?.textContent).toBe(`${RUN0} Dimsum Run QC`);
    const toolbar = doc.querySelector('.issue-header-content .command-bar .ops-menus .aui-toolbar2-inner');
    expect(toolbar?.textContent).toContain('Close Issue');
    expect(doc.querySelector('.issue-main-column #details-module #status-val')?.textContent?.trim()).toBe('Open');
    expect(doc.querySelector('#details-module #resolution-val')?.textContent).toBe('Unresolved');
    const labelsId = `#labels-${sb.jira.getIssue('GLT-101')?.id}-value`;
    expect(doc.querySelector(`#details-module ${labelsId}`)?.textContent).toBe('dimsum-notification');
    const description = doc.querySelector('.issue-main-column #descriptionmodule #description-val');
    expect([...(description?.querySelectorAll('ul li') ?? [])].map((li) => li.textContent)).toEqual([
      'LIB_B (L1)',
      'LIB_A (L1)',
    ]);
    const link = description?.querySelector('a');
    expect([link?.textContent, link?.getAttribute('href')]).toEqual([
      'See metrics in Dimsum',
      `https://dimsum.example.org/runs/${RUN0}`,
    ]);
    expect(description?.textContent).toContain('Internal use: <R1A1Q1D1>');
    expect(doc.querySelector('.issue-main-column #activitymodule')).not.toBeNull();
    expect(doc.querySelector('#viewissuesidebar #reporter-val')?.textContent).toBe('Dimsum');
  });

  it('shows the resolution and comments of a closed ticket', async () => {
    const { doc } = await page('/browse/GLT-102');
    expect(doc.querySelector('#resolution-val')?.textContent).toBe("Won't Do");
    expect(doc.querySelector('#activitymodule .activity-comment .action-body')?.textContent).toContain(
      'Flow cell was replaced',
    );
    expect(doc.querySelector('.aui-toolbar2-inner')?.textContent).toContain('Reopen Issue');
  });

  it('escapes whatever the issue says', async () => {
    const summary = '<img src=x onerror=alert(1)> & "quotes"';
    const created = sb.jira.createIssue({
      summary,
      description: '<b>bold</b> [click|javascript:alert(1)] [ok|https://a.example/?q=1&r=2]',
    });
    const { text, doc } = await page(`/browse/${created.key}`);
    expect(text).not.toContain('<img src=x');
    expect(text).not.toContain('<b>bold');
    expect(doc.querySelector('#summary-val')?.textContent).toBe(summary);
    expect(doc.querySelector('a[href^="javascript"]')).toBeNull();
    expect(doc.querySelector('#description-val a')?.getAttribute('href')).toBe('https://a.example/?q=1&r=2');
  });

  it('answers 404 with a Jira page for an unknown key', async () => {
    const { status, doc } = await page('/browse/GLT-999');
    expect(status).toBe(404);
    expect(doc.body.id).toBe('jira');
    expect(doc.querySelector('#key-val')).toBeNull();
  });

  it('adds the hostile stylesheet on ?hostile-css=1', async () => {
    expect((await page('/browse/GLT-101')).doc.querySelector('#sandbox-hostile-css')).toBeNull();
    const css = (await page('/browse/GLT-101?hostile-css=1')).doc.querySelector(
      'style#sandbox-hostile-css',
    )?.textContent;
    expect(css).toContain(
      '* { font: 30px serif !important; color: #f0f !important; background: #ff0 !important; box-sizing: content-box !important }',
    );
    expect(css).toContain('table, td, th { border: 6px dashed red !important }');
    expect(css).toContain('div { padding: 20px !important }');
  });

  it('holds the issue back for a script to render on ?late=1', async () => {
    const { doc } = await page('/browse/GLT-101?late=1');
    expect(doc.querySelector('#key-val')).toBeNull();
    const template = doc.querySelector('template#sandbox-late-issue');
    expect(template?.innerHTML).toContain('id="key-val"');
    expect(meta(doc, 'ajs-issue-key')).toBe('GLT-101');
  });

  it('lives under a context path when configured', async () => {
    const ctx = await start({ contextPath: '/jira' });
    const redirect = await call('/jira/browse/GLT-101', { headers: {}, base: ctx.base });
    expect(redirect.headers.get('location')).toBe('/jira/login.jsp?os_destination=%2Fbrowse%2FGLT-101');
    const { doc } = await page('/jira/browse/GLT-101', ctx.base, `${ctx.base}/jira`);
    expect(meta(doc, 'ajs-context-path')).toBe('/jira');
    expect(meta(doc, 'ajs-base-url')).toBe(`${ctx.base}/jira`);
    expect(doc.querySelector('#key-val')?.getAttribute('href')).toBe('/jira/browse/GLT-101');
    const issue = JiraIssue.parse((await call('/jira/rest/api/2/issue/GLT-101', { base: ctx.base })).json);
    expect(issue.self).toMatch(new RegExp(`^${ctx.base}/jira/rest/api/2/issue/`));
    expect((await call('/rest/api/2/issue/GLT-101', { base: ctx.base })).status).toBe(404);
  });
});

describe('the Cloud-like issue view (B6)', () => {
  it('serves the single-page shell behind the login, and its script', async () => {
    const redirect = await call('/jira/browse/GLT-101', { headers: {} });
    expect(redirect.headers.get('location')).toBe('/login.jsp?os_destination=%2Fjira%2Fbrowse%2FGLT-101');
    const { cookie } = await login('tess', 'tess');
    for (const path of ['/jira/browse/GLT-101', '/jira/software/c/projects/GLT/issues']) {
      const res = await call(path, { headers: { Cookie: cookie } });
      const doc = parseHtml(res.text);
      expect(doc.body.id).toBe('jira');
      expect(JSON.parse(doc.querySelector('#sandbox-config')?.textContent ?? '{}')).toMatchObject({
        project: 'GLT',
        contextPath: '',
      });
      const src = doc.querySelector('script[src]')?.getAttribute('src') ?? '';
      const script = await call(src, { headers: {} });
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(script.text).toBe(CLOUD_SCRIPT);
    }
  });

  it('renders with the Cloud data-testid hooks and navigates with pushState', () => {
    expect(() => new Function(CLOUD_SCRIPT)).not.toThrow();
    for (const hook of [
      "'breadcrumbs.current-issue.item'",
      "'summary.heading'",
      "'issue.views.field.rich-text.description'",
      "'issue.views.issue-details.issue-layout.container-right'",
      'history.pushState',
      "addEventListener('popstate'",
    ]) {
      expect(CLOUD_SCRIPT).toContain(hook);
    }
  });
});
