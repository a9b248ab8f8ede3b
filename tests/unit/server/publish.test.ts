// @vitest-environment node
import { lstat, mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CaseDataInput } from '../../../lib/cardea/schema';
import { SnapshotCaseFile, SnapshotIndex, SnapshotRunFile, SnapshotTrendFile } from '../../../lib/snapshot/schema';
import { startBaoServer, type BaoServer, type BaoServerConfig } from '../../../server/server';
import { generateCaseData } from '../../../sandbox/cardea/generator';
import { startCardea, type CardeaStub } from './cardea-stub';

let dir: string;
let cardea: CardeaStub;
const servers: BaoServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bao-server-publish-'));
  cardea = await startCardea();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  await cardea.close();
  await rm(dir, { recursive: true, force: true });
});

async function server(config: Partial<BaoServerConfig> = {}): Promise<BaoServer> {
  const started = await startBaoServer({
    cardeaUrl: cardea.url,
    publishDir: dir,
    poll: false,
    log: () => undefined,
    ...config,
  });
  servers.push(started);
  return started;
}

const current = (...parts: string[]) => path.join(dir, 'current', ...parts);

async function index(): Promise<SnapshotIndex> {
  return SnapshotIndex.parse(JSON.parse(await readFile(current('index.json'), 'utf8')));
}

async function caseFile(file: string): Promise<SnapshotCaseFile> {
  return SnapshotCaseFile.parse(JSON.parse(await readFile(current(file), 'utf8')));
}

async function runFile(file: string): Promise<SnapshotRunFile> {
  return SnapshotRunFile.parse(JSON.parse(await readFile(current(decodeURIComponent(file)), 'utf8')));
}

function runNamesOf(doc: CaseDataInput): Set<string> {
  const names = new Set<string>();
  for (const c of doc.cases) {
    for (const t of c.tests ?? [])
      for (const s of [...(t.libraryQualifications ?? []), ...(t.fullDepthSequencings ?? [])])
        if (s.run) names.add(s.run.name);
  }
  return names;
}

/** Changes one full-depth library of the first case, so exactly its run's file changes. */
function changeOneRun(doc: CaseDataInput): string {
  for (const t of doc.cases[0]?.tests ?? []) {
    const sample = (t.fullDepthSequencings ?? []).find((s) => s.run);
    if (sample?.run) {
      sample.volume = 123.45;
      return sample.run.name;
    }
  }
  throw new Error('no full-depth library with a run in the first case');
}

