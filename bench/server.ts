import { spawn, execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { z } from 'zod';
import { ensureChangedDocument, type ChangedDocument } from './changed-document';
import { ensureDocument, SIZES, type BenchDocument } from './documents';
import type { BrowserCommand, BrowserInput, BrowserReport } from './server-browser';
import { median, type BenchModule, type Table } from './table';
import { bundleServer } from '../scripts/bundle-server.mjs';

// One Cardea change, read by 10 browsers: through a Bao server (it reads /dimsum once and publishes a
// snapshot; each browser polls index.json with a conditional GET and opens 3 run files) against direct
// mode (each browser downloads and parses /dimsum itself). `npm run bench -- server --size 50` for a quick run.

const execute = promisify(execFile);
const CHILD_SOURCE = path.resolve(import.meta.dirname, 'server-child.ts');
/** The child bundled as `npm run build:server` bundles the server, so the bench measures the deployed form. */
const CHILD = path.resolve(import.meta.dirname, 'tmp', 'server-child.mjs');
const BROWSER = path.resolve(import.meta.dirname, 'server-browser.ts');
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
  /** What /dimsum sends. */
  document: BenchDocument;
  close(): Promise<void>;
}

/** Cardea before its first document (`/timestamp` null), counting its `/dimsum` downloads. */
async function startCardea(document: BenchDocument): Promise<Cardea> {
  const server = http.createServer((req, res) => {
    if (req.url === '/timestamp') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(cardea.timestamp));
    } else if (req.url === '/dimsum') {
      cardea.downloads += 1;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': cardea.document.bytes });
      createReadStream(cardea.document.file, { highWaterMark: 64 * 1024 }).pipe(res);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cardea: Cardea = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    downloads: 0,
    timestamp: null,
    document,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return cardea;
}

interface Browser {
  send(command: BrowserCommand): Promise<BrowserReport>;
  stop(): Promise<void>;
}

/** One simulated browser in its own worker thread (see server-browser.ts). */
function startBrowser(input: BrowserInput): Browser {
  // Node 20 does not hand a worker the --import hooks of its parent: the worker registers tsx itself.
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(BROWSER).href)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  worker.unref();
  return {
    send(command) {
      return new Promise((resolve, reject) => {
        worker.once('message', (answer: { ok: true; report: BrowserReport } | { ok: false; error: string }) =>
          answer.ok ? resolve(answer.report) : reject(new Error(answer.error)),
        );
        worker.once('error', reject);
        worker.postMessage(command);
      });
    },
    async stop() {
      worker.postMessage({ type: 'stop' } satisfies BrowserCommand);
      await worker.terminate();
    },
  };
}

const now = () => performance.timeOrigin + performance.now();

const ServerLine = z.object({ url: z.string() });
const PublishLine = z.object({ publishMs: z.number(), peakRssBytes: z.number(), idleRssBytes: z.number() });
const DirectLine = z.object({ ms: z.number(), cpuMs: z.number(), bytes: z.number(), peakRssBytes: z.number() });

interface Phase {
  publish: z.infer<typeof PublishLine>;
  /** When /timestamp moved, and when the server's publish finished (absolute ms). */
  changedAt: number;
  publishedAt: number;
  /** /dimsum downloads at Cardea during the phase. */
  downloads: number;
  browsers: BrowserReport[];
}

/**
 * Server mode, twice: the cold start (Cardea's first document, browsers with nothing) and then the change (Cardea
 * moves to the changed document; the browsers hold the first snapshot's files).
 */
