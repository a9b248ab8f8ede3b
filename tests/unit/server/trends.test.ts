// @vitest-environment node
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { readTrend, readTrendWarnings } from '../../../lib/background/trends';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import { samplesByCategory } from '../../../lib/cardea/records';
import { readServerTrendWarnings } from '../../../lib/bao-server/trends';
import { listTrendRuns, openIndexWriter, type SnapshotMeta } from '../../../lib/db';
import type { TrendWarning } from '../../../lib/messages/protocol';
import { canonicalJson } from '../../../lib/snapshot/build';
import { SnapshotTrendFile, type SnapshotRunFile, type SnapshotTrendWarning } from '../../../lib/snapshot/schema';
import { trendFileOf, trendFromFile } from '../../../lib/snapshot/trends';
import { TREND_DEFAULTS } from '../../../lib/trends/schema';
import { seriesKeysOfRun } from '../../../lib/trends/series-keys';
import { generateCaseData } from '../../../sandbox/cardea/generator';
import { serializeCaseData } from '../../../sandbox/cardea/serialize';
import { DEFAULT_GENERATOR } from '../../../sandbox/server';
import { SpoolIndex } from '../../../server/spool-index';
import { freshDatabase } from '../pipeline/helpers';

// A Bao server's trends against direct mode's, on the same generated document (the sandbox's with one instrument
// drifting): for every run and every series the run has, the trend the server's files give is the one the local
// index gives, and the server's warnings are the ones direct mode finds.

function body(): ReadableStream<Uint8Array> {
  const pieces = serializeCaseData(generateCaseData({ ...DEFAULT_GENERATOR, trendDrift: true }));
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

const runFiles = new Map<string, SnapshotRunFile>();
const trendFiles = new Map<number, SnapshotTrendFile>();
let serverWarnings: Map<string, SnapshotTrendWarning[]>;
let assayNames: Map<number, string>;

beforeAll(async () => {
  await freshDatabase();
  await ingestDimsum(body(), await openIndexWriter('https://cardea.lab.org'), { batchSize: 50 });
  const spool = await SpoolIndex.create({
    writeRun: async (file) => {
      runFiles.set(file.runName, file);
      return `runs/${file.runName}.json`;
    },
  });
  try {
    await ingestDimsum(body(), spool, { batchSize: 50 });
    const assaysById = Object.fromEntries([...spool.assays].map(([id, assay]) => [String(id), assay]));
    serverWarnings = new Map();
    for (const assayId of spool.trendAssays) {
      const { file, warnings } = trendFileOf(assayId, spool.trendRuns(assayId), assaysById, TREND_DEFAULTS);
      // As a browser reads it: the published bytes, validated.
      trendFiles.set(assayId, SnapshotTrendFile.parse(JSON.parse(canonicalJson(file))));
      for (const [runName, list] of warnings)
        serverWarnings.set(runName, [...(serverWarnings.get(runName) ?? []), ...list]);
    }
    assayNames = new Map([...spool.assays].map(([id, assay]) => [id, assay.name]));
  } finally {
    await spool.dispose();
  }
}, 120_000);

const warningIds = (warnings: readonly SnapshotTrendWarning[]) =>
  warnings.map((w) => `${w.category} ${w.assayId} ${w.design} ${w.metric}: ${w.rules.join(',')}`).sort();

test('every series of every run: the trend from the server’s files equals the one from the local index', async () => {
  const listed = (await listTrendRuns())!;
  expect(runFiles.size).toBe(listed.runs.length);
  let compared = 0;
  let withHistory = 0;
  for (const { run } of listed.runs) {
    const file = runFiles.get(run.name)!;
    const current = { run: file.run, ...samplesByCategory(file.libraries, file.run) };
    const assaysById = Object.fromEntries(file.assays.map((a) => [String(a.id), a]));
    for (const key of seriesKeysOfRun(current, assaysById)) {
      const direct = await readTrend(run.name, key);
      const fromServer = trendFromFile(current, key, trendFiles.get(key.assayId)!, assaysById, TREND_DEFAULTS);
      expect(fromServer, `${run.name} ${key.metric}`).toEqual(direct);
      compared++;
      if (fromServer.series.history.length > 0) withHistory++;
    }
  }
  expect(compared).toBeGreaterThan(100);
  expect(withHistory).toBeGreaterThan(50);
}, 120_000);

test('the warnings index.json carries are the ones direct mode finds, on the drifting instrument’s latest run', async () => {
  const listed = (await listTrendRuns())!;
  const warned: string[] = [];
  for (const { run } of listed.runs) {
    const direct = (await readTrendWarnings(run.name))!.warnings;
    expect(warningIds(serverWarnings.get(run.name) ?? []), run.name).toEqual(warningIds(direct));
    if (direct.length > 0) warned.push(run.name);
  }
  expect(warned).toHaveLength(1);
  expect(warned[0]).toContain('BTREND');
}, 120_000);

const BASE = 'https://bao.lab.org';
afterAll(() => vi.unstubAllGlobals());

/** What the browser stored of index.json, and a server that serves the trend files. */
function servedSnapshot(): SnapshotMeta {
  const fileName = (assayId: number) => `trends/${assayId}.0123456789abcdef.json`;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    const assayId = Number(/trends\/(\d+)\./.exec(url)?.[1]);
    const file = trendFiles.get(assayId);
    return file ? new Response(canonicalJson(file)) : new Response('not found', { status: 404 });
  });
  return {
    generation: 1,
    source: BASE,
    snapshotId: 'g1',
    contentKey: 'k',
    etag: null,
    cardeaFailure: null,
    keeper: null,
    runs: Object.fromEntries(
      [...runFiles.keys()].map((name) => [
        name,
        { file: `runs/${name}.json`, ticket: null, trendWarnings: serverWarnings.get(name) ?? [] },
      ]),
    ),
    caseFiles: [],
    trends: {
      options: TREND_DEFAULTS,
      files: [...trendFiles.keys()].map((assayId) => ({
        assayId,
        assayName: assayNames.get(assayId)!,
        file: fileName(assayId),
      })),
    },
  };
}

const named = (warnings: readonly TrendWarning[]) =>
  warnings.map((w) => `${w.assayName} ${w.category} ${w.assayId} ${w.design} ${w.metric}: ${w.rules.join(',')}`).sort();

// With 20 runs the drifting instrument's baseline already holds part of its drift: no run warns, though index.json
// (judged with 30) lists one, so the second case shows the browser judged again rather than answer from index.json.
test.each([
  ['the server’s own options, from index.json', TREND_DEFAULTS, 1],
  ['a shorter series, judged again on the trend files', { runs: 20, minHistory: 3 }, 0],
])(
  'the warnings a browser in server mode answers with %s are direct mode’s',
  async (_, options, runsWarned) => {
    const snapshot = servedSnapshot();
    const listed = (await listTrendRuns())!;
    const warned = new Set<string>();
    for (const { run } of listed.runs) {
      const direct = (await readTrendWarnings(run.name, options))!;
      const served = (await readServerTrendWarnings(snapshot, run.name, options))!;
      expect(named(served.warnings), run.name).toEqual(named(direct.warnings));
      if (direct.warnings.length > 0) warned.add(run.name);
    }
    expect(warned.size).toBe(runsWarned);
    expect([...serverWarnings.keys()]).toHaveLength(1);
  },
  120_000,
);
