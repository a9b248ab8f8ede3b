import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ingestDimsum } from '../lib/cardea/ingest';
import { request } from '../lib/net/fetch-json';
import { startBaoServer } from '../server/server';
import { CountingWriter } from './counting-writer';

// The server bench's measurements that need a process of their own (so the peak RSS is one job's):
//   `server <cardea url> <publish dir>`: starts a Bao server (serving, not polling by itself), prints
//     {"url"}, and on each "poll" line on stdin polls Cardea and prints
//     {"publishMs","cpuMs","peakRssBytes","idleRssBytes"} (cpuMs: the whole process, libuv's compressing threads too);
//   `direct <cardea url>`: one browser's direct-mode ingest of /dimsum, prints {"ms","cpuMs","bytes","peakRssBytes"}
//     (its peak RSS: what the ingest alone costs in memory, the floor under the server's).

function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: the samples below still bound the peak
  }
}

function peakRss(sampled: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return Math.max(sampled, match ? Number(match[1]) * 1024 : 0);
  } catch {
    return sampled;
  }
}

async function server(cardeaUrl: string, publishDir: string): Promise<void> {
  const bao = await startBaoServer({ cardeaUrl, publishDir, port: 0, poll: false, log: () => undefined });
  process.stdout.write(`${JSON.stringify({ url: bao.url })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() !== 'poll') continue;
    globalThis.gc?.();
    const idleRssBytes = process.memoryUsage().rss;
    resetPeakRss();
    let sampled = 0;
    const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const cpu = process.cpuUsage();
    await bao.pollNow();
    const used = process.cpuUsage(cpu);
    const publishMs = performance.now() - started;
    clearInterval(timer);
    const cpuMs = (used.user + used.system) / 1000;
    process.stdout.write(`${JSON.stringify({ publishMs, cpuMs, peakRssBytes: peakRss(sampled), idleRssBytes })}\n`);
  }
  await bao.stop();
}

async function direct(cardeaUrl: string): Promise<void> {
  resetPeakRss();
  let sampled = 0;
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const response = await request(`${cardeaUrl}/dimsum`, { system: 'Cardea', timeoutMs: 30 * 60_000 });
  if (!response.body) throw new Error('no body');
  const summary = await ingestDimsum(response.body, new CountingWriter(), { url: `${cardeaUrl}/dimsum` });
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  clearInterval(timer);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, bytes: summary.bytes, peakRssBytes: peakRss(sampled) })}\n`);
}

const [mode, url, dir] = process.argv.slice(2);
if (mode === 'server' && url && dir) await server(url, dir);
else if (mode === 'direct' && url) await direct(url);
else throw new Error('usage: server-child.ts server <cardea url> <publish dir> | direct <cardea url>');
