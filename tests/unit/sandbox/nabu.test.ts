// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Case, CaseData, type CaseDataInput } from '../../../lib/cardea/schema';
import {
  cleanNabuError,
  encodeNabuText,
  NabuBulkRequest,
  NabuErrorBody,
  NabuSignoff,
  NabuSignoffList,
  NabuSignoffRequest,
  NabuToken,
} from '../../../lib/nabu/schema';
import { ALLOWED_STATUS_PAIRS } from '../../../lib/nabu/statuses';
import { createNabuApp } from '../../../sandbox/nabu/app';
import { NabuState, SANDBOX_NABU_API_KEY } from '../../../sandbox/nabu/state';
import { serveSystem, startSandbox, type ServedSystem } from '../../../sandbox/server';
import { World } from '../../../sandbox/world';

const ELEVEN_KEYS = [
  'caseIdentifier',
  'comment',
  'created',
  'deliverable',
  'deliverableType',
  'id',
  'modified',
  'qcPassed',
  'release',
  'signoffStepName',
  'username',
];
const STEP_MESSAGE =
  'Sign-off must be associated with a valid step name: ANALYSIS_REVIEW,RELEASE_APPROVAL,RELEASE, instead got';

function caseData(): CaseDataInput {
  return {
    assaysById: {},
    timestamp: '2026-01-10T12:00:00Z',
    cases: [
      {
        id: 'R11_TEST_1000_Xy_Z',
        donor: { id: 'SAM1', name: 'TEST_1000' },
        requisition: { id: 1, name: 'REQ-1' },
        deliverables: [
          { deliverableCategory: 'Clinical Report', releases: [{ deliverable: 'Full Pipeline' }] },
          { deliverableCategory: 'Data Release', releases: [] },
        ],
      },
    ],
  };
}

let world: World;
let nabu: NabuState;
let served: ServedSystem;
let base: string;

beforeEach(async () => {
  world = new World(caseData(), { etlDelayMs: 5 });
  nabu = new NabuState(world);
  served = await serveSystem('nabu', world, createNabuApp(world, nabu));
  base = served.url;
});

afterEach(async () => {
  await world.etlSettled();
  await served.close();
});

const valid = {
  signoffStepName: 'ANALYSIS_REVIEW',
  deliverableType: 'Clinical Report',
  qcPassed: true,
  release: null,
  username: 'Tess Ter',
  comment: 'looks good',
};

interface Call {
  method?: string;
  key?: string | null;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

async function call(path: string, { method = 'GET', key = nabu.apiKey, body, contentType, headers = {} }: Call = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  const h = init.headers as Record<string, string>;
  if (key !== null) h['X-API-KEY'] = key;
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    h['Content-Type'] = contentType ?? 'application/json';
  }
  const response = await fetch(base + path, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined; // a fault's plain-text body
  }
  return { status: response.status, headers: response.headers, text, json };
}

const post = (path: string, body: unknown, extra: Call = {}) => call(path, { method: 'POST', body, ...extra });
const errorOf = (json: unknown) => NabuErrorBody.parse(json).errors;

