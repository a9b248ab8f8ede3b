import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SIZES, ensureDocument } from './documents';
import { ChildResult } from './ingest-result';
import { serveDocument } from './serve';
import { median, type BenchModule, type Table } from './table';

const run = promisify(execFile);
const CHILD = path.resolve(import.meta.dirname, 'ingest-child.ts');
const MB = 1e6;
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));

/** Each figure's median across the repeats (time, and each peak, separately). */
function medianResult(results: ChildResult[]): ChildResult {
  return {
    ...results[0],
    ms: median(results.map((r) => r.ms)),
    peakRssBytes: median(results.map((r) => r.peakRssBytes)),
    peakHeapBytes: median(results.map((r) => r.peakHeapBytes)),
  };
}

function range(results: ChildResult[]): string {
  const times = results.map((r) => r.ms / 1000);
  return `${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)}`;
}

async function measure(mode: ChildResult['mode'], url: string): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, mode, url], {
    maxBuffer: 1024 * 1024,
    timeout: 30 * 60_000,
  });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  return ChildResult.parse(JSON.parse(lastLine));
}

const seconds = (ms: number) => ms / 1000;
const throughput = (r: ChildResult) => r.bytes / MB / (r.ms / 1000);
const mb = (bytes: number) => Math.max(0, bytes) / MB;

/** Bao's streaming ingest against the whole-document baseline, each in its own process, per document size. */
export const ingestBench: BenchModule = {
  name: 'ingest',
  async run(): Promise<Table[]> {
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    const spreads: string[] = [];
    for (const spec of SIZES) {
      const document = await ensureDocument(spec);
      const server = await serveDocument(document);
      try {
        // Interleaved repeats, so both ingests see the same background load; the medians are reported.
        const streams: ChildResult[] = [];
        const baselines: ChildResult[] = [];
        for (let i = 0; i < REPEAT; i++) {
          streams.push(await measure('stream', server.url));
          baselines.push(await measure('baseline', server.url));
        }
        const stream = medianResult(streams);
        const baseline = medianResult(baselines);
        spreads.push(`${spec.label}: stream ${range(streams)} s, baseline ${range(baselines)} s`);
        if (stream.cases !== baseline.cases || stream.runLibraryRecords !== baseline.runLibraryRecords) {
          throw new Error(`${spec.label}: the two ingests disagree (${stream.cases}/${baseline.cases} cases)`);
        }
        rows.push([
          spec.label,
          document.bytes / MB,
          stream.cases,
          seconds(stream.ms),
          seconds(baseline.ms),
          throughput(stream),
          throughput(baseline),
          mb(stream.peakRssBytes),
          mb(baseline.peakRssBytes),
          mb(stream.peakHeapBytes),
          mb(baseline.peakHeapBytes),
        ]);
        if (spec === SIZES.at(-1)) {
          const timeRatio = (stream.ms / baseline.ms).toFixed(2);
          notes.push(
            `${spec.label}: streaming peak RSS is ${pct(stream.peakRssBytes, baseline.peakRssBytes)} of the baseline's, ` +
              `its time ${timeRatio}x the baseline's (target: memory well under, time within 3x).`,
          );
        }
      } finally {
        await server.close();
      }
    }
    return [
      {
        title:
          'Cardea /dimsum ingest: streaming (@streamparser/json, batches of 500) vs baseline (text + JSON.parse); ' +
          'same zod validation and records',
        columns: [
          'document',
          'MB',
          'cases',
          'stream s',
          'base s',
          'stream MB/s',
          'base MB/s',
          'stream RSS MB',
          'base RSS MB',
          'stream heap MB',
          'base heap MB',
        ],
        rows,
        notes: [
          ...notes,
          `Medians of ${REPEAT} runs each (BENCH_REPEAT); times ranged ${spreads.join('; ')}.`,
          "Each ingest runs in its own Node process over loopback HTTP; peaks are above that process's idle state",
          "(RSS: kernel VmHWM and 20 ms samples; heap: heapUsed sampled every 20 ms and between the baseline's steps).",
          'Writes go to a writer that only counts (no IndexedDB): this measures parsing, validation and record extraction.',
        ],
      },
    ];
  },
};

function pct(a: number, b: number): string {
  return b > 0 ? `${Math.round((100 * a) / b)}%` : 'n/a';
}
