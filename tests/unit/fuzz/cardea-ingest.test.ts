// @vitest-environment node
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { ingestDimsum } from '../../../lib/cardea/ingest';
import type { CaseDataInput } from '../../../lib/cardea/schema';
import { getCurrentIndex, getRunView, listCaseRecords, listNotifications, openIndexWriter } from '../../../lib/db';
import { FetchError } from '../../../lib/net/failure';
import { DONE, MISEQ, NOVASEQ, OMITTED_ONLY, brokenStream, smallDocument } from '../pipeline/document';
import { freshDatabase, generationsOnDisk } from '../pipeline/helpers';
import { asyncOutcomeOf, expectValueOrFailure, nearValid } from './harness';
import { fcOptions } from './seed';

// The streaming ingest, with the IndexedDB writer the extension uses (fake-indexeddb), fed documents cut
// off at any byte, reordered, duplicated, with oversized strings or one broken field. Whatever it is fed,
// the generation readers see stays readable and complete: the last good one, read back the same as before.

const SOURCE = 'https://cardea.lab.org';
const URL = `${SOURCE}/dimsum`;
const RUNS = [MISEQ, NOVASEQ, DONE, OMITTED_ONLY];
const encoder = new TextEncoder();

/** A document with text outside ASCII, so a cut can fall inside a character. */
function goodDocument(): CaseDataInput {
  const doc = smallDocument();
  doc.cases[0].donor.externalName = 'Ünïcode dönor 🧬 مريض';
  return doc;
}

/** Bytes in pieces of `chunkSize`, the way a network stream delivers them. */
function streamOfBytes(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function ingest(body: ReadableStream<Uint8Array>) {
  return ingestDimsum(body, await openIndexWriter(SOURCE), { url: URL, batchSize: 3 });
}

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));

/** Everything a reader of the index sees, in an order that does not depend on the document's order. */
async function readBack() {
  const current = await getCurrentIndex();
  const runs = await Promise.all(
    RUNS.map(async (name) => {
      const view = await getRunView(name);
      if (!view) return undefined;
      const { index: _index, lq, fd, omitted, membership, ...rest } = view;
      const members = Object.fromEntries(
        Object.entries(membership).map(([id, m]) => [
          id,
          { caseIds: [...m.caseIds].sort(), testNames: [...m.testNames].sort() },
        ]),
      );
      return { ...rest, lq: byId(lq), fd: byId(fd), omitted: byId(omitted), membership: members };
    }),
  );
  const { notifications } = await listNotifications();
  const { records } = await listCaseRecords();
  return {
    timestamp: current?.document.timestamp,
    runs,
    notifications: [...notifications].sort((a, b) => a.runName.localeCompare(b.runName)),
    cases: [...records].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Only the current generation is on disk: nothing half-written is left behind. */
async function expectOneGeneration() {
  const current = await getCurrentIndex();
  expect(current).toBeDefined();
  for (const generations of Object.values(await generationsOnDisk()))
    expect(generations.filter((g) => g !== current!.generation)).toEqual([]);
}

let good: Awaited<ReturnType<typeof readBack>>;
const goodBytes = encoder.encode(JSON.stringify(goodDocument()));

beforeAll(async () => {
  await freshDatabase();
  await ingest(streamOfBytes(goodBytes, 97));
  good = await readBack();
  expect(good.runs.filter(Boolean)).toHaveLength(3);
  expect(good.cases).toHaveLength(3);
});

async function expectRefusedAndKept(outcome: { value: unknown } | { error: unknown }, before = good) {
  expect('error' in outcome && outcome.error instanceof FetchError).toBe(true);
  expectValueOrFailure(outcome, { system: 'Cardea' });
  expect(await readBack()).toEqual(before);
  await expectOneGeneration();
}

describe('a document cut off', () => {
  test('at any byte, in pieces of any size, is malformed and the last good generation stays as it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: goodBytes.length - 1 }),
        fc.integer({ min: 1, max: 4096 }),
        async (cut, chunkSize) => {
          const outcome = await asyncOutcomeOf(() => ingest(streamOfBytes(goodBytes.slice(0, cut), chunkSize)));
          await expectRefusedAndKept(outcome);
        },
      ),
      fcOptions(30),
    );
  });

  test('by a connection that drops at any byte, the same', async () => {
    const text = new TextDecoder().decode(goodBytes);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: text.length - 1 }), async (cut) => {
        const outcome = await asyncOutcomeOf(() => ingest(brokenStream(text.slice(0, cut))));
        await expectRefusedAndKept(outcome);
      }),
      fcOptions(30),
    );
  });
});

