// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MetricsPageRow,
  MetricsRequest,
  MisoConstants,
  MisoRestError,
  PartitionDto,
  RunDto,
  RunPartitionAliquotDto,
  type QcNodeDto,
} from '../../../lib/miso/schema';
import { truncateDecimal } from '../../../sandbox/miso/metric-format';
import { today } from '../../../sandbox/miso/state';
import {
  inlineArgument,
  locationPath,
  parseHtml,
  RUN_A,
  RUN_A_NAME,
  RUN_B,
  startMiso,
  type MisoServer,
} from './miso-fixture';

let server: MisoServer;
let admin: string;

beforeEach(async () => {
  server = await startMiso();
  admin = await server.login('admin');
});
afterEach(() => server.close());

const text = (el: Element | null | undefined) => el?.textContent?.trim() ?? null;

async function runPage(path: string, cookie = admin): Promise<Document> {
  const response = await server.get(path, cookie);
  expect(response.status).toBe(200);
  return parseHtml(await response.text());
}

async function runLibraries(runId = RUN_A, cookie = admin) {
  const doc = await runPage(`/run/${runId}`, cookie);
  const raw = inlineArgument(
    doc,
    `ListUtils.createStaticTable('list_aliquot', ListTarget.runaliquot, {runId: ${runId}}, `,
  );
  return RunPartitionAliquotDto.array().parse(raw);
}

async function runLibrary(aliquotId: number, lane: number, runId = RUN_A) {
  const found = (await runLibraries(runId)).find((rl) => rl.aliquotId === aliquotId && rl.partitionNumber === lane);
  if (!found) throw new Error(`no run-library LDI${aliquotId} on lane ${lane}`);
  return found;
}

/** `createStaticTable('list_partition', …, <config>, [ … ])`: the array after the JSON config. */
function partitionList(doc: Document): unknown {
  const script = Array.from(doc.querySelectorAll('script')).find((s) => s.textContent?.includes("'list_partition'"));
  const match = /^ListUtils\.createStaticTable\('list_partition', ListTarget\.partition, \{[^}]*\}, (\[.*\])\);$/s.exec(
    script?.textContent?.trim() ?? '',
  );
  return JSON.parse(match?.[1] ?? 'null');
}

function metricsRows(doc: Document): MetricsPageRow[] {
  const script = Array.from(doc.querySelectorAll('script:not([src])')).find((s) =>
    s.textContent?.includes('RunLibraryMetrics.buildTable('),
  );
  const match = /^RunLibraryMetrics\.buildTable\((.*), (true|false)\);$/s.exec(script?.textContent?.trim() ?? '');
  if (!match) throw new Error('no buildTable call');
  return MetricsPageRow.array().parse(JSON.parse(match[1]));
}

const metricsRequest = (...libraries: [number, number, object[]][]) =>
  MetricsRequest.parse({
    report: 'Bao',
    library_aliquots: libraries.map(([aliquot, lane, metrics]) => ({
      name: `LDI${aliquot}`,
      run_id: RUN_A,
      partition: lane,
      metrics,
    })),
  });

const coverage = { title: 'Mean Coverage', threshold_type: 'ge', threshold: 30, value: 41.27 };

async function metricsPage(data: unknown, cookie = admin): Promise<Document> {
  const response = await server.postMetrics(data, cookie);
  expect(response.status).toBe(200);
  return parseHtml(await response.text());
}

function runLibraryNode(
  rl: { runId: number; partitionId: number; aliquotId: number },
  fields: Partial<QcNodeDto>,
): QcNodeDto {
  return {
    entityType: 'Run-Library',
    typeLabel: 'Run-Library',
    id: null,
    ids: [rl.runId, rl.partitionId, rl.aliquotId],
    name: null,
    label: null,
    qcPassed: null,
    qcStatusId: null,
    qcNote: null,
    dataReview: null,
    ...fields,
  };
}

