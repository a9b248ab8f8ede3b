import { readFileSync } from 'node:fs';
import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { inlineScriptContaining, jsonArgumentAfter } from '../../../lib/miso/inline-json';
import { checkMisoSession, metricsForm, submitMetricsForm } from '../../../lib/miso/qc-form';
import { readMetricsPage } from '../../../lib/miso/read-metrics-page';
import { MetricsPageRow, type MetricsRequest } from '../../../lib/miso/schema';
import { errorPage } from '../../../sandbox/miso/pages/layout';
import { metricsPage } from '../../../sandbox/miso/pages/metrics-page';
import { DEFAULT_USERS } from '../../../sandbox/miso/sessions';
import { DEFAULT_RUN_LIBRARY_QC_STATUSES } from '../../../sandbox/miso/type-data';

// The MISO-tab side of QC in MISO: the form it posts, the session check before posting, and
// reading MISO's answer (the metrics page or an error page).

const MISO = 'https://miso.lab.org';
/** Without MISO's stylesheet and script files, which happy-dom would try to fetch. */
const parse = (html: string) =>
  new DOMParser().parseFromString(html.replace(/<link [^>]*>|<script src="[^"]*"><\/script>/g, ''), 'text/html');
const fixtureHtml = readFileSync('tests/fixtures/miso/metrics-page.html', 'utf8');

const request: MetricsRequest = {
  report: 'Bao',
  library_aliquots: [
    {
      name: 'LDI1',
      run_id: 5476,
      partition: 2,
      metrics: [
        {
          title: 'Methylation Beta',
          threshold_type: 'between',
          threshold: 0.5,
          threshold_2: 0.95,
          value: 0.712345678901,
        },
        { title: 'Mean "Insert" Size & more', threshold_type: 'gt', threshold: 150, value: null },
      ],
    },
  ],
};

describe('the form (docs/qc-in-miso.md#what-is-sent)', () => {
  test('POST to {misoUrl}/runlibraries/metrics with one hidden field `data` holding the request as JSON', () => {
    const form = metricsForm(document, `${MISO}/miso`, request);
    expect(form.method.toUpperCase()).toBe('POST');
    expect(form.action).toBe(`${MISO}/miso/runlibraries/metrics`);
    expect(form.target).toBe('');
    const fields = Array.from(form.elements) as HTMLInputElement[];
    expect(fields.map((f) => [f.name, f.type])).toEqual([['data', 'hidden']]);
    expect(JSON.parse(fields[0]!.value)).toEqual(request);
  });

  test('never submitted to another origin than the page’s', () => {
    expect(() => submitMetricsForm(document, 'https://elsewhere.example', request)).toThrow(/only from a page of/);
  });
});

describe('the session check before posting (docs/qc-in-miso.md#miso-sessions)', () => {
  const answer = (status: number, url: string) =>
    ({ status, ok: status >= 200 && status < 300, url, redirected: url.endsWith('/login') }) as Response;

  test.each<[string, () => Promise<Response>, string]>([
    ['200 from /constants.js', async () => answer(200, `${MISO}/constants.js`), 'alive'],
    ['302 → /login, followed', async () => answer(200, `${MISO}/login`), 'expired'],
    ['a legacy /miso prefix redirected to /login', async () => answer(200, `${MISO}/login/`), 'expired'],
    ['401', async () => answer(401, `${MISO}/constants.js`), 'expired'],
    ['500', async () => answer(500, `${MISO}/constants.js`), 'unknown'],
    ['MISO unreachable', async () => Promise.reject(new TypeError('Failed to fetch')), 'unknown'],
  ])('%s → %s', async (_label, respond, expected) => {
    const fetchImpl = vi.fn(respond);
    expect(await checkMisoSession(MISO, fetchImpl)).toBe(expected);
  });

  test('asks without the cached copy and as XHR, so MISO does not make it the page to return to after login', async () => {
    const fetchImpl = vi.fn(async () => answer(200, `${MISO}/constants.js`));
    await checkMisoSession(MISO, fetchImpl);
    expect(fetchImpl).toHaveBeenCalledWith(`${MISO}/constants.js`, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
  });
});

describe('reading MISO’s answer', () => {
  test('the metrics page: run-library ids from the inline rows (run id, lane, LDI id), as the rows say', () => {
    const doc = parse(fixtureHtml);
    const page = readMetricsPage(doc);
    const hooks = Array.from(doc.querySelectorAll('#metricsTable > tbody > tr[data-run-library]'), (tr) =>
      tr.getAttribute('data-run-library'),
    );
    expect(hooks.length).toBeGreaterThan(0);
    expect(page).toMatchObject({ kind: 'table', drawn: true, missingValues: [] });
    expect(page?.kind === 'table' && page.runLibraryIds).toEqual(hooks);
  });

  test('a real MISO page has no data-run-library hooks: the inline JSON is enough', () => {
    const doc = parse(fixtureHtml.replace(/ data-run-library="[^"]*"/g, ''));
    const page = readMetricsPage(doc);
    expect(page?.kind === 'table' && page.runLibraryIds.every((id) => /^\d+_\d+_LDI\d+$/.test(id))).toBe(true);
  });

  test('a metric without a value: MISO’s script draws no table, and the reading says which', () => {
    const doc = parse(fixtureHtml);
    const script = inlineScriptContaining(doc, 'RunLibraryMetrics.buildTable(')!;
    const rows = z
      .array(MetricsPageRow)
      .parse(JSON.parse(jsonArgumentAfter(script, 'RunLibraryMetrics.buildTable(', '[')!));
    const html = metricsPage({
      rows: rows.map((row, i) => ({
        libraryAliquot: row.libraryAliquot,
        qcNodes: row.qcNodes,
        runLibraryId: `row-${i}`,
        metrics: [
          {
            title: 'Mean Insert Size',
            thresholdType: 'gt',
            threshold: 150,
            threshold2: 0,
            value: i === 0 ? null : 200,
          },
        ],
      })),
      user: DEFAULT_USERS[0]!,
      isRunReviewer: true,
      statuses: DEFAULT_RUN_LIBRARY_QC_STATUSES,
      hostileCss: false,
    });
    const page = readMetricsPage(parse(html));
    expect(page).toMatchObject({
      kind: 'table',
      drawn: false,
      missingValues: [`${rows[0]!.libraryAliquot.alias}: Mean Insert Size`],
    });
  });

  test.each([
    [404, 'Run-library not found', 'Page Not Found'],
    [400, 'Invalid request data', 'Bad Request'],
    [400, 'Request data missing', 'Bad Request'],
    [400, 'No metrics specified', 'Bad Request'],
    [405, "Request method 'GET' is not supported", 'Method Not Allowed'],
    [500, 'An unexpected error has occurred', 'Server Error'],
  ])('MISO’s %s error page: its title and message', (status, message, heading) => {
    expect(readMetricsPage(parse(errorPage(status, message, DEFAULT_USERS[0])))).toMatchObject({
      kind: 'error',
      heading,
      message,
    });
  });

  test('the sandbox’s error page has MISO’s shape: no h1 and no #contentcolumn', () => {
    const doc = parse(errorPage(400, 'Invalid request data', DEFAULT_USERS[0]));
    expect(doc.querySelector('h1, #contentcolumn')).toBeNull();
    expect(doc.querySelector('#maincontent > p.errorTitle')?.textContent).toBe('Bad Request');
    expect(doc.querySelector('#maincontent > div#flasherror')?.textContent).toBe('Invalid request data');
  });

  test('a page with a heading but none of MISO’s error parts is not read as an error', () => {
    expect(
      readMetricsPage(
        parse('<html><body><h1>Bad Request</h1><p id="errorMessage">Invalid request data</p></body></html>'),
      ),
    ).toBeUndefined();
  });
});
