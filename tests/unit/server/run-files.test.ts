// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import type { CaseDataInput } from '../../../lib/cardea/schema';
import { canonicalJson, canonicalRunFileJson } from '../../../lib/snapshot/build';
import { SnapshotRunFile } from '../../../lib/snapshot/schema';
import { SpoolIndex } from '../../../server/spool-index';
import { smallDocument } from './cardea-stub';

// A run file's bytes (and so its content-hashed name, which lets a browser keep what it fetched) depend
// on the run's data only: not on how the ingest happened to batch it, nor on the order of the keys in
// Cardea's JSON. The server builds them from its spool's lines without serialising the libraries again.

/** Every object's keys in reverse order, as another JSON writer might send them. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

/** Ingests a document into a SpoolIndex; resolves with each run's file JSON as the server would write it. */
async function runFiles(doc: unknown, batchSize?: number): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const spool = await SpoolIndex.create({
    writeRun: async (file, json) => {
      files.set(file.runName, json);
      return `runs/${file.runName}.json`;
    },
  });
  try {
    const body = new Blob([JSON.stringify(doc)]).stream();
    await ingestDimsum(body, spool, { batchSize });
  } finally {
    await spool.dispose();
  }
  return files;
}

/** A run-library in more than one case: the ingest meets it in several batches and merges it. */
function withSharedLibraries(doc: CaseDataInput): CaseDataInput {
  const copy = structuredClone(doc);
  const [first, second] = copy.cases;
  if (first && second) second.tests = [...(second.tests ?? []), ...structuredClone(first.tests ?? [])];
  return copy;
}

describe('run files', () => {
  test('are the canonical JSON of a valid run file, the same however the ingest batched the document or Cardea ordered its keys', async () => {
    const doc = withSharedLibraries(smallDocument(3));
    const whole = await runFiles(doc);
    const batchedSmall = await runFiles(doc, 1);
    const reordered = await runFiles(reversedKeys(doc), 2);
    expect(whole.size).toBeGreaterThan(1);
    expect([...batchedSmall.keys()].sort()).toEqual([...whole.keys()].sort());
    for (const [runName, json] of whole) {
      const parsed = SnapshotRunFile.parse(JSON.parse(json));
      expect(json).toBe(canonicalJson(parsed));
      expect(batchedSmall.get(runName)).toBe(json);
      expect(reordered.get(runName)).toBe(json);
    }
    // The shared libraries were merged: some library names more than one case.
    const libraries = [...whole.values()].flatMap((json) => SnapshotRunFile.parse(JSON.parse(json)).libraries);
    expect(libraries.some((library) => library.caseIds.length > 1)).toBe(true);
  });
});

describe('canonicalJson', () => {
  test('sorts keys at every level and drops undefined values, without changing what it was given', () => {
    const value = { b: 1, a: { d: [{ y: 1, x: undefined, w: null }], c: 'c' }, e: undefined, f: [undefined, 2] };
    const before = JSON.stringify(value);
    expect(canonicalJson(value)).toBe('{"a":{"c":"c","d":[{"w":null,"y":1}]},"b":1,"f":[null,2]}');
    expect(JSON.stringify(value)).toBe(before);
    // Already in order: the same bytes as plain JSON.stringify.
    const sorted = { a: [1, { b: 2, c: [3] }], d: 'x' };
    expect(canonicalJson(sorted)).toBe(JSON.stringify(sorted));
    // In order at the top but not inside.
    expect(canonicalJson({ a: { z: 1, y: 2 }, b: 3 })).toBe('{"a":{"y":2,"z":1},"b":3}');
  });

  test('a run file put together from its libraries’ JSON is the run file’s canonical JSON', () => {
    const file = {
      format: 2,
      runName: 'RUN_1',
      run: { name: 'RUN_1', z: 1, a: undefined },
      facts: null,
      libraries: [
        { sampleId: 'S1', category: 'LQ' },
        { sampleId: 'S2', category: 'FD', extra: { b: 1, a: 2 } },
      ],
      assays: [],
      omitted: [{ b: 1, a: 1 }],
    } as unknown as SnapshotRunFile;
    expect(
      canonicalRunFileJson(
        file,
        file.libraries.map((library) => canonicalJson(library)),
      ),
    ).toBe(canonicalJson(file));
  });
});
