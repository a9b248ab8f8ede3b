import {
  getSnapshotMeta,
  putCaseFile,
  storedCaseFiles,
  updateSnapshotMeta,
  writeSnapshotGeneration,
  type SnapshotMeta,
} from '../db';
import { forEachLimited } from '../for-each-limited';
import { FetchError } from '../net/failure';
import { bucketOfCaseFile, type SnapshotIndex } from '../snapshot/schema';
import { BAO_SERVER, fetchSnapshotCases, fetchSnapshotIndex, type FetchOptions } from './client';

// Server mode's poll: one conditional GET of `index.json`. A 304 is idle. A new snapshot becomes a new IndexedDB
// generation (notifications, which file holds each run, which files hold the cases), switched to in one write like
// Cardea's document, so the badge, the popup and the overlays read it as they read Cardea's. The case files are
// content-addressed: only those this browser does not have yet are fetched (a change touches a few), and all of
// them are stored before the switch, so a reader never sees a half-updated set. A rewrite of the same snapshot that
// only says how Cardea is doing updates that and nothing else.

export type ServerPoll =
  | { outcome: 'not-modified'; snapshot: SnapshotMeta | undefined }
  | { outcome: 'unchanged' | 'committed'; index: SnapshotIndex; bytes: number; caseFilesFetched: number };

/** Case files fetched at once. */
const CASE_FETCHES_IN_FLIGHT = 6;

/** A short fingerprint of what readers see (FNV-1a over the JSON): equal keys, same generation content. */
export function contentKey(index: SnapshotIndex): string {
  const text = JSON.stringify([index.generation, index.runs, index.caseFiles.map((entry) => entry.file)]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${index.generation}:${text.length}:${hash.toString(16)}`;
}

/** Fetches and stores the case files this browser does not have; resolves with the bytes they took. */
async function fetchMissingCaseFiles(
  base: string,
  index: SnapshotIndex,
  options: FetchOptions,
): Promise<{ bytes: number; fetched: number }> {
  const names = index.caseFiles.map((entry) => entry.file);
  names.forEach((file, bucket) => {
    // index.json lists bucket 0 first and every bucket once: a case's bucket is found by position.
    if (bucketOfCaseFile(file) !== bucket) {
      throw new FetchError({
        kind: 'invalid',
        system: BAO_SERVER,
        url: `${base}/index.json`,
        issues: [`index.json caseFiles[${bucket}]: ${file} is not bucket ${bucket}'s file`],
      });
    }
  });
  const have = await storedCaseFiles(names);
  const wanted = index.caseFiles.filter((entry) => !have.has(entry.file));
  let bytes = 0;
  await forEachLimited(wanted, CASE_FETCHES_IN_FLIGHT, async ({ file, count }) => {
    const { data, bytes: size } = await fetchSnapshotCases(base, file, options);
    const bucket = bucketOfCaseFile(file);
    if (data.bucket !== bucket || data.cases.length !== count) {
      throw new FetchError({
        kind: 'invalid',
        system: BAO_SERVER,
        url: `${base}/${file}`,
        issues: [
          `${file} holds ${data.cases.length} cases of bucket ${data.bucket}; index.json says ${count} of bucket ${bucket}`,
        ],
      });
    }
    await putCaseFile({ file, cases: data.cases });
    bytes += size;
  });
  return { bytes, fetched: wanted.length };
}

export async function pollBaoServer(base: string, options: FetchOptions = {}): Promise<ServerPoll> {
  const known = await getSnapshotMeta();
  const same = known?.source === base ? known : undefined;
  const fetched = await fetchSnapshotIndex(base, same?.etag ?? null, options);
  if (fetched.status === 'not-modified') return { outcome: 'not-modified', snapshot: same };
  const { index, etag, bytes } = fetched;
  const key = contentKey(index);
  const cardeaFailure = index.cardea.failure;
  if (same?.contentKey === key) {
    await updateSnapshotMeta({ etag, cardeaFailure, keeper: index.keeper });
    return { outcome: 'unchanged', index, bytes, caseFilesFetched: 0 };
  }
  // A case file that fails stops here, before the switch: the last good generation stays.
  const cases = await fetchMissingCaseFiles(base, index, options);
  await writeSnapshotGeneration({
    source: base,
    snapshotId: index.generation,
    contentKey: key,
    etag,
    cardeaFailure,
    keeper: index.keeper,
    summary: { timestamp: index.cardea.timestamp, ...index.document },
    caseFiles: index.caseFiles.map((entry) => entry.file),
    notifications: index.runs.flatMap((r) => (r.notification ? [r.notification] : [])),
    runs: Object.fromEntries(
      index.runs.map((r) => [r.runName, { file: r.file, ticket: r.ticket, trendWarnings: r.trendWarnings ?? [] }]),
    ),
    trends: index.trends,
  });
  return { outcome: 'committed', index, bytes: bytes + cases.bytes, caseFilesFetched: cases.fetched };
}