describe('authentication (A9, authTest)', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/case/sign-off'],
    ['GET', '/case/R11_TEST_1000_Xy_Z/sign-off'],
    ['POST', '/case/R11_TEST_1000_Xy_Z/sign-off', valid],
    ['POST', '/case/sign-off', { ...valid, caseIdentifiers: ['R11_TEST_1000_Xy_Z'] }],
    ['POST', '/token', { username: 'someone' }],
  ];
  const keys: [string, string | null][] = [
    ['no key', null],
    ['an empty key', ''],
    ['an unregistered key', 'abc123-def456'],
    ['the right id with a wrong secret', `${SANDBOX_NABU_API_KEY.split('-')[0]}-wrong`],
  ];
  for (const [method, path, body] of routes) {
    for (const [label, key] of keys) {
      it(`${method} ${path} with ${label} → 401`, async () => {
        const res = await call(path, { method, body, key: key === null ? null : key });
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ errors: ['Unable to authenticate submission'] });
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      });
    }
  }

  it('checks only the first two dash-separated parts of the key, as Nabu does', async () => {
    const res = await call('/case/sign-off', { key: `${nabu.apiKey}-anything` });
    expect(res.status).toBe(200);
  });

  it('mints a new working key with POST /token, and needs a username for it', async () => {
    const minted = await post('/token', { username: 'tess' });
    expect(minted.status).toBe(201);
    const key = NabuToken.parse(minted.json)['X-API-KEY'];
    expect(key).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
    expect((await call('/case/sign-off', { key })).status).toBe(200);
    const missing = await post('/token', {});
    expect(missing.status).toBe(500);
    expect(missing.json).toEqual({ errors: ['Error adding API key'] });
  });
});

describe('validation (A3, A6)', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['an invalid step', { ...valid, signoffStepName: 'QC_GATE' }, 400, `undefined : ${STEP_MESSAGE} QC_GATE`],
    ['a blank step, reported as null', { ...valid, signoffStepName: '' }, 400, `undefined : ${STEP_MESSAGE} null`],
    [
      'a missing step, reported as null',
      { ...valid, signoffStepName: undefined },
      400,
      `undefined : ${STEP_MESSAGE} null`,
    ],
    [
      'no deliverable type and no step: the deliverable type comes first',
      { ...valid, deliverableType: '', signoffStepName: 'QC_GATE' },
      400,
      `undefined : Sign-off must be associated with a deliverable type. ${STEP_MESSAGE} QC_GATE`,
    ],
    [
      'an empty deliverableType',
      { ...valid, deliverableType: '' },
      400,
      'undefined : Sign-off must be associated with a deliverable type',
    ],
    [
      'RELEASE with an empty deliverable',
      { ...valid, signoffStepName: 'RELEASE', deliverable: '' },
      400,
      'undefined : Sign-off associated with the RELEASE step must have a deliverable provided.',
    ],
    [
      'a deliverable on RELEASE_APPROVAL',
      { ...valid, signoffStepName: 'RELEASE_APPROVAL', deliverable: 'Full Pipeline' },
      400,
      'undefined : Sign-off associated with ANALYSIS_REVIEW or RELEASE_APPROVAL step cannot have a deliverable.',
    ],
    ['no username', { ...valid, username: '' }, 400, 'undefined : username must be provided'],
    [
      'two problems at once, joined by ". "',
      { ...valid, username: undefined, deliverableType: '' },
      400,
      'undefined : username must be provided. Sign-off must be associated with a deliverable type',
    ],
    ['a non-string step', { ...valid, signoffStepName: 5 }, 500, 'Error adding sign-off'],
    ['a raw % in the comment', { ...valid, comment: '100% done' }, 500, 'Error adding sign-off'],
    ['a boolean string PostgreSQL rejects', { ...valid, qcPassed: 'maybe' }, 500, 'Error adding sign-off'],
    ['a number for qcPassed', { ...valid, qcPassed: 1 }, 500, 'Error adding sign-off'],
    [
      'a bad escape in a RELEASE deliverable',
      { ...valid, signoffStepName: 'RELEASE', deliverable: '%E0%A4%A' },
      500,
      'Error adding sign-off',
    ],
  ];
  for (const [label, body, status, message] of cases) {
    it(`${label} → ${status} "${message}"`, async () => {
      const res = await post('/case/R11_TEST_1000_Xy_Z/sign-off', body);
      expect(res.status).toBe(status);
      expect(errorOf(res.json)).toEqual([message]);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(nabu.rows).toHaveLength(0);
    });
  }

  it('ignores a body that is not sent as application/json, so every required field is missing', async () => {
    const res = await post('/case/R11_TEST_1000_Xy_Z/sign-off', JSON.stringify(valid), { contentType: 'text/plain' });
    expect(res.status).toBe(400);
    expect(errorOf(res.json)).toEqual([
      `undefined : username must be provided. Sign-off must be associated with a deliverable type. ${STEP_MESSAGE} null`,
    ]);
  });

  it('strips the "undefined : " prefix for display with cleanNabuError', () => {
    expect(cleanNabuError('undefined : username must be provided')).toBe('username must be provided');
    expect(cleanNabuError('Error adding sign-off')).toBe('Error adding sign-off');
  });
});

