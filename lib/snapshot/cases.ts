import type { CaseRecord } from '../cardea/records';
import { caseBucketCount, caseBucketOf, SNAPSHOT_FORMAT, type SnapshotCaseFile } from './schema';

// A snapshot's cases, split into buckets by a stable hash of the case id. A Cardea change touches a handful of
// cases, so it changes a handful of buckets: the other bucket files keep their bytes and their content-hashed
// names, and a browser downloads only the few it does not have.

/** Every bucket (empty ones too), bucket 0 first, each with its cases in id order. */
export function caseFilesOf(cases: readonly CaseRecord[], count = caseBucketCount(cases.length)): SnapshotCaseFile[] {
  const buckets: CaseRecord[][] = Array.from({ length: count }, () => []);
  for (const record of cases) buckets[caseBucketOf(record.id, count)].push(record);
  return buckets.map((list, bucket) => ({
    format: SNAPSHOT_FORMAT,
    bucket,
    cases: list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  }));
}

/**
 * A bucket's file as `canonicalJson` writes it, put together from its cases' canonical JSON (already in id
 * order), so a server that keeps its cases on disk never parses and serialises them again.
 */
export function caseFileJson(bucket: number, cases: readonly string[]): string {
  return `{"bucket":${bucket},"cases":[${cases.join(',')}],"format":${SNAPSHOT_FORMAT}}`;
}