/** The document with its arrays and object members in another order, and some items listed twice. */
const shuffled = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });
const reorderedDocument = (duplicates: boolean) => {
  const doc = goodDocument();
  const cases = doc.cases;
  const omitted = doc.omittedRunSamples ?? [];
  return fc
    .record({
      cases: shuffled(cases),
      extraCases: duplicates ? fc.subarray(cases, { maxLength: 3 }) : fc.constant([]),
      omitted: shuffled(omitted),
      extraOmitted: duplicates ? fc.subarray(omitted) : fc.constant([]),
      assayKeys: shuffled(Object.keys(doc.assaysById)),
      topKeys: shuffled(Object.keys(doc)),
      testOrder: fc.boolean(),
    })
    .map(({ cases, extraCases, omitted, extraOmitted, assayKeys, topKeys, testOrder }) => {
      const parts: Record<string, unknown> = {
        ...doc,
        cases: [...cases, ...extraCases].map((c) => (testOrder ? { ...c, tests: [...(c.tests ?? [])].reverse() } : c)),
        omittedRunSamples: [...omitted, ...extraOmitted],
        assaysById: Object.fromEntries(assayKeys.map((k) => [k, doc.assaysById[k]])),
      };
      return JSON.stringify(Object.fromEntries(topKeys.map((k) => [k, parts[k]])));
    });
};

describe('a document in another order', () => {
  test.each([
    ['reordered', false],
    ['reordered, with cases and omitted run-libraries listed twice', true],
  ])('%s is read into the same index', async (_name, duplicates) => {
    await fc.assert(
      fc.asyncProperty(reorderedDocument(duplicates), fc.integer({ min: 1, max: 2048 }), async (text, chunkSize) => {
        await ingest(streamOfBytes(encoder.encode(text), chunkSize));
        expect(await readBack()).toEqual(good);
        await expectOneGeneration();
      }),
      fcOptions(25),
    );
  });
});

test('oversized strings are kept whole, and a bad document after them still leaves them readable', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 100_000, max: 2_000_000 }),
      fc.constantFrom('externalName', 'unknownField', 'projectName'),
      async (size, where) => {
        const big = 'ß'.repeat(size);
        const doc = goodDocument();
        if (where === 'externalName') doc.cases[2].donor.externalName = big;
        else if (where === 'projectName') doc.cases[2].projects![0].name = big;
        else (doc.cases[2] as Record<string, unknown>).somethingNew = big;
        await ingest(streamOfBytes(encoder.encode(JSON.stringify(doc)), 65_536));
        const after = await readBack();
        const text = JSON.stringify(after.cases);
        if (where === 'unknownField') expect(after).toEqual(good);
        else expect(text).toContain(big);
        const cut = encoder.encode(JSON.stringify(doc)).slice(0, size);
        await expectRefusedAndKept(await asyncOutcomeOf(() => ingest(streamOfBytes(cut, 65_536))), after);
      },
    ),
    fcOptions(4),
  );
  await ingest(streamOfBytes(goodBytes, 4096));
  expect(await readBack()).toEqual(good);
});

test('one broken field anywhere: indexed, or refused naming the field with the last good generation kept', async () => {
  let before = good;
  await fc.assert(
    fc.asyncProperty(nearValid(goodDocument()), async ({ value, path }) => {
      const text = JSON.stringify(value) ?? 'undefined';
      const outcome = await asyncOutcomeOf(() => ingest(streamOfBytes(encoder.encode(text), 512)));
      expectValueOrFailure(outcome, { system: 'Cardea', path: path.length > 0 ? path : undefined });
      if ('error' in outcome) expect(await readBack()).toEqual(before);
      else before = await readBack();
      await expectOneGeneration();
    }),
    fcOptions(60),
  );
});