describe('creating sign-offs (A3, A5, A7)', () => {
  it('answers 201 with the stored row: exactly 11 keys, every field echoed', async () => {
    const res = await post('/case/R11_TEST_1000_Xy_Z/sign-off', valid);
    expect(res.status).toBe(201);
    expect(Object.keys(res.json as object).sort()).toEqual(ELEVEN_KEYS);
    const row = NabuSignoff.parse(res.json);
    expect(row).toMatchObject({ ...valid, caseIdentifier: 'R11_TEST_1000_Xy_Z', deliverable: null });
    expect(row.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(row.modified).toBe(new Date(Math.round(Date.parse(row.created) / 1000) * 1000).toISOString());
  });

  it('rounds `modified` to the nearest second, as PostgreSQL does, rather than cutting it', async () => {
    const at = (iso: string) => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.parse(iso) });
      try {
        return nabu.insert({ ...valid, caseIdentifier: 'R11_TEST_1000_Xy_Z', deliverable: null });
      } finally {
        vi.useRealTimers();
      }
    };
    expect(at('2030-05-01T10:00:00.499Z')).toMatchObject({
      created: '2030-05-01T10:00:00.499Z',
      modified: '2030-05-01T10:00:00.000Z',
    });
    expect(at('2030-05-01T10:00:00.500Z')).toMatchObject({
      created: '2030-05-01T10:00:00.500Z',
      modified: '2030-05-01T10:00:01.000Z',
    });
    expect(at('2030-05-01T10:00:59.999Z')).toMatchObject({ modified: '2030-05-01T10:01:00.000Z' });
  });

  const normalised: [string, Record<string, unknown>, Partial<NabuSignoff>][] = [
    [
      'a lower-case step is upper-cased',
      { signoffStepName: 'release_approval', qcPassed: false, release: true },
      { signoffStepName: 'RELEASE_APPROVAL' },
    ],
    ['"yes" is stored as true', { qcPassed: 'yes' }, { qcPassed: true }],
    ['" False " is stored as false', { qcPassed: ' False ' }, { qcPassed: false }],
    ['a missing qcPassed is pending (null)', { qcPassed: undefined }, { qcPassed: null }],
    ['an empty comment comes back null', { comment: '' }, { comment: null }],
    ['"50%25 %2B tumour" is URL-decoded', { comment: '50%25 %2B tumour' }, { comment: '50% + tumour' }],
    ['a raw "+" becomes a space', { comment: 'a+b' }, { comment: 'a b' }],
    [
      'encodeNabuText round-trips any note',
      { comment: encodeNabuText('50% + 1 & "ok"') },
      { comment: '50% + 1 & "ok"' },
    ],
    [
      'a RELEASE deliverable is URL-decoded too',
      { signoffStepName: 'RELEASE', deliverable: 'Full+Pipeline', qcPassed: true, release: false },
      { deliverable: 'Full Pipeline' },
    ],
    ['an empty deliverable on a non-RELEASE step is stored as null', { deliverable: '' }, { deliverable: null }],
  ];
  for (const [label, change, expected] of normalised) {
    it(label, async () => {
      const res = await post('/case/R11_TEST_1000_Xy_Z/sign-off', { ...valid, ...change });
      expect(res.status).toBe(201);
      expect(NabuSignoff.parse(res.json)).toMatchObject(expected);
    });
  }

  it('accepts any case identifier, percent-decoded from the path', async () => {
    const res = await post('/case/A%2FB%20C/sign-off', valid);
    expect(NabuSignoff.parse(res.json).caseIdentifier).toBe('A/B C');
    const read = await call('/case/A%2FB%20C/sign-off');
    expect(NabuSignoffList.parse(read.json).map((r) => r.caseIdentifier)).toEqual(['A/B C']);
  });

  it('appends rows: after two POSTs for the same step, GET returns only the newer one', async () => {
    const first = NabuSignoff.parse((await post('/case/R11_TEST_1000_Xy_Z/sign-off', valid)).json);
    const second = NabuSignoff.parse(
      (await post('/case/R11_TEST_1000_Xy_Z/sign-off', { ...valid, qcPassed: false, comment: 'changed' })).json,
    );
    expect(second.id).toBe(first.id + 1);
    expect(nabu.rows).toHaveLength(2);
    const read = await call('/case/R11_TEST_1000_Xy_Z/sign-off');
    expect(read.status).toBe(200);
    const rows = NabuSignoffList.parse(read.json);
    expect(rows).toEqual([second]);
    for (const row of read.json as object[]) expect(Object.keys(row).sort()).toEqual(ELEVEN_KEYS);
  });

  it('returns an empty 200 for a case without sign-offs', async () => {
    const res = await call('/case/NO_SUCH_CASE/sign-off');
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });

  it('orders GET results by case, step, type and deliverable, not by time', async () => {
    const postFor = (kase: string, change: Record<string, unknown>) =>
      post(`/case/${kase}/sign-off`, { ...valid, ...change });
    await postFor('CASE_B', {});
    await postFor('CASE_A', { signoffStepName: 'RELEASE_APPROVAL', qcPassed: true, release: true });
    await postFor('CASE_A', { signoffStepName: 'RELEASE', deliverable: 'Zeta', qcPassed: true, release: true });
    await postFor('CASE_A', { signoffStepName: 'RELEASE', deliverable: 'Alpha', qcPassed: true, release: true });
    await postFor('CASE_A', { deliverableType: 'Data Release' });
    await postFor('CASE_A', {});
    const rows = NabuSignoffList.parse((await call('/case/sign-off')).json);
    expect(rows.map((r) => [r.caseIdentifier, r.signoffStepName, r.deliverableType, r.deliverable])).toEqual([
      ['CASE_A', 'ANALYSIS_REVIEW', 'Clinical Report', null],
      ['CASE_A', 'ANALYSIS_REVIEW', 'Data Release', null],
      ['CASE_A', 'RELEASE', 'Clinical Report', 'Alpha'],
      ['CASE_A', 'RELEASE', 'Clinical Report', 'Zeta'],
      ['CASE_A', 'RELEASE_APPROVAL', 'Clinical Report', null],
      ['CASE_B', 'ANALYSIS_REVIEW', 'Clinical Report', null],
    ]);
  });
});

