// @vitest-environment node
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fetchSnapshotIndex, fetchSnapshotRun } from '../../../lib/bao-server/client';
import { FetchError, describeFailure, type Failure } from '../../../lib/net/failure';

const BASE = 'https://bao.lab.org';
const FILE = 'runs/230110_A00469_0410_BHXY7LDSX5.0123456789abcdef.json';

function serve(answer: (path: string, headers: Headers) => Response): { headers: Headers[] } {
  const seen: Headers[] = [];
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    seen.push(headers);
    return answer(new URL(input).pathname, headers);
  });
  return { headers: seen };
}

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof FetchError)) throw new Error(`expected a FetchError, got ${String(error)}`);
  return error.failure;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('index.json', () => {
  test('asks with the stored ETag, and a 304 means nothing changed', async () => {
    const { headers } = serve((_path, h) =>
      h.get('If-None-Match') === '"v1"' ? new Response(null, { status: 304 }) : new Response('{}', { status: 500 }),
    );
    expect(await fetchSnapshotIndex(BASE, '"v1"')).toEqual({ status: 'not-modified' });
    expect(headers[0]!.get('If-None-Match')).toBe('"v1"');
  });

  test('without an ETag it asks unconditionally', async () => {
    const { headers } = serve(() => new Response('not json', { status: 200 }));
    await fetchSnapshotIndex(BASE, null).catch(() => undefined);
    expect(headers[0]!.has('If-None-Match')).toBe(false);
  });

  const broken: [string, string, (f: Failure) => void][] = [
    ['truncated', '{"format":3,"generation":"g1","runs":[', (f) => expect(describeFailure(f)).toContain('index.json')],
    [
      'not a snapshot',
      JSON.stringify({ format: 3, generation: 'g1' }),
      (f) => expect(f.issues?.every((i) => i.startsWith('index.json '))).toBe(true),
    ],
    [
      'a newer format',
      JSON.stringify({ format: 4 }),
      (f) =>
        expect(describeFailure(f)).toMatch(
          /index\.json format: the Bao server publishes snapshot format 4; this Bao reads format 3/,
        ),
    ],
    // A server from before trend files: one sentence, not a list of mismatched fields.
    [
      'an older format',
      JSON.stringify({ format: 2, generation: 'g1', caseFiles: [] }),
      (f) =>
        expect(f.issues).toEqual([
          expect.stringMatching(
            /^index\.json format: the Bao server publishes snapshot format 2; this Bao reads format 3/,
          ),
        ]),
    ],
  ];
  test.each(broken)('a %s index.json is an error naming the Bao server and the file', async (_label, body, check) => {
    serve(() => new Response(body, { headers: { ETag: '"v2"' } }));
    const failure = await failureOf(fetchSnapshotIndex(BASE, null));
    expect(failure.system).toBe('Bao server');
    expect(describeFailure(failure)).toMatch(/^Bao server /);
    check(failure);
  });

  test.each([
    [500, 'server'],
    [503, 'server'],
    [404, 'http'],
  ] as const)('HTTP %i is a %s failure of the Bao server', async (status, kind) => {
    serve(() => new Response('oops', { status }));
    expect(await failureOf(fetchSnapshotIndex(BASE, '"v1"'))).toMatchObject({
      system: 'Bao server',
      kind,
      url: `${BASE}/index.json`,
    });
  });

  test('a server that cannot be reached is a network failure of the Bao server', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    expect(await failureOf(fetchSnapshotIndex(BASE, null))).toMatchObject({ system: 'Bao server', kind: 'network' });
  });
});

describe('run files', () => {
  test('a run file that is not one names the file in its error', async () => {
    serve(() => new Response(JSON.stringify({ format: 1, runName: 'X', run: {} })));
    const failure = await failureOf(fetchSnapshotRun(BASE, FILE));
    expect(failure).toMatchObject({ system: 'Bao server', kind: 'invalid', url: `${BASE}/${FILE}` });
    expect(describeFailure(failure)).toContain(FILE);
  });

  test('a truncated run file names the file', async () => {
    serve(() => new Response('{"format":1,"runName":"230110_A'));
    const failure = await failureOf(fetchSnapshotRun(BASE, FILE));
    expect(failure.kind).toBe('malformed');
    expect(describeFailure(failure)).toContain(FILE);
  });
});
