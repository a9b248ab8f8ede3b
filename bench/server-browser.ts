import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { SnapshotCaseFile, SnapshotIndex, SnapshotRunFile } from '../lib/snapshot/schema';

// One simulated browser in server mode, in a worker thread of its own so its parses do not queue behind the
// other browsers' (each has its own event loop; the machine's cores are shared as a lab's browsers are not).
// On "load" and on "change" it polls index.json with a conditional GET until the snapshot changes, fetches
// the case files it does not have (6 at a time), and reports when its badge would show the new counts; then
// it opens 3 runs (fetching only run files it does not have) and polls once more, idle.

export interface BrowserInput {
  base: string;
  /** Its polls' offset within the poll interval (browsers do not poll in step). */
  phaseMs: number;
  pollMs: number;
}

export type BrowserCommand = { type: 'load' } | { type: 'change'; changedRun: string } | { type: 'stop' };

export interface BrowserReport {
  /** When the badge would show the new snapshot (performance.timeOrigin + now, comparable across threads). */
  badgeAt: number;
  bytes: number;
  cpuMs: number;
  indexCpuMs: number;
  caseCpuMs: number;
  caseFilesFetched: number;
  caseFilesListed: number;
  runFilesFetched: number;
  idlePollBytes: number;
  idlePollStatus: number;
}

const RUNS_OPENED = 3;
const CASE_FETCHES_IN_FLIGHT = 6;

interface Wire {
  status: number;
  /** Request and response, headers and body, as they cross the network. */
  bytes: number;
  etag: string | undefined;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CASE_FETCHES_IN_FLIGHT });

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
          headerBytes += res.rawHeaders[i]!.length + res.rawHeaders[i + 1]!.length + 4;
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

/** This thread's CPU time in ms (Linux schedstat, ns); wall time where there is none. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return performance.now();
  }
}

/** CPU of a synchronous step, this thread's only. */
function cpuOf<T>(step: () => T): { value: T; ms: number } {
  const before = threadCpuMs();
  const value = step();
  return { value, ms: threadCpuMs() - before };
}

const input = workerData as BrowserInput;
const caseFiles = new Set<string>();
const runFiles = new Set<string>();
let etag: string | null = null;
let generation: string | undefined;
let opened: string[] = [];

async function update(command: Exclude<BrowserCommand, { type: 'stop' }>): Promise<BrowserReport> {
  let bytes = 0;
  let cpuMs = 0;
  let index: SnapshotIndex | undefined;
  let first = true;
  while (!index) {
    await new Promise((resolve) => setTimeout(resolve, first ? input.phaseMs : input.pollMs));
    first = false;
    const wire = await get(`${input.base}/index.json`, etag).catch(() => undefined);
    if (wire?.status !== 200) continue;
    bytes += wire.bytes;
    const parsed = cpuOf(() => SnapshotIndex.parse(JSON.parse(wire.body.toString('utf8'))));
    cpuMs += parsed.ms;
    etag = wire.etag ?? null;
    if (parsed.value.generation !== generation) index = parsed.value;
  }
  const indexCpuMs = cpuMs;
  let caseCpuMs = 0;
  const missing = index.caseFiles.filter((entry) => !caseFiles.has(entry.file));
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CASE_FETCHES_IN_FLIGHT, missing.length) }, async () => {
      while (next < missing.length) {
        const { file } = missing[next++]!;
        const wire = await get(`${input.base}/${file}`, null);
        if (wire.status !== 200) throw new Error(`${file}: HTTP ${wire.status}`);
        bytes += wire.bytes;
        caseCpuMs += cpuOf(() => SnapshotCaseFile.parse(JSON.parse(wire.body.toString('utf8')))).ms;
        caseFiles.add(file);
      }
    }),
  );
  cpuMs += caseCpuMs;
  // The extension drops the case files the new snapshot no longer lists.
  const listed = new Set(index.caseFiles.map((entry) => entry.file));
  for (const file of caseFiles) if (!listed.has(file)) caseFiles.delete(file);
  generation = index.generation;
  const badgeAt = performance.timeOrigin + performance.now();

  // The runs a user opens: on the first load three spread over the list; after the change the changed run
  // first, then the ones opened before. A run file already held (same name) is not fetched again.
  const runs = index.runs;
  if (command.type === 'load')
    opened = [runs[0]!, runs[Math.floor(runs.length / 2)]!, runs.at(-1)!].map((r) => r.runName);
  else opened = [command.changedRun, ...opened.filter((name) => name !== command.changedRun)].slice(0, RUNS_OPENED);
  let runFilesFetched = 0;
  for (const runName of opened) {
    const entry = runs.find((r) => r.runName === runName);
    if (!entry || runFiles.has(entry.file)) continue;
    const wire = await get(`${input.base}/${entry.file}`, null);
    bytes += wire.bytes;
    cpuMs += cpuOf(() => SnapshotRunFile.parse(JSON.parse(wire.body.toString('utf8')))).ms;
    runFiles.add(entry.file);
    runFilesFetched += 1;
  }
  const idle = await get(`${input.base}/index.json`, etag);
  return {
    badgeAt,
    bytes,
    cpuMs,
    indexCpuMs,
    caseCpuMs,
    caseFilesFetched: missing.length,
    caseFilesListed: index.caseFiles.length,
    runFilesFetched,
    idlePollBytes: idle.bytes,
    idlePollStatus: idle.status,
  };
}

parentPort!.on('message', (command: BrowserCommand) => {
  if (command.type === 'stop') {
    agent.destroy();
    parentPort!.close();
    return;
  }
  update(command).then(
    (report) => parentPort!.postMessage({ ok: true, report }),
    (error: unknown) =>
      parentPort!.postMessage({
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});