describe('bulk sign-offs (A8)', () => {
  const bulk = (change: Record<string, unknown>) => post('/case/sign-off', { ...valid, ...change });

  it('creates one row per case, in request order', async () => {
    const res = await bulk({ caseIdentifiers: ['CASE_2', 'CASE_1', 'CASE_3'] });
    expect(res.status).toBe(201);
    expect(NabuSignoffList.parse(res.json).map((r) => r.caseIdentifier)).toEqual(['CASE_2', 'CASE_1', 'CASE_3']);
  });

  it('keeps two rows written in the same millisecond', async () => {
    const res = await bulk({ caseIdentifiers: ['CASE_1', 'CASE_1'] });
    const [a, b] = NabuSignoffList.parse(res.json);
    expect(a.created < b.created).toBe(true);
    expect(nabu.rows).toHaveLength(2);
  });

  it('answers the first validation error and writes nothing for that batch', async () => {
    const res = await bulk({ caseIdentifiers: ['CASE_1', 'CASE_2'], signoffStepName: 'NOPE' });
    expect(res.status).toBe(400);
    expect(errorOf(res.json)).toEqual([`undefined : ${STEP_MESSAGE} NOPE`]);
    expect(nabu.rows).toHaveLength(0);
  });

  it('answers 201 [] for an empty caseIdentifiers and 500 when it is missing', async () => {
    const empty = await bulk({ caseIdentifiers: [] });
    expect(empty.status).toBe(201);
    expect(empty.json).toEqual([]);
    const missing = await bulk({});
    expect(missing.status).toBe(500);
    expect(missing.json).toEqual({ errors: ['Error adding multiple sign-offs'] });
  });

  it('is not transactional: a database error on one case answers 500 naming it, and the cases around it are written', async () => {
    const inject = await post('/__sandbox/nabu/db-failure', { afterRows: 1 }, { key: null });
    expect(inject.status).toBe(204);
    const res = await bulk({ caseIdentifiers: ['CASE_1', 'CASE_2', 'CASE_3', 'CASE_4'] });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ errors: ['Error adding sign-off CASE_2'] });
    const rows = NabuSignoffList.parse((await call('/__sandbox/nabu/rows', { key: null })).json);
    expect(rows.map((r) => r.caseIdentifier)).toEqual(['CASE_1', 'CASE_3', 'CASE_4']);
    // The failure was for one request only.
    expect((await bulk({ caseIdentifiers: ['CASE_2'] })).status).toBe(201);
  });

  it('a value the database refuses fails every case: 500 naming the first, nothing written', async () => {
    const res = await bulk({ caseIdentifiers: ['CASE_1', 'CASE_2'], qcPassed: 'maybe' });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ errors: ['Error adding sign-off CASE_1'] });
    expect(nabu.rows).toHaveLength(0);
  });

  it('injectDbFailure with times fails that many bulk requests', async () => {
    nabu.injectDbFailure({ afterRows: 0, times: 2 });
    expect((await bulk({ caseIdentifiers: ['CASE_1'] })).status).toBe(500);
    expect((await bulk({ caseIdentifiers: ['CASE_1'] })).status).toBe(500);
    expect((await bulk({ caseIdentifiers: ['CASE_1'] })).status).toBe(201);
    expect(nabu.rows).toHaveLength(1);
  });
});

