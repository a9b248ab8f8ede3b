import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DocumentIndexer, ingestDimsum } from '../lib/cardea/ingest';
import { request } from '../lib/net/fetch-json';
import { CountingWriter } from './counting-writer';
import type { ChildResult } from './ingest-result';

// One measurement in a process of its own (so one run's garbage and peaks don't leak into the
// next): `tsx bench/ingest-child.ts <stream|baseline> <cardea url>`; prints one JSON line.

const DOCUMENT_TIMEOUT_MS = 30 * 60_000;

const Whole = z.object({
  assaysById: z.record(z.string(), z.unknown()),
  cases: z.array(z.unknown()),
  omittedRunSamples: z.array(z.unknown()).nullish(),
  timestamp: z.unknown(),
});

class MemorySampler {
  private baseline = process.memoryUsage();
  private peakRss = 0;
  private peakHeap = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    this.baseline = process.memoryUsage();
    resetPeakRss();
    this.timer = setInterval(() => this.sample(), 20);
  }

  /** Also called between the baseline's synchronous steps, which the timer cannot interrupt. */
  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, rss);
    this.peakHeap = Math.max(this.peakHeap, heapUsed);
  }

  stop(): { rss: number; heap: number } {
    clearInterval(this.timer);
    this.sample();
    const peakRss = Math.max(this.peakRss, kernelPeakRss() ?? 0);
    return { rss: peakRss - this.baseline.rss, heap: this.peakHeap - this.baseline.heapUsed };
  }
}

/** Linux keeps the exact peak (VmHWM); writing 5 to clear_refs resets it to the current RSS. */
function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the 20 ms samples still bound the peak
  }
}

function kernelPeakRss(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function streaming(url: string, writer: CountingWriter) {
  const response = await request(`${url}/dimsum`, { system: 'Cardea', timeoutMs: DOCUMENT_TIMEOUT_MS });
  if (!response.body) throw new Error('no body');
  return ingestDimsum(response.body, writer, { url: `${url}/dimsum` });
}

async function baseline(url: string, writer: CountingWriter, sampler: MemorySampler) {
  const response = await request(`${url}/dimsum`, { system: 'Cardea', timeoutMs: DOCUMENT_TIMEOUT_MS });
  const text = await response.text();
  sampler.sample();
  const raw: unknown = JSON.parse(text);
  sampler.sample();
  const doc = Whole.parse(raw);
  const indexer = new DocumentIndexer(writer, { url: `${url}/dimsum` });
  indexer.summary.bytes = Buffer.byteLength(text);
  indexer.timestamp(doc.timestamp);
  for (const [key, assay] of Object.entries(doc.assaysById)) indexer.assay(key, assay);
  for (const [i, omitted] of (doc.omittedRunSamples ?? []).entries()) indexer.omittedRunLibrary(i, omitted);
  for (const [i, c] of doc.cases.entries()) {
    indexer.case(i, c);
    await indexer.flushIfFull();
  }
  sampler.sample();
  return indexer.finish();
}

async function main(): Promise<void> {
  const [mode, url] = process.argv.slice(2);
  if ((mode !== 'stream' && mode !== 'baseline') || !url)
    throw new Error('usage: ingest-child.ts <stream|baseline> <url>');
  const writer = new CountingWriter();
  const sampler = new MemorySampler();
  // Settle after start-up (module loading) so the baseline is the idle process.
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
  sampler.start();
  const started = performance.now();
  const summary = mode === 'stream' ? await streaming(url, writer) : await baseline(url, writer, sampler);
  const ms = performance.now() - started;
  const peak = sampler.stop();
  const result: ChildResult = {
    mode,
    ms,
    bytes: summary.bytes,
    cases: summary.cases,
    runLibraryRecords: writer.counts.runLibraries,
    peakRssBytes: peak.rss,
    peakHeapBytes: peak.heap,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