describe('MISO sandbox: login and sessions', () => {
  it('serves a login form that posts username, password and remember-me to /login', async () => {
    const doc = parseHtml(await (await server.get('/login')).text());
    const form = doc.querySelector('form[action="/login"][method="post"]');
    expect(form).not.toBeNull();
    for (const name of ['username', 'password', '_spring_security_remember_me']) {
      expect(form?.querySelector(`[name="${name}"]`), name).not.toBeNull();
    }
  });

  it('sets JSESSIONID without a SameSite attribute, as Tomcat does, and lands on /mainMenu', async () => {
    const response = await server.get('/login', undefined, {
      method: 'POST',
      body: new URLSearchParams({ username: 'tech', password: 'tech' }),
    });
    expect(response.status).toBe(302);
    expect(locationPath(response)).toBe('/mainMenu');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('JSESSIONID='));
    expect(cookie).toMatch(/^JSESSIONID=[0-9A-F]{32}; Path=\/; HttpOnly$/);
  });

  it('sends a failed login back to /login?login_error=1', async () => {
    const response = await server.get('/login', undefined, {
      method: 'POST',
      body: new URLSearchParams({ username: 'admin', password: 'nope' }),
    });
    expect(response.status).toBe(302);
    expect(locationPath(response)).toBe('/login?login_error=1');
    expect(response.headers.getSetCookie().some((c) => c.startsWith('JSESSIONID='))).toBe(false);
  });

  it.each([
    ['GET', `/run/${RUN_A}`],
    ['GET', `/run/alias/${RUN_A_NAME}`],
    ['GET', `/rest/runs/${RUN_A}`],
    ['GET', '/constants.js'],
    ['GET', '/mainMenu'],
    ['POST', '/runlibraries/metrics'],
    ['PUT', '/rest/qcstatuses'],
    ['PUT', '/rest/qcstatuses/bulk'],
  ])('redirects %s %s without a session to /login', async (method, path) => {
    const response = await server.get(path, undefined, {
      method,
      ...(method === 'GET' ? {} : { body: 'data=%7B%7D' }),
    });
    expect(response.status).toBe(302);
    expect(locationPath(response)).toBe('/login');
  });

  it('answers /api without an API key with a bare 401', async () => {
    const response = await server.get(`/api/runs/${RUN_A}/qc-status`, admin, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('');
  });

  it('returns to the page first asked for after logging in', async () => {
    const first = await server.get(`/run/${RUN_A}?tab=1`);
    const saved = first.headers.getSetCookie().map((c) => c.split(';')[0]);
    const login = await server.get('/login', saved.join('; '), {
      method: 'POST',
      body: new URLSearchParams({ username: 'admin', password: 'admin' }),
    });
    expect(locationPath(login)).toBe(`/run/${RUN_A}?tab=1&continue`);
  });

  it('saves a POST too, but sends the user back to it as a GET ?continue, which MISO answers with a 405 error page', async () => {
    const first = await server.postMetrics(metricsRequest([101, 1, [coverage]]), '');
    expect(locationPath(first)).toBe('/login');
    const saved = first.headers.getSetCookie().map((c) => c.split(';')[0]);
    const login = await server.get('/login', saved.join('; '), {
      method: 'POST',
      body: new URLSearchParams({ username: 'admin', password: 'admin' }),
    });
    expect(locationPath(login)).toBe('/runlibraries/metrics?continue');
    const session = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('JSESSIONID='))!
      .split(';')[0]!;
    const landing = await server.get('/runlibraries/metrics?continue', session);
    expect(landing.status).toBe(405);
    const page = parseHtml(await landing.text());
    expect(text(page.querySelector('#maincontent > p.errorTitle'))).toBe('Method Not Allowed');
    expect(text(page.querySelector('#flasherror'))).toBe("Request method 'GET' is not supported");
    expect(page.querySelector('#metricsTable, h1')).toBeNull();
  });

  it('does not save a session check sent as XHR, nor a multipart POST', async () => {
    const xhr = await server.get('/constants.js', undefined, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    const form = new FormData();
    form.set('data', '{}');
    const multipart = await server.get('/runlibraries/metrics', undefined, { method: 'POST', body: form });
    for (const response of [xhr, multipart]) {
      expect(locationPath(response)).toBe('/login');
      const saved = response.headers.getSetCookie().map((c) => c.split(';')[0]);
      const login = await server.get('/login', saved.join('; '), {
        method: 'POST',
        body: new URLSearchParams({ username: 'admin', password: 'admin' }),
      });
      expect(locationPath(login)).toBe('/mainMenu');
    }
  });

  it('expires a session after the idle timeout', async () => {
    const ttl = server.miso.options.sessionTtlMs;
    const start = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(start);
    const cookie = await server.login('tech');
    clock.mockReturnValue(start + ttl - 1000);
    expect((await server.get(`/rest/runs/${RUN_A}`, cookie)).status).toBe(200);
    clock.mockReturnValue(start + 2 * ttl);
    const expired = await server.get(`/rest/runs/${RUN_A}`, cookie);
    expect(expired.status).toBe(302);
    expect(locationPath(expired)).toBe('/login');
  });

  it('expires every session through the control endpoint, which needs no login', async () => {
    const control = await server.get('/__sandbox/miso/expire-sessions', undefined, { method: 'POST' });
    expect(control.status).toBe(204);
    expect(locationPath(await server.get(`/run/${RUN_A}`, admin))).toBe('/login');
  });

  it('logs out with GET /logout', async () => {
    const logout = await server.get('/logout', admin);
    expect(locationPath(logout)).toBe('/login');
    expect((await server.get('/mainMenu', admin)).status).toBe(302);
  });

  it.each([
    ['GET', `/miso/run/${RUN_A}?hostile-css=1`, `/run/${RUN_A}?hostile-css=1`],
    ['POST', '/miso/runlibraries/metrics', '/runlibraries/metrics'],
    ['GET', '/miso', '/'],
  ])('redirects the legacy %s %s with 308 to %s', async (method, path, target) => {
    const response = await server.get(path, admin, { method });
    expect(response.status).toBe(308);
    expect(locationPath(response)).toBe(target);
  });
});