describe('HTTP behaviour (A1, A10)', () => {
  it('answers a CORS preflight like cors() defaults', async () => {
    const res = await fetch(`${base}/case/sign-off`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnop',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'x-api-key,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,PUT,PATCH,POST,DELETE');
    expect(res.headers.get('access-control-allow-headers')).toBe('x-api-key,content-type');
  });

  it('sends Access-Control-Allow-Origin: * and JSON on ordinary responses', async () => {
    const res = await call('/case/sign-off');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers malformed JSON with 400 and Express’s message as a string in `errors`, not a list', async () => {
    const res = await post('/case/R11_TEST_1000_Xy_Z/sign-off', '{"username": "Tess",');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ errors: expect.any(String) });
    expect((res.json as { errors: string }).errors).toMatch(/JSON/);
    expect(nabu.rows).toHaveLength(0);
  });

  it('answers a `%` in the path that does not decode with 400 and the message as a string in `errors`', async () => {
    const res = await post('/case/100%25%/sign-off', valid);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ errors: "Failed to decode param '100%25%'" });
  });

  it('redirects / to the API docs', async () => {
    const res = await fetch(`${base}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/api-docs');
  });

  it('can be made slow or failing by a fault rule', async () => {
    world.faults.add({ system: 'nabu', path: '/case/sign-off', status: 503, times: 1 });
    expect((await call('/case/sign-off')).status).toBe(503);
    expect((await call('/case/sign-off')).status).toBe(200);
  });
});

describe('the ETL into Cardea', () => {
  const deliverable = (category: string) => {
    const kase = Case.parse(world.caseData.cases[0]);
    return kase.deliverables.find((d) => d.deliverableCategory === category);
  };

  it('shows a sign-off in the case deliverable after the next ETL cycle', async () => {
    const before = world.timestamp;
    world.etlDelayMs = 500; // long enough that the check below runs before the cycle
    const row = NabuSignoff.parse(
      (await post('/case/R11_TEST_1000_Xy_Z/sign-off', { ...valid, comment: 'fine+by+me' })).json,
    );
    expect(deliverable('Clinical Report')?.analysisReviewQcStatus).toBeNull();
    await world.etlSettled();
    expect(deliverable('Clinical Report')).toMatchObject({
      analysisReviewQcStatus: 'PASSED',
      analysisReviewQcUser: 'Tess Ter',
      analysisReviewQcDate: row.created.slice(0, 10),
      analysisReviewQcNote: 'fine by me',
    });
    expect(world.timestamp > before).toBe(true);
  });

  const statusCases: [string, Record<string, unknown>, (category: string) => unknown, unknown][] = [
    [
      'Release Approval Failed/Stop',
      { signoffStepName: 'RELEASE_APPROVAL', qcPassed: false, release: false },
      (c) => deliverable(c)?.releaseApprovalQcStatus,
      'FAILED_STOP',
    ],
    [
      'Release Staged on an existing release',
      { signoffStepName: 'RELEASE', deliverable: 'Full Pipeline', qcPassed: true, release: false },
      (c) => deliverable(c)?.releases.find((r) => r.deliverable === 'Full Pipeline')?.qcStatus,
      'STAGED',
    ],
    [
      'a release the case did not list yet',
      { signoffStepName: 'RELEASE', deliverable: 'cBioPortal Submission', qcPassed: false, release: true },
      (c) => deliverable(c)?.releases.find((r) => r.deliverable === 'cBioPortal Submission')?.qcStatus,
      'FAILED_RELEASE',
    ],
    ['N/A', { qcPassed: null, release: false }, (c) => deliverable(c)?.analysisReviewQcStatus, 'NOT_APPLICABLE'],
  ];
  for (const [label, change, read, expected] of statusCases) {
    it(`maps ${label} to ${String(expected)}`, async () => {
      await post('/case/R11_TEST_1000_Xy_Z/sign-off', { ...valid, ...change });
      await world.etlSettled();
      expect(read('Clinical Report')).toBe(expected);
    });
  }

  it('turns a later Pending (null, null) back into a null status', async () => {
    await post('/case/R11_TEST_1000_Xy_Z/sign-off', valid);
    await post('/case/R11_TEST_1000_Xy_Z/sign-off', { ...valid, qcPassed: null, release: null });
    await world.etlSettled();
    expect(deliverable('Clinical Report')?.analysisReviewQcStatus).toBeNull();
  });

  it('leaves Cardea alone for a pair Cardea cannot map, or a category the case does not have', async () => {
    await post('/case/R11_TEST_1000_Xy_Z/sign-off', { ...valid, release: true });
    await post('/case/R11_TEST_1000_Xy_Z/sign-off', { ...valid, deliverableType: 'CLINICAL_REPORT' });
    await world.etlSettled();
    expect(deliverable('Clinical Report')?.analysisReviewQcStatus).toBeNull();
    expect(deliverable('Data Release')?.analysisReviewQcStatus).toBeNull();
  });
});

describe('a bulk sign-off in the whole sandbox', () => {
  const ids = Array.from({ length: 25 }, (_, i) => `R${i + 1}_TEST_${2000 + i}_Xy_Z`);
  const document = (): CaseDataInput => ({
    assaysById: {},
    timestamp: '2026-01-10T12:00:00Z',
    cases: ids.map((id, i) => ({
      id,
      donor: { id: `SAM${i + 1}`, name: `TEST_${2000 + i}` },
      requisition: { id: i + 1, name: `REQ-${i + 1}` },
      deliverables: [{ deliverableCategory: 'Clinical Report', releases: [] }],
    })),
  });

  it('moves Cardea’s /timestamp once, to a time not after the clock, with all 25 sign-offs in /dimsum', async () => {
    const sandbox = await startSandbox({ caseData: document(), etlDelayMs: 20, jira: { seedTickets: false } });
    try {
      const timestamp = async () => String(await (await fetch(`${sandbox.urls.cardea}/timestamp`)).json());
      const before = await timestamp();
      const bumps = vi.spyOn(sandbox.world, 'bumpTimestamp');
      const response = await fetch(`${sandbox.urls.nabu}/case/sign-off`, {
        method: 'POST',
        headers: { 'X-API-KEY': sandbox.nabu.apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...valid, caseIdentifiers: ids }),
      });
      expect(response.status).toBe(201);
      expect(NabuSignoffList.parse(await response.json())).toHaveLength(25);
      await sandbox.world.etlSettled();

      const after = await timestamp();
      expect(bumps).toHaveBeenCalledTimes(1);
      expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
      expect(Date.parse(after)).toBeLessThanOrEqual(Date.now());
      const served = CaseData.parse(await (await fetch(`${sandbox.urls.cardea}/dimsum`)).json());
      expect(served.timestamp).toBe(after);
      const statuses = served.cases.map((c) => c.deliverables[0]?.analysisReviewQcStatus);
      expect(statuses).toEqual(ids.map(() => 'PASSED'));
    } finally {
      await sandbox.close();
    }
  });

  it('lands what is still waiting when the sandbox closes, and leaves no ETL timer behind', async () => {
    const sandbox = await startSandbox({ caseData: document(), etlDelayMs: 120_000, jira: { seedTickets: false } });
    const before = sandbox.world.timestamp;
    sandbox.nabu.insertEach(ids.slice(0, 3), () => ({ ...valid, deliverable: null }));
    const settled = sandbox.world.etlSettled();
    await sandbox.close();
    await settled;
    expect(sandbox.world.timestamp).not.toBe(before);
    expect(sandbox.world.caseData.cases.slice(0, 3).map((c) => c.deliverables?.[0]?.analysisReviewQcStatus)).toEqual([
      'PASSED',
      'PASSED',
      'PASSED',
    ]);
  });
});

describe('lib/nabu request schemas', () => {
  const request = { ...valid, deliverable: null };
  it('accept exactly the allowed (qcPassed, release) pairs per step', () => {
    for (const [step, pairs] of Object.entries(ALLOWED_STATUS_PAIRS)) {
      const deliverable = step === 'RELEASE' ? 'Full Pipeline' : null;
      for (const qcPassed of [true, false, null]) {
        for (const release of [true, false, null]) {
          const allowed = pairs.some((p) => p.qcPassed === qcPassed && p.release === release);
          const body = { ...request, signoffStepName: step, deliverable, qcPassed, release };
          expect(NabuSignoffRequest.safeParse(body).success, `${step} ${qcPassed} ${release}`).toBe(allowed);
        }
      }
    }
  });

  it('require a deliverable for RELEASE only, and at least one case for bulk', () => {
    expect(
      NabuSignoffRequest.safeParse({ ...request, signoffStepName: 'RELEASE', qcPassed: true, release: true }).success,
    ).toBe(false);
    expect(NabuSignoffRequest.safeParse({ ...request, deliverable: 'Full Pipeline' }).success).toBe(false);
    expect(NabuBulkRequest.safeParse({ ...request, caseIdentifiers: [] }).success).toBe(false);
    expect(NabuBulkRequest.safeParse({ ...request, caseIdentifiers: ['R11_TEST_1000_Xy_Z'] }).success).toBe(true);
  });
});
