import { spawn, execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { SnapshotIndex, SnapshotRunFile } from '../lib/snapshot/schema';
import { ensureDocument, SIZES, type BenchDocument } from './documents';
import { median, type BenchModule, type Table } from './table';

// One Cardea change, read by 10 browsers: through a Bao server (it reads /dimsum once and publishes a
// snapshot; each browser polls index.json with a conditional GET and opens 3 run files) against direct
// mode (each browser downloads and parses /dimsum itself). `npm run bench -- server --size 50` for a quick run.

const execute = promisify(execFile);
const CHILD = path.resolve(import.meta.dirname, 'server-child.ts');
const BROWSERS = 10;
const RUNS_OPENED = 3;
/** How often a simulated browser polls index.json (the extension's interval is a setting; 60 s by default). */
const BROWSER_POLL_MS = 2000;
const MB = 1e6;

function sizeArgument(): BenchDocument['label'] {
  const args = process.argv;
  const i = args.indexOf('--size');
  const wanted = i >= 0 ? args[i + 1] : (process.env.BENCH_SERVER_SIZE ?? '200');
  const spec = SIZES.find((s) => s.label.replace(/\s*MB$/, '') === wanted);
  if (!spec)
    throw new Error(`--size must be one of ${SIZES.map((s) => s.label.replace(/\s*MB$/, '')).join(', ')} (MB)`);
  return spec.label;
}

interface Cardea {
  url: string;
  downloads: number;
  timestamp: string | null;
  close(): Promise<void>;
}

/** Cardea before its change (`/timestamp` null), counting its `/dimsum` downloads. */
async function startCardea(document: BenchDocument): Promise<Cardea> {
  const server = http.createServer((req, res) => {
    if (req.url === '/timestamp') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(cardea.timestamp));
    } else if (req.url === '/dimsum') {
      cardea.downloads += 1;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': document.bytes });
      createReadStream(document.file, { highWaterMark: 64 * 1024 }).pipe(res);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cardea: Cardea = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    downloads: 0,
    timestamp: null,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return cardea;
}

interface Wire {
  status: number;
  /** Request and response, headers and body, as they cross the network. */
  bytes: number;
  etag: string | undefined;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true });

/** A GET as the extension sends it (br/gzip, its own ETag); counts the bytes on the wire and decodes the body. */
async function get(url: string, etag: string | null): Promise<Wire> {
  // A kept-alive socket the server closed just as this request went out: once more, on a new one.
  return getOnce(url, etag).catch(() => getOnce(url, etag));
}

function getOnce(url: string, etag: string | null): Promise<Wire> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Encoding': 'br, gzip' };
  if (etag) headers['If-None-Match'] = etag;
  const { host, pathname } = new URL(url);
  const requestBytes =
    `GET ${pathname} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`.length +
    Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 2);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        let headerBytes = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n\r\n`.length;
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          headerBytes += res.rawHeaders[i].length + res.rawHeaders[i + 1].length + 4;
        const encoding = res.headers['content-encoding'];
        const body = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
        resolve({
          status: res.statusCode ?? 0,
          bytes: requestBytes + headerBytes + raw.length,
          etag: res.headers.etag,
          body,
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

interface BrowserResult {
  bytes: number;
  cpuMs: number;
  indexCpuMs: number;
  updatedAfterMs: number;
  idlePollBytes: number;
  idlePollStatus: number;
}

/** CPU of a synchronous step (so the other simulated browsers in this process do not count). */
function cpuOf<T>(step: () => T): { value: T; ms: number } {
  const before = process.cpuUsage();
  const value = step();
  const used = process.cpuUsage(before);
  return { value, ms: (used.user + used.system) / 1000 };
}

/** One browser in server mode: polls index.json until it changes, then opens 3 runs' files, then polls once more idle. */
async function serverBrowser(base: string, changedAt: number, phase: number): Promise<BrowserResult> {
  await new Promise((resolve) => setTimeout(resolve, phase));
  let bytes = 0;
  let cpuMs = 0;
  let index: SnapshotIndex | undefined;
  let etag: string | null = null;
  while (!index) {
    const wire: Wire | undefined = await get(`${base}/index.json`, etag).catch(() => undefined);
    if (wire?.status === 200) {
      bytes += wire.bytes;
      const parsed = cpuOf(() => SnapshotIndex.parse(JSON.parse(wire.body.toString('utf8'))));
      cpuMs += parsed.ms;
      index = parsed.value;
      etag = wire.etag ?? null;
    } else await new Promise((resolve) => setTimeout(resolve, BROWSER_POLL_MS));
  }
  const updatedAfterMs = performance.now() - changedAt;
  const indexCpuMs = cpuMs;
  const runs = index.runs;
  const opened = [runs[0], runs[Math.floor(runs.length / 2)], runs[runs.length - 1]].slice(0, RUNS_OPENED);
  for (const run of opened) {
    const wire = await get(`${base}/${run.file}`, null);
    bytes += wire.bytes;
    cpuMs += cpuOf(() => SnapshotRunFile.parse(JSON.parse(wire.body.toString('utf8')))).ms;
  }
  const idle = await get(`${base}/index.json`, etag);
  return { bytes, cpuMs, indexCpuMs, updatedAfterMs, idlePollBytes: idle.bytes, idlePollStatus: idle.status };
}

const ServerLine = z.object({ url: z.string() });
const PublishLine = z.object({ publishMs: z.number(), peakRssBytes: z.number(), idleRssBytes: z.number() });
const DirectLine = z.object({ ms: z.number(), cpuMs: z.number(), bytes: z.number() });

async function serverMode(cardea: Cardea, document: BenchDocument) {
  const publishDir = await mkdtemp(path.join(tmpdir(), 'bao-bench-server-'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, 'server', cardea.url, publishDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the server child ended early');
    return JSON.parse(line.value) as unknown;
  };
  try {
    const { url } = ServerLine.parse(await next());
    // The change: Cardea's /timestamp moves; the server's next poll publishes it, the browsers' polls pick it up.
    const changedAt = performance.now();
    cardea.timestamp = document.timestamp;
    const browsers = Array.from({ length: BROWSERS }, (_, i) =>
      serverBrowser(url, changedAt, (i * BROWSER_POLL_MS) / BROWSERS),
    );
    child.stdin.write('poll\n');
    const publish = PublishLine.parse(await next());
    return { publish, browsers: await Promise.all(browsers) };
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(publishDir, { recursive: true, force: true });
  }
}

/** Direct mode: every browser downloads /dimsum (counted at Cardea); one full ingest measures what each then spends. */
async function directMode(cardea: Cardea) {
  const downloads = Array.from(
    { length: BROWSERS },
    () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(`${cardea.url}/dimsum`, (res) => {
            let bytes = 0;
            res.on('data', (chunk: Buffer) => (bytes += chunk.length));
            res.on('end', () => resolve(bytes));
          })
          .on('error', reject);
      }),
  );
  const bytes = await Promise.all(downloads);
  const counted = cardea.downloads;
  const { stdout } = await execute(process.execPath, ['--import', 'tsx', CHILD, 'direct', cardea.url], {
    timeout: 30 * 60_000,
  });
  return {
    counted,
    bytes: Math.max(...bytes),
    ingest: DirectLine.parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')),
  };
}

const max = (values: number[]) => Math.max(...values);

export const serverBench: BenchModule = {
  name: 'server',
  async run(): Promise<Table[]> {
    const label = sizeArgument();
    const document = await ensureDocument(SIZES.find((s) => s.label === label)!);
    const cardea = await startCardea(document);
    try {
      const server = await serverMode(cardea, document);
      const serverDownloads = cardea.downloads;
      const direct = await directMode(cardea);
      const directDownloads = direct.counted - serverDownloads;
      const perBrowser = server.browsers;
      const transferred = max(perBrowser.map((b) => b.bytes));
      const idle = max(perBrowser.map((b) => b.idlePollBytes));
      const rows: (string | number)[][] = [
        ['/dimsum downloads from Cardea', serverDownloads, directDownloads, 'server: 1'],
        ['kB each browser transfers (3 runs opened)', transferred / 1e3, direct.bytes / 1e3, '< 0.5% of the document'],
        [
          '… as % of the document',
          (100 * transferred) / document.bytes,
          (100 * direct.bytes) / document.bytes,
          '< 0.5%',
        ],
        [
          'CPU ms per browser, median (parse + validate)',
          median(perBrowser.map((b) => b.cpuMs)),
          direct.ingest.cpuMs,
          '< 50 ms',
        ],
        ['… of which index.json', median(perBrowser.map((b) => b.indexCpuMs)), '', ''],
        ['… the slowest browser (cold zod schemas)', max(perBrowser.map((b) => b.cpuMs)), '', ''],
        [
          's from /timestamp moving to every badge',
          max(perBrowser.map((b) => b.updatedAfterMs)) / 1000,
          direct.ingest.ms / 1000,
          'one poll + 2 s',
        ],
        [
          'server publish s (direct: one streaming ingest)',
          server.publish.publishMs / 1000,
          direct.ingest.ms / 1000,
          '≤ 1.5× direct',
        ],
        ['server peak RSS MB (idle before it)', server.publish.peakRssBytes / MB, '', '< 200 MB'],
        [
          'idle index.json poll bytes',
          idle,
          '',
          `a 304 (${perBrowser.every((b) => b.idlePollStatus === 304) ? 'it was' : 'it was NOT'}) < 500 B`,
        ],
      ];
      return [
        {
          title: `Bao server vs direct mode: one Cardea change of a ${label} document, ${BROWSERS} browsers`,
          columns: ['figure', 'server mode', 'direct mode', 'goal'],
          rows,
          notes: [
            `Server mode: the server (its own process, serving with node:http) polls once when /timestamp moves; each browser polls`,
            `index.json every ${BROWSER_POLL_MS / 1000} s (staggered), then fetches ${RUNS_OPENED} run files (br), no browser cache. Bytes: request and`,
            'response headers and bodies as on the wire; CPU: process.cpuUsage around JSON.parse + zod of what it fetched (decompression not counted).',
            `Direct mode: ${BROWSERS} browsers each download /dimsum (counted at Cardea); one streaming ingest in its own process gives`,
            "each browser's CPU and time (a lower bound: no IndexedDB writes; every browser pays it on its own machine).",
            'The simulated browsers share one process, so their parses queue: time to every badge includes ~10 parses in a row.',
            `Server peak RSS is the whole process (kernel VmHWM); it was ${(server.publish.idleRssBytes / MB).toFixed(0)} MB idle before the poll.`,
          ],
        },
      ];
    } finally {
      await cardea.close();
    }
  },
};