describe('MISO sandbox: /constants.js', () => {
  it('serves `Constants = {…};` for 15 minutes with the configurable statuses', async () => {
    const response = await server.get('/constants.js', admin);
    expect(response.headers.get('cache-control')).toBe('max-age=900');
    const body = await response.text();
    expect(body.startsWith('Constants = ')).toBe(true);
    expect(body.endsWith(';')).toBe(true);
    const constants = MisoConstants.parse(JSON.parse(body.slice('Constants = '.length, -1)));
    expect(constants.runLibraryQcStatuses).toEqual([
      { id: 1, description: 'Passed', qcPassed: true },
      { id: 2, description: 'Failed', qcPassed: false },
      { id: 3, description: 'Top-up Required', qcPassed: null },
    ]);
    expect(constants.partitionQcTypes.map((t) => t.description)).toContain('Failed: Other problem');
    expect(constants.detailedQcStatuses.length).toBeGreaterThan(2);
  });

  it('serves the statuses a lab configured', async () => {
    await server.close();
    server = await startMiso({ runLibraryQcStatuses: [{ id: 7, description: 'Good enough', qcPassed: true }] });
    const body = await (await server.get('/constants.js', await server.login())).text();
    expect(MisoConstants.parse(JSON.parse(body.slice(12, -1))).runLibraryQcStatuses).toEqual([
      { id: 7, description: 'Good enough', qcPassed: true },
    ]);
  });
});

describe('MISO sandbox: the Edit Run page', () => {
  it.each([`/run/${RUN_A}`, `/run/alias/${RUN_A_NAME}`])('renders %s with MISO’s structure and ids', async (path) => {
    const doc = await runPage(path);
    expect(doc.title).toBe(`Run ${RUN_A} — MISO LIMS`);
    expect(text(doc.querySelector('#pageHeader #loggedInBanner b#currentUser'))).toBe('admin');
    const column = doc.querySelector('#content > #maincontent > #contentcolumn');
    expect(text(column?.querySelector('h1'))).toMatch(/^Edit Run/);
    expect(column?.querySelector('h1 button#save')).not.toBeNull();
    expect(column?.querySelector('div.fg-toolbar')).not.toBeNull();
    expect(doc.querySelector<HTMLInputElement>('form#runForm input#runForm_id[type="hidden"]')?.value).toBe(
      String(RUN_A),
    );
    expect(text(doc.querySelector('span#runForm_idLabel'))).toBe(String(RUN_A));
    expect(doc.querySelector<HTMLInputElement>('input#runForm_alias')?.value).toBe(RUN_A_NAME);
    expect(text(doc.querySelector('span#runForm_platformType'))).toBe('Illumina');
    expect(doc.querySelector('select#runForm_status')).not.toBeNull();
    const qc = Array.from(doc.querySelectorAll('select#runForm_qcPassed option')).map((o) => [
      o.getAttribute('value'),
      text(o),
    ]);
    expect(qc).toEqual([
      ['', 'Not Ready'],
      ['true', 'Ready'],
      ['false', 'Failed'],
    ]);
    expect(doc.querySelector('select#runForm_dataReview')).not.toBeNull();
    for (const id of ['qcUserNameLabel', 'qcDateLabel', 'dataReviewerLabel', 'dataReviewDateLabel']) {
      expect(doc.querySelector(`span#runForm_${id}`), id).not.toBeNull();
    }
    expect(text(doc.querySelector('div#containers > h1'))).toBe('Flow Cells');
    expect(doc.querySelector('div#containers table#list_container')).not.toBeNull();
    expect(text(doc.querySelector('div#partitions > h1'))).toBe('Lanes');
    expect(text(doc.querySelector('div#aliquots > h1'))).toBe('Run-Libraries');
    expect(doc.querySelector('div#aliquots table#list_aliquot')).not.toBeNull();
    expect(doc.querySelector('div#experiments')).not.toBeNull();
    expect(doc.querySelector('table#changelog')).not.toBeNull();
  });

  it('gives non-reviewers a hidden data review and a label instead of a select', async () => {
    const doc = await runPage(`/run/${RUN_A}`, await server.login('tech'));
    expect(doc.querySelector('input#runForm_dataReview[type="hidden"]')).not.toBeNull();
    expect(text(doc.querySelector('span#runForm_dataReviewLabel'))).toBe('Pending');
    expect(doc.querySelector('select#runForm_dataReview')).toBeNull();
  });

  it('passes the run to createForm as RunDto JSON with the reviewer flags', async () => {
    const doc = await runPage(`/run/${RUN_A}`);
    const script = Array.from(doc.querySelectorAll('script')).find((s) =>
      s.textContent?.includes("FormUtils.createForm('runForm'"),
    );
    const match = /^FormUtils\.createForm\('runForm', 'save', (\{.*\}), 'run', (\{.*\})\);$/s.exec(
      script?.textContent?.trim() ?? '',
    );
    const run = RunDto.parse(JSON.parse(match?.[1] ?? 'null'));
    expect(run).toMatchObject({
      id: RUN_A,
      alias: RUN_A_NAME,
      type: 'Illumina',
      qcPassed: true,
      qcUserName: 'Quinn QC',
      dataReview: null,
    });
    expect(JSON.parse(match?.[2] ?? 'null')).toMatchObject({ isAdmin: true, isRunReviewer: true });
  });

  it('lists every run-library of the run, across lanes, in the inline list_aliquot JSON', async () => {
    const rows = await runLibraries();
    expect(rows.map((r) => [r.partitionNumber, r.aliquotName]).sort()).toEqual([
      [1, 'LDI101'],
      [1, 'LDI103'],
      [1, 'LDI104'],
      [2, 'LDI101'],
    ]);
    expect(rows.map((r) => r.id)).toEqual([0, 1, 2, 3]);
    const passed = rows.find((r) => r.aliquotId === 101 && r.partitionNumber === 1);
    expect(passed).toMatchObject({
      qcStatusId: 1,
      qcNote: 'fine',
      qcUserName: 'Quinn QC',
      dataReview: true,
      platformType: 'ILLUMINA',
    });
    expect(passed?.containerIdentificationBarcode).toBe('HYGHJDSX3');
    expect(rows.find((r) => r.aliquotId === 103)?.qcStatusId).toBe(3);
    expect(rows.find((r) => r.partitionNumber === 2)?.qcStatusId).toBeNull();
  });

  it('gives partitions database ids apart from their lane numbers', async () => {
    const doc = await runPage(`/run/${RUN_A}`);
    const partitions = PartitionDto.array().parse(partitionList(doc));
    expect(partitions.map((p) => p.partitionNumber)).toEqual([1, 2]);
    for (const p of partitions) expect(p.id).not.toBe(p.partitionNumber);
    expect(partitions[0].pool?.name).toMatch(/^IPO\d+$/);
    expect(partitions[0].pool?.libraryAliquotCount).toBe(3);
  });

  it('escapes page data: HTML entities in cells, \\uXXXX in the inline JSON', async () => {
    const response = await server.get(`/run/${RUN_A}`, admin);
    const body = await response.text();
    expect(body).toContain('PROJ_0002_Caf\\u00E9\\u0026Co_WG-1');
    expect(body).toContain('PROJ_0002_Café&amp;Co_WG-1');
    const rows = await runLibraries();
    expect(rows.find((r) => r.aliquotId === 104)?.aliquotAlias).toBe('PROJ_0002_Café&Co_WG-1');
  });

  it('answers an unknown run with a 404 page', async () => {
    const response = await server.get('/run/999', admin);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('No run found with ID 999');
    expect((await server.get('/run/alias/NOPE', admin)).status).toBe(404);
  });

  it('adds the hostile stylesheet only with ?hostile-css=1', async () => {
    const hostile = await runPage(`/run/${RUN_A}?hostile-css=1`);
    expect(hostile.querySelector('style#hostile-css')?.textContent).toContain('font: 30px serif !important');
    expect((await runPage(`/run/${RUN_A}`)).querySelector('style#hostile-css')).toBeNull();
  });
});

