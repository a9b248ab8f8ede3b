// @vitest-environment node
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createNabuClient, toWireRequest } from '../../../lib/nabu/client';
import { FetchError } from '../../../lib/net/failure';
import { nabuKeyProblem } from '../../../lib/settings-schema';
import { nabuUrlDecode } from '../../../sandbox/nabu/validate';
import { bulkRequest } from '../../builders/nabu';
import { startSandboxNabu, type SandboxNabu } from './sandbox-nabu';

let sandbox: SandboxNabu;
beforeEach(async () => {
  sandbox = await startSandboxNabu();
});
afterEach(() => sandbox.close());

describe('notes and Release deliverables arrive exactly as typed (Nabu URL-decodes them)', () => {
  const texts = [
    '50% + tumour/normal ✓',
    'a+b',
    '100%',
    '%41 is not A',
    'ümlaut & ünïcode 🧬',
    'line 1\nline 2',
    '  spaced  ',
  ];

  test.each(texts)('%j survives Nabu’s decoding', (text) => {
    const wire = toWireRequest(bulkRequest({ comment: text }));
    expect(nabuUrlDecode(wire.comment)).toBe(text);
  });

  test.each(texts)('%j is stored and read back byte for byte', async (text) => {
    const client = createNabuClient({ baseUrl: sandbox.url, apiKey: sandbox.nabu.apiKey });
    const [saved] = await client.bulkSignoff(bulkRequest({ comment: text }));
    expect(saved.comment).toBe(text);
    const [read] = await client.signoffsFor('PANX_1084_b3_Co_M');
    expect(read.comment).toBe(text);
    expect(sandbox.nabu.rows.at(-1)?.comment).toBe(text);
  });

  test('a Release deliverable with "+" and "%" is stored as named', async () => {
    const client = createNabuClient({ baseUrl: sandbox.url, apiKey: sandbox.nabu.apiKey });
    const [row] = await client.bulkSignoff(
      bulkRequest({ signoffStepName: 'RELEASE', deliverable: 'RNA+DNA 100%', qcPassed: true, release: false }),
    );
    expect(row.deliverable).toBe('RNA+DNA 100%');
  });

  test('an empty note is sent as null', () => {
    expect(toWireRequest(bulkRequest({ comment: '' })).comment).toBeNull();
  });
});

describe('reads', () => {
  test('one case (its id percent-encoded in the path) and all cases, newest row per key', async () => {
    const client = createNabuClient({ baseUrl: sandbox.url, apiKey: sandbox.nabu.apiKey });
    await client.bulkSignoff(bulkRequest({ caseIdentifiers: ['A/B C', 'OTHER'], qcPassed: false, release: false }));
    await client.bulkSignoff(bulkRequest({ caseIdentifiers: ['A/B C'] }));
    const mine = await client.signoffsFor('A/B C');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ caseIdentifier: 'A/B C', qcPassed: true, release: true });
    expect((await client.allSignoffs()).map((r) => r.caseIdentifier)).toEqual(['A/B C', 'OTHER']);
  });
});

