// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { canonicalJson } from '../../../lib/snapshot/build';
import { caseFileJson, caseFilesOf } from '../../../lib/snapshot/cases';
import { SpoolIndex } from '../../../server/spool-index';
import { caseBucketCount, caseBucketOf } from '../../../lib/snapshot/schema';
import { generateCaseData } from '../../../sandbox/cardea/generator';
import { contentHash } from '../../../server/publish';
import { caseRecord, type CaseRecord } from '../../../lib/cardea/records';
import { CaseData, type CaseDataInput } from '../../../lib/cardea/schema';

const caseRecordsOf = (doc: CaseDataInput): CaseRecord[] => CaseData.parse(doc).cases.map(caseRecord);

describe('case buckets', () => {
  test('a case id always lands in the same bucket (the extension finds a case by it)', () => {
    expect(caseBucketOf('R123_case', 64)).toBe(caseBucketOf('R123_case', 64));
    // FNV-1a 32 of "a" is 0xe40c292c: the hash is the published one, not whatever a build happens to use.
    expect(caseBucketOf('a', 2 ** 16)).toBe(0xe40c292c % 2 ** 16);
  });

  test('the bucket count is a power of two near cases / 32, at least 1 and at most 4096', () => {
    expect(caseBucketCount(0)).toBe(1);
    expect(caseBucketCount(10)).toBe(1);
    expect(caseBucketCount(3000)).toBe(128);
    expect(caseBucketCount(14_000)).toBe(512);
    expect(caseBucketCount(10_000_000)).toBe(4096);
  });

  test('the same cases in another order give the same bytes, so the same file names', () => {
    const cases = caseRecordsOf(generateCaseData({ seed: 3, runs: 4, librariesPerLane: 4, cases: 150, lanes: 2 }));
    const names = (list: typeof cases) => caseFilesOf(list).map((file) => contentHash(canonicalJson(file)));
    expect(names([...cases].reverse())).toEqual(names(cases));
    const files = caseFilesOf(cases);
    expect(files.map((f) => f.bucket)).toEqual(files.map((_, i) => i));
    for (const file of files) for (const c of file.cases) expect(caseBucketOf(c.id, files.length)).toBe(file.bucket);
  });

  test('changing one case changes only its own bucket', () => {
    const doc = generateCaseData({ seed: 3, runs: 4, librariesPerLane: 4, cases: 150, lanes: 2 });
    const before = caseFilesOf(caseRecordsOf(doc)).map((file) => contentHash(canonicalJson(file)));
    doc.cases[5].latestActivityDate = '2030-01-01';
    const after = caseFilesOf(caseRecordsOf(doc)).map((file) => contentHash(canonicalJson(file)));
    expect(after.filter((name, i) => name !== before[i])).toHaveLength(1);
  });

  test('the server, which keeps cases on disk, writes the same bytes as the bucket files built in memory', async () => {
    const cases = caseRecordsOf(generateCaseData({ seed: 5, runs: 4, librariesPerLane: 4, cases: 300, lanes: 2 }));
    const spool = await SpoolIndex.create({ writeRun: async () => 'unused' });
    try {
      // In two batches, the second holding a case of the first again (the document may repeat one).
      const half = cases.length / 2;
      const batch = { assays: [], runs: [], omitted: [], runLibraries: [] };
      await spool.write({ ...batch, cases: cases.slice(0, half) });
      await spool.write({ ...batch, cases: [...cases.slice(half), cases[0]!] });
      const all = [...cases, cases[0]!];
      const { count, read } = spool.caseBuckets();
      const expected = caseFilesOf(all);
      expect(count).toBe(expected.length);
      expect(count).toBeGreaterThan(1);
      for (const file of expected)
        expect(read(file.bucket)).toEqual({ json: canonicalJson(file), cases: file.cases.length });
    } finally {
      await spool.dispose();
    }
  });

  test("a bucket file put together from its cases' JSON is canonicalJson of the file", () => {
    const cases = caseRecordsOf(generateCaseData({ seed: 3, runs: 2, librariesPerLane: 2, cases: 40, lanes: 1 }));
    const [file] = caseFilesOf(cases, 1);
    expect(
      caseFileJson(
        0,
        file!.cases.map((c) => canonicalJson(c)),
      ),
    ).toBe(canonicalJson(file));
  });
});
