// @vitest-environment node
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acceptedEncodings, startStaticServer, type StaticServer } from '../../../server/static';

let dir: string;
let server: StaticServer;
const INDEX = JSON.stringify({ generation: 'one' });
const RUN = JSON.stringify({ runName: 'RUN_1' });
const RUN_FILE = 'runs/RUN_1.0123456789abcdef.json';
const CASES = JSON.stringify({ bucket: 0, cases: [] });
const CASE_FILE = 'cases/0.0123456789abcdef.json';
const TRENDS = JSON.stringify({ assayId: 7, runs: [] });
const TREND_FILE = 'trends/7.0123456789abcdef.json';

async function generation(name: string, index: string): Promise<void> {
  const root = path.join(dir, 'generations', name);
  await mkdir(path.join(root, 'runs'), { recursive: true });
  await mkdir(path.join(root, 'cases'), { recursive: true });
  await mkdir(path.join(root, 'trends'), { recursive: true });
  for (const [file, content] of [
    ['index.json', index],
    [RUN_FILE, RUN],
    [CASE_FILE, CASES],
    [TREND_FILE, TRENDS],
  ]) {
    await writeFile(path.join(root, file), content);
    await writeFile(path.join(root, `${file}.gz`), gzipSync(content));
    await writeFile(path.join(root, `${file}.br`), brotliCompressSync(content));
  }
}

async function makeCurrent(name: string): Promise<void> {
  await symlink(path.join('generations', name), path.join(dir, 'current.tmp'));
  await rename(path.join(dir, 'current.tmp'), path.join(dir, 'current'));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bao-server-static-'));
  await generation('one', INDEX);
  await makeCurrent('one');
  server = await startStaticServer({ root: path.join(dir, 'current') });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

// Node's fetch decompresses by itself; these tests look at the bytes on the wire, so they use plain headers.
async function get(file: string, headers: Record<string, string> = {}) {
  const { request } = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${server.url}/${file}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the built-in static server', () => {
  test('index.json is revalidated on every poll: a second GET with its ETag is an empty 304', async () => {
    const first = await get('index.json');
    expect(first.status).toBe(200);
    expect(first.body.toString()).toBe(INDEX);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers.etag).toMatch(/^"[^"]+"$/);
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const second = await get('index.json', { 'If-None-Match': String(first.headers.etag) });
    expect(second.status).toBe(304);
    expect(second.body.length).toBe(0);
  });

  test('case files are cached for good', async () => {
    const response = await get(CASE_FILE);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body.toString()).toBe(CASES);
  });

  test('trend files are cached for good', async () => {
    const response = await get(TREND_FILE);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body.toString()).toBe(TRENDS);
  });

  test('run files are cached for good', async () => {
    const response = await get(RUN_FILE);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body.toString()).toBe(RUN);
  });

  test.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', undefined],
  ])('Accept-Encoding %s is answered with %s from the precompressed files', async (accept, encoding) => {
    const response = await get('index.json', { 'Accept-Encoding': accept });
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toBe('Accept-Encoding');
    const body =
      encoding === 'br' ? brotliCompressSync(INDEX) : encoding === 'gzip' ? gzipSync(INDEX) : Buffer.from(INDEX);
    expect(response.body).toEqual(body);
  });

  test('each encoding has its own ETag, so a cache never answers 304 for the wrong bytes', async () => {
    const br = await get('index.json', { 'Accept-Encoding': 'br' });
    const plain = await get('index.json');
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    expect((await get('index.json', { 'If-None-Match': String(br.headers.etag) })).status).toBe(200);
  });

  test('a switch of current is seen by the next request, with a new ETag', async () => {
    const before = await get('index.json');
    await generation('two', JSON.stringify({ generation: 'two' }));
    await makeCurrent('two');
    const after = await get('index.json', { 'If-None-Match': String(before.headers.etag) });
    expect(after.status).toBe(200);
    expect(after.body.toString()).toContain('"two"');
  });

  test.each(['missing.json', 'runs/RUN_2.0123456789abcdef.json', '..%2F..%2Fetc%2Fpasswd', 'runs', 'index.json.gz'])(
    '%s is a 404',
    async (file) => {
      expect((await get(file)).status).toBe(404);
    },
  );
});

test('acceptedEncodings honours q=0 and *', () => {
  expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
  expect(acceptedEncodings('gzip;q=0, *')).toEqual(['br']);
  expect(acceptedEncodings(undefined)).toEqual([]);
});