describe('publishing a Cardea document', () => {
  test('writes an index and one file per run that match the contract, each with its .br and .gz', async () => {
    await (await server()).pollNow();
    const published = await index();
    expect(published.cardea).toMatchObject({ url: cardea.url, timestamp: '2026-11-20T06:00:00Z', failure: null });
    const cases = (await Promise.all(published.caseFiles.map((entry) => caseFile(entry.file)))).flatMap((f) => f.cases);
    expect(cases.map((c) => c.id).sort()).toEqual(cardea.doc.cases.map((c) => c.id).sort());
    expect(published.caseFiles.map((entry) => entry.count).reduce((a, b) => a + b, 0)).toBe(cardea.doc.cases.length);
    expect(brotliDecompressSync(await readFile(current(`${published.caseFiles[0].file}.br`)))).toEqual(
      await readFile(current(published.caseFiles[0].file)),
    );
    expect(new Set(published.runs.map((r) => r.runName))).toEqual(runNamesOf(cardea.doc));
    for (const entry of published.runs) {
      const file = await runFile(entry.file);
      expect(file.runName).toBe(entry.runName);
      expect(file.libraries.length).toBeGreaterThan(0);
      expect(file.assays.map((a) => a.id)).toEqual(file.facts?.assayIds);
    }
    const plain = await readFile(current('index.json'));
    expect(gunzipSync(await readFile(current('index.json.gz')))).toEqual(plain);
    expect(brotliDecompressSync(await readFile(current('index.json.br')))).toEqual(plain);
    const first = published.runs[0].file;
    expect(gunzipSync(await readFile(current(`${first}.gz`)))).toEqual(await readFile(current(first)));
    expect(published.keeper).toBeNull();
  });

  test('an unchanged run keeps its file name in the next generation; a changed run gets a new one', async () => {
    const bao = await server();
    await bao.pollNow();
    const before = await index();
    const changed = changeOneRun(cardea.doc);
    cardea.timestamp = '2026-11-20T07:00:00Z';
    await bao.pollNow();
    const after = await index();
    expect(after.generation).not.toBe(before.generation);
    const fileOf = (i: SnapshotIndex, run: string) => i.runs.find((r) => r.runName === run)?.file;
    for (const { runName, file } of before.runs) {
      if (runName === changed) expect(fileOf(after, runName)).not.toBe(file);
      else expect(fileOf(after, runName)).toBe(file);
    }
    expect((await runFile(fileOf(after, changed) ?? '')).libraries.some((l) => l.sample.volume === 123.45)).toBe(true);
  });

  test("a changed case changes only its bucket's file; the others keep their names and are hard-linked, not rewritten", async () => {
    await cardea.close();
    // Enough cases for several buckets.
    cardea = await startCardea(generateCaseData({ seed: 7, runs: 4, librariesPerLane: 4, cases: 200, lanes: 2 }));
    const bao = await server();
    await bao.pollNow();
    const before = await index();
    expect(before.caseFiles.length).toBeGreaterThan(1);
    const changedCase = cardea.doc.cases[0];
    changedCase.latestActivityDate = '2026-11-20';
    cardea.timestamp = '2026-11-20T07:00:00Z';
    await bao.pollNow();
    const after = await index();
    expect(after.caseFiles).toHaveLength(before.caseFiles.length);
    const changed = after.caseFiles.filter((entry, i) => entry.file !== before.caseFiles[i].file);
    expect(changed).toHaveLength(1);
    expect((await caseFile(changed[0].file)).cases.map((c) => c.id)).toContain(changedCase.id);
    const kept = after.caseFiles.find((entry) => entry.file !== changed[0].file)!;
    const previousCopy = path.join(dir, 'generations', before.generation, kept.file);
    expect((await stat(current(kept.file))).ino).toBe((await stat(previousCopy)).ino);
  });

  test('one trend file per assay the runs use, listing their runs; a new document with the same runs keeps the names, hard-linked', async () => {
    const bao = await server();
    await bao.pollNow();
    const before = await index();
    const assays = new Set<number>();
    for (const entry of before.runs) for (const id of (await runFile(entry.file)).facts?.assayIds ?? []) assays.add(id);
    expect(before.trends.files.map((entry) => entry.assayId).sort()).toEqual([...assays].sort());
    expect(before.trends.options).toEqual({ runs: 30, minHistory: 10 });
    const runNames = new Set(before.runs.map((r) => r.runName));
    for (const entry of before.trends.files) {
      const file = SnapshotTrendFile.parse(JSON.parse(await readFile(current(entry.file), 'utf8')));
      expect(file.assayId).toBe(entry.assayId);
      expect(file.runs.length).toBeGreaterThan(0);
      for (const { run } of file.runs) expect(runNames.has(run.name)).toBe(true);
      expect(gunzipSync(await readFile(current(`${entry.file}.gz`)))).toEqual(await readFile(current(entry.file)));
    }
    cardea.timestamp = '2026-11-20T07:00:00Z';
    await bao.pollNow();
    const after = await index();
    expect(after.generation).not.toBe(before.generation);
    expect(after.trends).toEqual(before.trends);
    const kept = after.trends.files[0].file;
    const previousCopy = path.join(dir, 'generations', before.generation, kept);
    expect((await stat(current(kept))).ino).toBe((await stat(previousCopy)).ino);
  });

  test('the same /timestamp is published once: polling again downloads nothing and keeps the index as it is', async () => {
    const bao = await server();
    await bao.pollNow();
    const first = await readFile(current('index.json'));
    await bao.pollNow();
    await bao.pollNow();
    expect(cardea.downloads).toBe(1);
    expect(await readFile(current('index.json'))).toEqual(first);
  });

  test('current switches to the new generation in one step and the previous one is pruned after the grace period', async () => {
    const bao = await server({ pruneAfterSeconds: 0 });
    await bao.pollNow();
    const first = await readlink(path.join(dir, 'current'));
    expect((await lstat(path.join(dir, 'current'))).isSymbolicLink()).toBe(true);
    cardea.timestamp = '2026-11-20T07:00:00Z';
    await bao.pollNow();
    const second = await readlink(path.join(dir, 'current'));
    expect(second).not.toBe(first);
    expect(await readdir(path.join(dir, 'generations'))).toEqual([path.basename(second)]);
  });

  test('old generations stay while the grace period lasts', async () => {
    const bao = await server({ pruneAfterSeconds: 3600 });
    await bao.pollNow();
    cardea.timestamp = '2026-11-20T07:00:00Z';
    await bao.pollNow();
    expect(await readdir(path.join(dir, 'generations'))).toHaveLength(2);
  });
});

describe('Cardea failing', () => {
  test('keeps the last snapshot published and says why in index.json; recovery clears it', async () => {
    const bao = await server();
    await bao.pollNow();
    const good = await index();
    cardea.failWith = 503;
    await bao.pollNow();
    const failing = await index();
    expect(failing.generation).toBe(good.generation);
    expect(failing.runs).toEqual(good.runs);
    expect(failing.cardea.failure).toMatchObject({ kind: 'server', system: 'Cardea', status: 503 });
    await runFile(good.runs[0].file);

    cardea.failWith = undefined;
    await bao.pollNow();
    expect((await index()).cardea.failure).toBeNull();
    expect(cardea.downloads).toBe(1);
  });

  test('a truncated document keeps the last good snapshot and names the document in the failure', async () => {
    const bao = await server();
    await bao.pollNow();
    const good = await index();
    cardea.timestamp = '2026-11-20T07:00:00Z';
    cardea.truncateAt = 5000;
    await bao.pollNow();
    const after = await index();
    expect(after.generation).toBe(good.generation);
    expect(after.cardea.timestamp).toBe(good.cardea.timestamp);
    expect(after.cardea.failure).toMatchObject({ kind: 'malformed', system: 'Cardea', url: `${cardea.url}/dimsum` });
    expect((await readdir(path.join(dir, 'generations'))).filter((name) => name.startsWith('.'))).toEqual([]);

    cardea.truncateAt = undefined;
    await bao.pollNow();
    expect((await index()).cardea).toMatchObject({ timestamp: '2026-11-20T07:00:00Z', failure: null });
  });

  test('with nothing published yet, a failing Cardea publishes nothing', async () => {
    cardea.failWith = 500;
    await (await server()).pollNow();
    await expect(readFile(current('index.json'))).rejects.toThrow();
  });
});