async function serverMode(cardea: Cardea, first: BenchDocument, changed: ChangedDocument) {
  const publishDir = await mkdtemp(path.join(tmpdir(), 'bao-bench-server-'));
  const child = spawn(process.execPath, ['--expose-gc', CHILD, 'server', cardea.url, publishDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the server child ended early');
    return JSON.parse(line.value) as unknown;
  };
  let browsers: Browser[] = [];
  try {
    const { url } = ServerLine.parse(await next());
    browsers = Array.from({ length: BROWSERS }, (_, i) =>
      startBrowser({ base: url, phaseMs: (i * BROWSER_POLL_MS) / BROWSERS, pollMs: BROWSER_POLL_MS }),
    );
    // Cardea's /timestamp moves; the server's next poll publishes it, the browsers' polls pick it up.
    const phase = async (document: BenchDocument, command: BrowserCommand): Promise<Phase> => {
      cardea.document = document;
      const downloads = cardea.downloads;
      const changedAt = now();
      cardea.timestamp = document.timestamp;
      const reports = Promise.all(browsers.map((browser) => browser.send(command)));
      child.stdin.write('poll\n');
      const publish = PublishLine.parse(await next());
      const publishedAt = now();
      const browserReports = await reports;
      return { publish, changedAt, publishedAt, downloads: cardea.downloads - downloads, browsers: browserReports };
    };
    const cold = await phase(first, { type: 'load' });
    const change = await phase(changed, { type: 'change', changedRun: changed.changedRun });
    return { cold, change };
  } finally {
    await Promise.all(browsers.map((browser) => browser.stop()));
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
  const { stdout } = await execute(process.execPath, [CHILD, 'direct', cardea.url], {
    timeout: 30 * 60_000,
  });
  return {
    counted,
    bytes: Math.max(...bytes),
    ingest: DirectLine.parse(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')),
  };
}

const max = (values: number[]) => Math.max(...values);

const ms = (reports: BrowserReport[], pick: (b: BrowserReport) => number) => median(reports.map(pick));

export const serverBench: BenchModule = {
  name: 'server',
  async run(): Promise<Table[]> {
    const label = sizeArgument();
    const spec = SIZES.find((s) => s.label === label)!;
    const document = await ensureDocument(spec);
    const changed = await ensureChangedDocument(spec);
    await bundleServer(CHILD_SOURCE, CHILD);
    const cardea = await startCardea(document);
    try {
      const { cold, change } = await serverMode(cardea, document, changed);
      const beforeDirect = cardea.downloads;
      const direct = await directMode(cardea);
      const directDownloads = direct.counted - beforeDirect;
      const coldBytes = max(cold.browsers.map((b) => b.bytes));
      const bytes = max(change.browsers.map((b) => b.bytes));
      const lastBadge = max(change.browsers.map((b) => b.badgeAt));
      const idle = max(change.browsers.map((b) => b.idlePollBytes));
      const caseFiles = change.browsers[0]!.caseFilesFetched;
      const rows: (string | number)[][] = [
        ['cold start: kB each browser transfers (all case files, 3 runs)', coldBytes / 1e3, document.bytes / 1e3, ''],
        ['cold start: CPU ms per browser, median (parse + validate)', ms(cold.browsers, (b) => b.cpuMs), '', ''],
        ['cold start: … of which index.json', ms(cold.browsers, (b) => b.indexCpuMs), '', ''],
        ['cold start: … of which case files', ms(cold.browsers, (b) => b.caseCpuMs), '', ''],
        [
          'cold start: s from /timestamp moving to every badge',
          (max(cold.browsers.map((b) => b.badgeAt)) - cold.changedAt) / 1000,
          '',
          '',
        ],
        ['cold start: server publish s', cold.publish.publishMs / 1000, '', ''],
        ['change: /dimsum downloads from Cardea', change.downloads, directDownloads, 'server: 1'],
        [
          'change: kB each browser transfers (3 runs opened)',
          bytes / 1e3,
          direct.bytes / 1e3,
          '< 0.5% of the document',
        ],
        [
          'change: … as % of the document',
          (100 * bytes) / changed.bytes,
          (100 * direct.bytes) / changed.bytes,
          '< 0.5%',
        ],
        ['change: case files fetched per browser', caseFiles, '', `of ${change.browsers[0]!.caseFilesListed} listed`],
        [
          'change: CPU ms per browser, median (parse + validate)',
          ms(change.browsers, (b) => b.cpuMs),
          direct.ingest.cpuMs,
          '< 50 ms',
        ],
        ['change: … of which index.json', ms(change.browsers, (b) => b.indexCpuMs), '', ''],
        ['change: … of which case files', ms(change.browsers, (b) => b.caseCpuMs), '', ''],
        [
          'change: … of which run files opened',
          ms(change.browsers, (b) => b.cpuMs - b.indexCpuMs - b.caseCpuMs),
          '',
          '',
        ],
        ['change: … the slowest browser', max(change.browsers.map((b) => b.cpuMs)), '', ''],
        [
          'change: s from /timestamp moving to every badge',
          (lastBadge - change.changedAt) / 1000,
          direct.ingest.ms / 1000,
          'publish + one poll',
        ],
        [
          'change: s from the publish finishing to every badge',
          (lastBadge - change.publishedAt) / 1000,
          '',
          `≤ one poll (${BROWSER_POLL_MS / 1000} s)`,
        ],
        [
          'change: server publish s (direct: one streaming ingest)',
          change.publish.publishMs / 1000,
          direct.ingest.ms / 1000,
          '≤ 1.5× direct',
        ],
        ['cold start: server peak RSS MB (direct: one ingest)', cold.publish.peakRssBytes / MB, '', '< 200 MB'],
        [
          'change: server peak RSS MB (direct: one ingest)',
          change.publish.peakRssBytes / MB,
          direct.ingest.peakRssBytes / MB,
          '< 200 MB',
        ],
        [
          'idle index.json poll bytes',
          idle,
          '',
          `a 304 (${change.browsers.every((b) => b.idlePollStatus === 304) ? 'it was' : 'it was NOT'}) < 500 B`,
        ],
      ];
      return [
        {
          title: `Bao server vs direct mode: a ${label} document's cold start, then one Cardea change, ${BROWSERS} browsers`,
          columns: ['figure', 'server mode', 'direct mode', 'goal'],
          rows,
          notes: [
            `The change: ${changed.changedCases.length} cases signed off (latestActivityDate moved) and one library of run ${changed.changedRun} edited.`,
            `Server mode: the server (its own process, serving with node:http) polls once when /timestamp moves; each browser (a worker`,
            `thread of its own) polls index.json every ${BROWSER_POLL_MS / 1000} s (staggered), fetches the case files it lacks (6 at a time), then opens ${RUNS_OPENED} runs`,
            '(after the change: the changed run first), fetching run files it lacks (br). Bytes: request and response headers and bodies as',
            "on the wire; CPU: the thread's own CPU time (schedstat) around JSON.parse + zod of what it fetched (decompression not counted).",
            `Direct mode: ${BROWSERS} browsers each download the changed /dimsum (counted at Cardea); one streaming ingest in its own process gives`,
            "each browser's CPU and time (a lower bound: no IndexedDB writes; every browser pays it on its own machine).",
            `Server peak RSS is the whole process (kernel VmHWM); it was ${(change.publish.idleRssBytes / MB).toFixed(0)} MB idle before the change's poll.`,
          ],
        },
      ];
    } finally {
      await cardea.close();
    }
  },
};