describe('the API key', () => {
  test('a wrong key is an "unauthorized" failure that names the options', async () => {
    const client = createNabuClient({ baseUrl: sandbox.url, apiKey: 'wrong-key' });
    const error = await client.allSignoffs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).failure).toMatchObject({ kind: 'unauthorized', system: 'Nabu', status: 401 });
    expect((error as FetchError).message).toContain('fix the Nabu API key in Bao’s options');
  });

  test('is sent only to the Nabu origin: redirects are refused, not followed with the key', async () => {
    const seen: RequestInit[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      seen.push(init);
      throw new TypeError('Failed to fetch');
    });
    const client = createNabuClient({ baseUrl: 'https://nabu.lab.org', apiKey: 'k-1' });
    await expect(client.signoffsFor('../../evil.example/x')).rejects.toBeInstanceOf(FetchError);
    expect(seen[0].redirect).toBe('error');
    expect(new Headers(seen[0].headers).get('X-API-KEY')).toBe('k-1');
    vi.unstubAllGlobals();
  });

  test.each([
    ['only the part before its hyphen', 'baosandbox7k2m9q4x8w1r6t3z5n0p'],
    ['a quote in it', `baosandbox7k2m9q4x8w1r6t3z5n0p-v4h8c2j6s1f9d3l7g5b0k8m2x6q4w1e9r3t7'`],
    ['a space in it', 'abc-def ghi'],
    ['three parts', 'abc-def-ghi'],
  ])('a key with %s is never sent: the user is told to fix it in the options', async (_name, apiKey) => {
    const fetch = vi.fn(
      async () => new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetch);
    try {
      const client = createNabuClient({ baseUrl: 'https://nabu.lab.org', apiKey });
      for (const call of [() => client.allSignoffs(), () => client.signoffsFor('CASE_1')]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FetchError);
        expect((error as FetchError).message).toMatch(
          /Nabu API key: it must be the whole key Nabu issued, <id>-<secret>.*fix it in Bao’s options \(nothing was sent\)/,
        );
      }
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  test('the key the sandbox issues has the shape Bao requires', async () => {
    expect(nabuKeyProblem(sandbox.nabu.apiKey)).toBeNull();
    const issued = sandbox.nabu.createToken('someone');
    expect(nabuKeyProblem(issued)).toBeNull();
    await expect(createNabuClient({ baseUrl: sandbox.url, apiKey: issued }).allSignoffs()).resolves.toBeInstanceOf(
      Array,
    );
  });

  test('a case id cannot leave the Nabu path', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response('[]', { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const client = createNabuClient({ baseUrl: 'https://nabu.lab.org/api', apiKey: 'k-1' });
    await client.signoffsFor('//evil.example/x?y#z');
    expect(urls).toEqual(['https://nabu.lab.org/api/case/%2F%2Fevil.example%2Fx%3Fy%23z/sign-off']);
    vi.unstubAllGlobals();
  });
});

describe('Nabu’s error bodies, in both shapes it sends', () => {
  const failureFor = async (status: number, body: string) => {
    vi.stubGlobal('fetch', async () => new Response(body, { status, headers: { 'Content-Type': 'application/json' } }));
    try {
      const client = createNabuClient({ baseUrl: 'https://nabu.lab.org', apiKey: 'k-1' });
      const error = await client.signoffsFor('CASE_1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FetchError);
      return (error as FetchError).failure;
    } finally {
      vi.unstubAllGlobals();
    }
  };

  const cases: [string, number, string, Record<string, unknown>][] = [
    [
      'a validation list, without its "undefined : " prefix',
      400,
      '{"errors":["undefined : username must be provided. Sign-off must be associated with a deliverable type"]}',
      {
        kind: 'http',
        status: 400,
        detail: 'username must be provided. Sign-off must be associated with a deliverable type',
      },
    ],
    [
      'a database error naming its case',
      500,
      '{"errors":["Error adding sign-off CASE_2"]}',
      { kind: 'server', status: 500, detail: 'Error adding sign-off CASE_2' },
    ],
    [
      'Express’s message for malformed JSON, as a string',
      400,
      '{"errors":"Unexpected token } in JSON at position 21"}',
      { kind: 'http', status: 400, detail: 'Unexpected token } in JSON at position 21' },
    ],
    [
      'an undecodable path, as a string',
      400,
      `{"errors":"Failed to decode param '100%'"}`,
      { detail: "Failed to decode param '100%'" },
    ],
    ['a 404 with no body', 404, '', { kind: 'http', status: 404, detail: undefined }],
  ];
  test.each(cases)('%s', async (_label, status, body, expected) => {
    expect(await failureFor(status, body)).toMatchObject({ system: 'Nabu', ...expected });
  });

  test('a body of another shape names Nabu and the field it could not read', async () => {
    const failure = await failureFor(500, '{"errors":{"code":7}}');
    expect(failure).toMatchObject({ system: 'Nabu', kind: 'server', status: 500 });
    expect(failure.detail).toMatch(/^an error body Bao cannot read \(errors: /);
  });

  test('the sandbox’s database error reaches the user with its case', async () => {
    sandbox.nabu.injectDbFailure({ afterRows: 1 });
    const client = createNabuClient({ baseUrl: sandbox.url, apiKey: sandbox.nabu.apiKey });
    const error = await client
      .bulkSignoff(bulkRequest({ caseIdentifiers: ['CASE_1', 'CASE_2', 'CASE_3'] }))
      .catch((e: unknown) => e);
    expect((error as FetchError).message).toBe('Nabu had an internal error (HTTP 500): Error adding sign-off CASE_2.');
  });
});