describe('MISO sandbox: the Run-Library Metrics page', () => {
  it.each([
    ['no data field', null, 400, 'Request data missing'],
    ['data that is not JSON', '{library_aliquots:', 400, 'Invalid request data'],
    [
      'a title with >',
      {
        library_aliquots: [
          { name: 'LDI101', run_id: RUN_A, partition: 1, metrics: [{ ...coverage, title: '% reads > Q30' }] },
        ],
      },
      400,
      'Invalid request data',
    ],
    ['a report with <', { report: '<b>', library_aliquots: [] }, 400, 'Invalid request data'],
    ['no library aliquots', { report: 'x', library_aliquots: [] }, 400, 'No library aliquots specified'],
    ['library aliquots left out', { report: 'x' }, 400, 'No library aliquots specified'],
    [
      'no metrics',
      { library_aliquots: [{ name: 'LDI101', run_id: RUN_A, partition: 1, metrics: [] }] },
      400,
      'No metrics specified',
    ],
    [
      'a blank title',
      { library_aliquots: [{ name: 'LDI101', run_id: RUN_A, partition: 1, metrics: [{ ...coverage, title: '  ' }] }] },
      400,
      'Invalid metrics specified',
    ],
    [
      'no threshold type',
      { library_aliquots: [{ name: 'LDI101', run_id: RUN_A, partition: 1, metrics: [{ title: 'x', value: 1 }] }] },
      400,
      'Invalid metrics specified',
    ],
    [
      'a library name',
      { library_aliquots: [{ name: 'LIB101', run_id: RUN_A, partition: 1, metrics: [coverage] }] },
      400,
      'Invalid library aliquot name: LIB101',
    ],
    [
      'a lane the run lacks',
      { library_aliquots: [{ name: 'LDI101', run_id: RUN_A, partition: 3, metrics: [coverage] }] },
      404,
      'Run-library not found',
    ],
    [
      'an aliquot not in that lane',
      { library_aliquots: [{ name: 'LDI103', run_id: RUN_A, partition: 2, metrics: [coverage] }] },
      404,
      'Run-library not found',
    ],
    ['camelCase keys', { libraryAliquots: [] }, 400, 'No library aliquots specified'],
    [
      'runId instead of run_id',
      { library_aliquots: [{ name: 'LDI101', runId: RUN_A, partition: 1, metrics: [coverage] }] },
      404,
      'Run-library not found',
    ],
  ])('refuses %s with an HTML error page', async (_case, data, status, message) => {
    const body =
      data === null
        ? new URLSearchParams({ other: '1' })
        : new URLSearchParams({ data: typeof data === 'string' ? data : JSON.stringify(data) });
    const response = await server.get('/runlibraries/metrics', admin, { method: 'POST', body });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = parseHtml(await response.text());
    // MISO's handled-error page: title and message, no h1 and no #contentcolumn.
    expect(text(page.querySelector('#maincontent > div#flasherror'))).toBe(message);
    expect(text(page.querySelector('#maincontent > p.errorTitle'))).toBe(
      status === 404 ? 'Page Not Found' : 'Bad Request',
    );
    expect(page.querySelector('h1, #contentcolumn')).toBeNull();
  });

  it('has no GET', async () => {
    expect((await server.get('/runlibraries/metrics', admin)).status).toBe(405);
  });

  it('drops the form of a body over Tomcat’s 2 MB maxPostSize: 400 "Request data missing", as MISO answers it', async () => {
    const request = metricsRequest([101, 1, [coverage]]);
    const field = new URLSearchParams({ data: JSON.stringify(request) }).toString();
    /** A form body exactly `bytes` long: the `data` field padded with trailing spaces (one byte each, as `+`). */
    const body = (bytes: number) => `${field}${'+'.repeat(bytes - field.length)}`;
    const post = (text: string) =>
      server.get('/runlibraries/metrics', admin, {
        method: 'POST',
        body: text,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const limit = 2 * 1024 * 1024;

    const at = await post(body(limit));
    expect(at.status).toBe(200);
    expect(parseHtml(await at.text()).querySelectorAll('#metricsTable > tbody > tr')).toHaveLength(1);

    const over = await post(body(limit + 1));
    expect(over.status).toBe(400);
    expect(text(parseHtml(await over.text()).querySelector('#flasherror'))).toBe('Request data missing');
  });

  it('accepts a multipart form as well', async () => {
    const form = new FormData();
    form.set('data', JSON.stringify(metricsRequest([101, 1, [coverage]])));
    const response = await server.get('/runlibraries/metrics', admin, { method: 'POST', body: form });
    expect(response.status).toBe(200);
  });

  const threeLibraries = () =>
    metricsRequest(
      [
        101,
        1,
        [
          { title: 'Mean Coverage', threshold_type: 'ge', threshold: 30, value: 30 },
          { title: 'Duplication %', threshold_type: 'between', threshold: 0, threshold_2: 25.5, value: 12.3456 },
        ],
      ],
      [
        103,
        1,
        [
          { title: 'Mean Coverage', threshold_type: 'gt', threshold: 30, value: 30 },
          { title: 'Mean Coverage', threshold_type: 'ge', threshold: 25.55, value: 41.27999 },
          { title: 'Reads', threshold_type: 'lt', threshold: 1000000, value: 2500000 },
        ],
      ],
      [104, 1, [{ title: 'Duplication %', threshold_type: 'le', threshold: 20, value: 20.99 }]],
    );

  it('renders one row per requested run-library with values, thresholds and failures', async () => {
    const doc = await metricsPage(threeLibraries());
    expect(doc.title).toMatch(/^Run-Library Metrics/);
    const column = doc.querySelector('#maincontent > #contentcolumn');
    expect(text(column?.querySelector('h1'))).toBe('Run-Library Metrics');
    const toolbar = Array.from(doc.querySelectorAll('div.fg-toolbar > span')).map(text);
    expect(toolbar).toEqual(['QC All Run-Libraries', 'Review All Run-Libraries', 'Save All']);
    const headings = Array.from(doc.querySelectorAll('#metricsTable > thead th')).map(text);
    expect(headings).toEqual([
      'Library Aliquot',
      'Mean Coverage',
      'Duplication %',
      'Reads',
      'Effective QC Status',
      'QC Status',
    ]);
    const rows = Array.from(doc.querySelectorAll('#metricsTable > tbody > tr'));
    expect(rows.map((r) => r.getAttribute('data-run-library'))).toEqual([
      `${RUN_A}_1_LDI101`,
      `${RUN_A}_1_LDI103`,
      `${RUN_A}_1_LDI104`,
    ]);
    expect(rows.map((r) => text(r.children[0]))).toEqual([
      'PROJ_0001_Ly_R_PE_350_WG-1',
      'PROJ_0001_Ly_R_PE_400_WG-1',
      'PROJ_0002_Café&Co_WG-1',
    ]);
    const cell = (row: number, column: number) => rows[row].children[column];
    const lines = (el: Element) => Array.from(el.querySelectorAll('div')).map(text);
    const failed = (el: Element) => el.classList.contains('failed');
    // ge at the threshold passes; gt at the threshold fails; no K/M/B scaling.
    expect([lines(cell(0, 1)), failed(cell(0, 1))]).toEqual([['30', '(threshold: >= 30)'], false]);
    expect([lines(cell(0, 2)), failed(cell(0, 2))]).toEqual([['12.34', '(threshold: between 0 and 25.5)'], false]);
    expect([text(cell(0, 3)), cell(0, 3).className]).toEqual(['N/A', 'na']);
    expect([lines(cell(1, 1)), failed(cell(1, 1))]).toEqual([
      ['30', '(threshold: > 30)', '41.279', '(threshold: >= 25.55)'],
      true,
    ]);
    expect([lines(cell(1, 3)), failed(cell(1, 3))]).toEqual([['2500000', '(threshold: < 1000000)'], true]);
    expect([lines(cell(2, 2)), failed(cell(2, 2))]).toEqual([['20.9', '(threshold: <= 20)'], true]);
  });

  it('passes the rows to RunLibraryMetrics.buildTable as camelCase JSON with the QC hierarchy', async () => {
    const rows = metricsRows(await metricsPage(threeLibraries()));
    expect(rows).toHaveLength(3);
    expect(rows[0].libraryAliquot).toMatchObject({
      type: 'Detailed',
      id: 101,
      name: 'LDI101',
      alias: 'PROJ_0001_Ly_R_PE_350_WG-1',
    });
    expect(rows[0].metrics[1]).toEqual({
      title: 'Duplication %',
      thresholdType: 'between',
      threshold: 0,
      threshold2: 25.5,
      value: 12.3456,
    });
    const types = rows[0].qcNodes.map((n) => n.typeLabel);
    expect(types).toEqual([
      'Identity',
      'Tissue',
      'gDNA (stock)',
      'gDNA (aliquot)',
      'Library',
      'Library Aliquot',
      'Pool',
      'Run',
      'Run-Partition',
      'Run-Library',
    ]);
    const last = rows[0].qcNodes.at(-1);
    expect(last).toMatchObject({
      entityType: 'Run-Library',
      id: null,
      label: `${RUN_A_NAME} partition 1 - PROJ_0001_Ly_R_PE_350_WG-1`,
    });
    expect(last?.ids?.[0]).toBe(RUN_A);
    expect(last?.ids?.[2]).toBe(101);
  });

  it('draws the QC Status cell with the run-library chosen and reviewer-only controls', async () => {
    const doc = await metricsPage(threeLibraries());
    const first = doc.querySelector('#metricsTable > tbody > tr');
    const item = first?.querySelector('select.nodeSelect');
    expect(text(item?.querySelector('option[selected]'))).toBe(
      `Run-Library ${RUN_A_NAME} partition 1 - PROJ_0001_Ly_R_PE_350_WG-1`,
    );
    const items = Array.from(item?.querySelectorAll('option') ?? []).map(text);
    expect(items).toEqual(
      expect.arrayContaining([
        'Tissue PROJ_0001_Ly_R_nn_1-1',
        'Pool POOL_HYGHJDSX3_1',
        `Run ${RUN_A_NAME}`,
        `Run-Partition ${RUN_A_NAME} partition 1`,
      ]),
    );
    const statuses = Array.from(first?.querySelectorAll('select.statusSelect option') ?? []).map((o) => [
      o.getAttribute('value'),
      text(o),
    ]);
    expect(statuses).toEqual([
      ['0', 'Pending'],
      ['1', 'Passed'],
      ['2', 'Failed'],
      ['3', 'Top-up Required'],
    ]);
    expect(first?.querySelector<HTMLInputElement>('input.noteInput')?.value).toBe('fine');
    expect(first?.querySelector('select.dataReviewSelect')?.hasAttribute('disabled')).toBe(false);
    expect(text(first?.querySelector('button'))).toBe('Apply');

    const tech = await metricsPage(threeLibraries(), await server.login('tech'));
    expect(tech.querySelector('#reviewAllButton')).toBeNull();
    expect(tech.querySelector('#metricsTable select.dataReviewSelect')?.hasAttribute('disabled')).toBe(true);
    expect(tech.querySelector('#qcAllDialog[role="dialog"] select#qcAllStatus')).not.toBeNull();
  });

  it('computes the effective QC status by MISO’s rule', async () => {
    const effective = async () =>
      Array.from((await metricsPage(threeLibraries())).querySelectorAll('#metricsTable td.effectiveQc')).map((td) => [
        text(td),
        td.classList.contains('failed'),
      ]);
    // LDI101 passed; LDI103 "Top-up Required" has no pass/fail; LDI104 has no status.
    expect(await effective()).toEqual([
      ['Passed (Run-Library)', false],
      ['Pending', false],
      ['Pending', false],
    ]);
    const row = metricsRows(await metricsPage(threeLibraries()))[2];
    const tissue = row.qcNodes.find((n) => n.typeLabel === 'Tissue');
    const runLib = row.qcNodes.at(-1);
    if (!tissue || !runLib) throw new Error('hierarchy incomplete');
    expect((await server.putJson('/rest/qcstatuses', { ...runLib, qcStatusId: 1 }, admin)).status).toBe(204);
    expect(
      (await server.putJson('/rest/qcstatuses', { ...tissue, qcStatusId: 3, qcPassed: false }, admin)).status,
    ).toBe(204);
    // A failed ancestor beats a passed run-library; lane QC never counts.
    expect((await effective())[2]).toEqual(['Failed (Tissue)', true]);
  });

  it('renders an empty table when a threshold type would break the page script', async () => {
    const data = {
      library_aliquots: [
        { name: 'LDI101', run_id: RUN_A, partition: 1, metrics: [{ ...coverage, threshold_type: 'GE' }] },
      ],
    };
    const doc = await metricsPage(data);
    expect(doc.querySelectorAll('#metricsTable > tbody > tr')).toHaveLength(0);
  });

  it.each([
    [41.279, 1, '41.2'],
    [12.3456, 2, '12.34'],
    [30, 1, '30'],
    [-0.05, 1, '0'],
    [1.5e-7, 3, '0'],
    [0.29, 2, '0.29'],
  ])('truncates %d to %d decimals as %s', (value, places, expected) => {
    expect(truncateDecimal(value, places)).toBe(expected);
  });
});

describe('MISO sandbox: PUT /rest/qcstatuses', () => {
  const date = today();

  it.each([
    [
      'a status change clears the data review',
      { qcStatusId: 2, dataReview: true, qcNote: 'redo' },
      { qcStatusId: 2, dataReview: null, qcUserName: 'Ada Admin', qcDate: date, qcNote: 'redo' },
    ],
    [
      'the same status without data review clears it',
      { qcStatusId: 1, dataReview: null, qcNote: 'fine' },
      { qcStatusId: 1, dataReview: null, qcUserName: 'Quinn QC' },
    ],
    [
      'the same status with a new data review sets it',
      { qcStatusId: 1, dataReview: false, qcNote: 'fine' },
      { qcStatusId: 1, dataReview: false, dataReviewer: 'Ada Admin', dataReviewDate: date },
    ],
    [
      'a left-out note erases the note',
      { qcStatusId: 1, dataReview: true },
      { qcNote: null, dataReview: true, dataReviewer: 'Rae Reviewer' },
    ],
    [
      'no status clears status, user, date and review',
      { qcStatusId: null, dataReview: null, qcNote: 'why' },
      { qcStatusId: null, qcUserName: null, qcDate: null, dataReview: null, qcNote: 'why' },
    ],
  ])('%s', async (_case, update, expected) => {
    const before = await runLibrary(101, 1);
    const response = await server.putJson('/rest/qcstatuses', runLibraryNode(before, update), admin);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(await runLibrary(101, 1)).toMatchObject(expected);
  });

  it.each([
    ['a pending run-library', 101, 2],
    ['a reviewed run-library whose status is taken away', 101, 1],
  ])('silently clears a data review sent without a QC status on %s', async (_case, aliquotId, lane) => {
    const before = await runLibrary(aliquotId, lane);
    const response = await server.putJson(
      '/rest/qcstatuses',
      runLibraryNode(before, { dataReview: true, qcNote: 'early' }),
      admin,
    );
    expect(response.status).toBe(204);
    expect(await runLibrary(aliquotId, lane)).toMatchObject({
      qcStatusId: null,
      dataReview: null,
      dataReviewer: null,
      dataReviewDate: null,
      qcNote: 'early',
    });
  });

  it('silently clears a run’s data review sent with QC "Not Ready"', async () => {
    const runNode: QcNodeDto = {
      entityType: 'Run',
      typeLabel: 'Run',
      id: RUN_A,
      ids: null,
      name: null,
      label: null,
      qcPassed: null,
      qcStatusId: null,
      qcNote: null,
      dataReview: true,
    };
    expect((await server.putJson('/rest/qcstatuses', runNode, admin)).status).toBe(204);
    expect(RunDto.parse(await (await server.get(`/rest/runs/${RUN_A}`, admin)).json())).toMatchObject({
      qcPassed: null,
      dataReview: null,
    });
  });

  it.each([
    ['an unknown entityType', { entityType: 'RUN_LIBRARY', ids: [RUN_A, 1, 101] }, 500],
    ['a run that does not exist', { entityType: 'Run-Library', ids: [999, 20001, 101], qcStatusId: 1 }, 404],
    [
      'a lane number where the partition id belongs',
      { entityType: 'Run-Library', ids: [RUN_A, 1, 101], qcStatusId: 1 },
      404,
    ],
    ['a sample that does not exist', { entityType: 'Sample', id: 1, qcStatusId: 1 }, 404],
    ['a note with <', { entityType: 'Pool', id: 1, qcNote: '<b>' }, 400],
    ['a body that is not JSON', '{"entityType":', 400],
  ])('answers %s with a JSON error', async (_case, body, status) => {
    const response =
      typeof body === 'string'
        ? await server.get('/rest/qcstatuses', admin, {
            method: 'PUT',
            body,
            headers: { 'content-type': 'application/json' },
          })
        : await server.putJson('/rest/qcstatuses', body, admin);
    expect(response.status).toBe(status);
    expect(MisoRestError.safeParse(await response.json()).success).toBe(true);
  });

  it('refuses a run-library status that is not configured', async () => {
    const response = await server.putJson(
      '/rest/qcstatuses',
      runLibraryNode(await runLibrary(101, 2), { qcStatusId: 99 }),
      admin,
    );
    expect(response.status).toBe(400);
    expect(MisoRestError.parse(await response.json()).data).toEqual({ qcStatusId: 'Invalid run-library QC status' });
  });

  it('applies a bulk update all-or-nothing', async () => {
    const [a, b] = [await runLibrary(101, 2), await runLibrary(104, 1)];
    const bad = { ...runLibraryNode(b, { qcStatusId: 1 }), ids: [RUN_A, b.partitionId, 999] };
    const failed = await server.putJson('/rest/qcstatuses/bulk', [runLibraryNode(a, { qcStatusId: 1 }), bad], admin);
    expect(failed.status).toBe(404);
    expect((await runLibrary(101, 2)).qcStatusId).toBeNull();

    const ok = await server.putJson(
      '/rest/qcstatuses/bulk',
      [runLibraryNode(a, { qcStatusId: 1 }), runLibraryNode(b, { qcStatusId: 2, qcNote: 'x' })],
      admin,
    );
    expect(ok.status).toBe(204);
    expect([(await runLibrary(101, 2)).qcStatusId, (await runLibrary(104, 1)).qcStatusId]).toEqual([1, 2]);
  });

  it('reaches Cardea after the ETL delay: every Sample with that run-library id, and the timestamp', async () => {
    const samples = () =>
      server.world.caseData.cases.flatMap((c) =>
        (c.tests ?? []).flatMap((t) => [...(t.fullDepthSequencings ?? []), ...(t.libraryQualifications ?? [])]),
      );
    const target = samples().find((s) => s.id === `${RUN_A}_1_LDI101`);
    const before = server.world.timestamp;
    const rl = await runLibrary(101, 1);
    expect(
      (await server.putJson('/rest/qcstatuses', runLibraryNode(rl, { qcStatusId: 2, qcNote: 'contaminated' }), admin))
        .status,
    ).toBe(204);
    expect(target?.qcPassed).toBe(true);
    await server.world.etlSettled();
    expect(target).toMatchObject({
      qcPassed: false,
      qcReason: 'Failed',
      qcNote: 'contaminated',
      qcUser: 'Ada Admin',
      qcDate: date,
      dataReviewPassed: null,
      dataReviewUser: null,
      dataReviewDate: null,
    });
    expect(samples().find((s) => s.id === `${RUN_B}_1_LDI101`)?.qcReason).toBe('Failed');
    expect(samples().find((s) => s.id === `${RUN_A}_2_LDI101`)?.qcPassed ?? null).toBeNull();
    expect(Date.parse(server.world.timestamp)).toBeGreaterThan(Date.parse(before));
    expect(server.world.caseData.timestamp).toBe(server.world.timestamp);
  });

  it('moves run QC into every run object with that id, shared or copied, and logs the change', async () => {
    const runNode: QcNodeDto = {
      entityType: 'Run',
      typeLabel: 'Run',
      id: RUN_A,
      ids: null,
      name: null,
      label: null,
      qcPassed: false,
      qcStatusId: null,
      qcNote: null,
      dataReview: null,
    };
    expect((await server.putJson('/rest/qcstatuses', runNode, admin)).status).toBe(204);
    await server.world.etlSettled();
    const runs = server.world.caseData.cases
      .flatMap((c) => (c.tests ?? []).flatMap((t) => t.fullDepthSequencings ?? []))
      .map((s) => s.run);
    expect(runs).toHaveLength(4);
    for (const run of runs)
      expect(run).toMatchObject({ id: RUN_A, qcPassed: false, qcUser: 'Ada Admin', qcDate: date });
    const log = Array.from((await runPage(`/run/${RUN_A}`)).querySelectorAll('#changelog tbody tr')).map((tr) =>
      text(tr.children[0]),
    );
    expect(log).toEqual(['QC: Ready → Failed']);
  });

  it('logs run-library changes on the run page with container, lane and alias', async () => {
    const rl = await runLibrary(104, 1);
    await server.putJson('/rest/qcstatuses', runLibraryNode(rl, { qcStatusId: 1 }), admin);
    const log = Array.from((await runPage(`/run/${RUN_A}`)).querySelectorAll('#changelog tbody tr')).map((tr) =>
      text(tr.children[0]),
    );
    expect(log[0]).toMatch(/^HYGHJDSX3 1 PROJ_0002_Café&Co_WG-1: QC status: Pending → Passed/);
  });
});

describe('MISO sandbox: /rest/runs', () => {
  it.each([`/rest/runs/${RUN_A}`, `/rest/runs/alias/${RUN_A_NAME}`])('serves the RunDto at %s', async (path) => {
    const response = await server.get(path, admin);
    expect(response.status).toBe(200);
    expect(RunDto.parse(await response.json())).toMatchObject({ id: RUN_A, alias: RUN_A_NAME, qcPassed: true });
  });

  it('answers an unknown run with a 404 JSON error', async () => {
    const response = await server.get('/rest/runs/999', admin);
    expect(response.status).toBe(404);
    expect(MisoRestError.parse(await response.json()).detail).toBe('No run found with ID 999');
  });

  it('saves the run page’s RunDto with DefaultRunService’s rules', async () => {
    const run = RunDto.parse(await (await server.get(`/rest/runs/${RUN_A}`, admin)).json());
    const tech = await server.login('tech');
    const review = await server.putJson(`/rest/runs/${RUN_A}`, { ...run, dataReview: true }, tech);
    expect(review.status).toBe(400);
    expect(MisoRestError.parse(await review.json()).data).toEqual({
      dataReview: 'You are not authorized to make this change',
    });

    const reviewed = await server.putJson(`/rest/runs/${RUN_A}`, { ...run, dataReview: true }, admin);
    expect(RunDto.parse(await reviewed.json())).toMatchObject({ dataReview: true, dataReviewer: 'Ada Admin' });

    const requeued = await server.putJson(`/rest/runs/${RUN_A}`, { ...run, qcPassed: null, dataReview: true }, admin);
    expect(RunDto.parse(await requeued.json())).toMatchObject({ qcPassed: null, qcUserName: null, dataReview: null });

    const early = await server.putJson(`/rest/runs/${RUN_A}`, { ...run, qcPassed: null, dataReview: false }, admin);
    expect(early.status).toBe(400);
    expect(MisoRestError.parse(await early.json()).detail).toBe('Cannot set data review before QC status');
  });
});
