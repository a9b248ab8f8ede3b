import { z } from 'zod';
import { Failure } from '../net/failure';
import { CaseRecord } from '../cardea/records';
import { StoredNotification, StoredRun, StoredRunLibrary } from '../cardea/record-schemas';
import { Assay, OmittedRunSample, Run } from '../cardea/schema';
import { IssueStateSchema } from '../keeper/records';

// A Bao server's published snapshot: the wire contract between `bao-server` (which writes it) and the
// extension in server mode (which reads it). A snapshot is a directory of static files:
//
//   index.json                      what the badge and the Runs view need, and which case files there are (no-cache)
//   cases/{bucket}.{hash}.json      the cases whose id hashes to that bucket (immutable: named by content hash)
//   runs/{encoded run}.{hash}.json  everything the overlay shows for one run (immutable: named by content hash)
//   trends/{assay id}.{hash}.json   every run's trend points for one assay (immutable: named by content hash)
//
// each with `.gz` and `.br` beside it. A browser polls `index.json` with a conditional GET, fetches the case
// files it does not have yet (a change touches a few buckets, so a few small files), and fetches a run file
// only when an overlay asks for it.

/**
 * 2: the cases moved out of index.json into content-addressed bucket files. 3: trend files per assay, and each
 * run's trend warnings in index.json.
 */
export const SNAPSHOT_FORMAT = 3;

/** One run's ticket, as the server's ticket keeper last recorded it. */
export const SnapshotTicket = z.object({
  issueKey: z.string().nullable(),
  issueState: IssueStateSchema.nullable(),
});
export type SnapshotTicket = z.infer<typeof SnapshotTicket>;

/** A series of a run whose Westgard rules fire, as the server worked it out (the assay's name is in `trends`). */
export const SnapshotTrendWarning = z.object({
  category: z.enum(['LIBRARY_QUALIFICATION', 'FULL_DEPTH_SEQUENCING']),
  assayId: z.number().int(),
  design: z.string().min(1),
  metric: z.string().min(1),
  rules: z.array(z.string()).min(1),
});
export type SnapshotTrendWarning = z.infer<typeof SnapshotTrendWarning>;

export const SnapshotRunEntry = z.object({
  runName: z.string(),
  /** The run file, relative to the snapshot's base URL: `runs/{encodeURIComponent(run)}.{hash}.json`. */
  file: z.string().regex(/^runs\/[^/]+\.[0-9a-f]{16,64}\.json$/, 'must be runs/{run}.{hash}.json'),
  /** The run's notification as the ingest computed it (with the server's ticket knowledge); null when none. */
  notification: StoredNotification.nullable(),
  ticket: SnapshotTicket.nullable(),
  /** The run's trend warnings under `trends.options`; absent when it has none. */
  trendWarnings: z.array(SnapshotTrendWarning).min(1).optional(),
});
export type SnapshotRunEntry = z.infer<typeof SnapshotRunEntry>;

export const SnapshotCaseFileEntry = z.object({
  /** The case file, relative to the snapshot's base URL: `cases/{bucket}.{hash}.json`. */
  file: z.string().regex(/^cases\/\d+\.[0-9a-f]{16,64}\.json$/, 'must be cases/{bucket}.{hash}.json'),
  /** How many cases it holds. */
  count: z.number().int().nonnegative(),
});
export type SnapshotCaseFileEntry = z.infer<typeof SnapshotCaseFileEntry>;

export const SnapshotCardea = z.object({
  url: z.string(),
  /** Cardea's `/timestamp` of the document this snapshot was built from. */
  timestamp: z.string().nullable(),
  /** When the server last heard from Cardea successfully. */
  lastSuccessAt: z.string().nullable(),
  /** Cardea failing: the server keeps publishing the last good snapshot and says why here. */
  failure: Failure.nullable(),
});

export const SnapshotTrendFileEntry = z.object({
  assayId: z.number().int(),
  assayName: z.string(),
  /** The assay's trend file, relative to the snapshot's base URL: `trends/{assay id}.{hash}.json`. */
  file: z.string().regex(/^trends\/\d+\.[0-9a-f]{16,64}\.json$/, 'must be trends/{assay id}.{hash}.json'),
});
export type SnapshotTrendFileEntry = z.infer<typeof SnapshotTrendFileEntry>;

export const SnapshotTrends = z.object({
  /** The series length and minimum history the warnings were judged with. */
  options: z.object({ runs: z.number().int().positive(), minHistory: z.number().int().positive() }),
  /** One file per assay that any run-library uses, by assay id. */
  files: z.array(SnapshotTrendFileEntry),
});
export type SnapshotTrends = z.infer<typeof SnapshotTrends>;

export const SnapshotIndex = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  /** Changes with every published document (not with a status-only rewrite). */
  generation: z.string().min(1),
  publishedAt: z.string(),
  cardea: SnapshotCardea,
  document: z.object({
    bytes: z.number(),
    cases: z.number(),
    assays: z.number(),
    runs: z.number(),
    runLibraries: z.number(),
    omittedRunLibraries: z.number(),
    notifications: z.number(),
    runsRequiringAction: z.number(),
  }),
  runs: z.array(SnapshotRunEntry),
  /** Every bucket's file, bucket 0 first (an empty bucket has a file too, so the list's length is the bucket count). */
  caseFiles: z.array(SnapshotCaseFileEntry),
  trends: SnapshotTrends,
  keeper: z.object({ lastSyncAt: z.string().nullable(), failure: Failure.nullable() }).nullable(),
});
export type SnapshotIndex = z.infer<typeof SnapshotIndex>;

/** `runs/{run}.{hash}.json`: the run, its run-libraries (merged across cases), the assays they use, its Omissions. */
export const SnapshotRunFile = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  runName: z.string(),
  run: StoredRun.shape.run,
  facts: StoredRun.shape.facts,
  libraries: z.array(StoredRunLibrary),
  assays: z.array(Assay),
  omitted: z.array(OmittedRunSample),
});
export type SnapshotRunFile = z.infer<typeof SnapshotRunFile>;

/** `cases/{bucket}.{hash}.json`: the cases of one bucket, in id order. */
export const SnapshotCaseFile = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  bucket: z.number().int().nonnegative(),
  cases: z.array(CaseRecord),
});
export type SnapshotCaseFile = z.infer<typeof SnapshotCaseFile>;

/** A run's point for one metric: median, first quartile, third quartile, smallest, largest, how many values. */
export const SnapshotTrendPoint = z.tuple([
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number().int().positive(),
]);
export type SnapshotTrendPoint = z.infer<typeof SnapshotTrendPoint>;

/** One run of an assay's trend file: the facts that place it in a series, and its points by category and design. */
export const SnapshotTrendRun = z.object({
  run: Run.pick({ name: true, completionDate: true, containerModel: true, qcPassed: true, dataReviewPassed: true }),
  /** Each (category, design) the run has run-libraries of, with its points by metric column (none: no values). */
  series: z.array(
    z.object({
      category: SnapshotTrendWarning.shape.category,
      design: z.string().min(1),
      points: z.record(z.string(), SnapshotTrendPoint),
    }),
  ),
});
export type SnapshotTrendRun = z.infer<typeof SnapshotTrendRun>;

/** `trends/{assay id}.{hash}.json`: every run with run-libraries of the assay, by name. */
export const SnapshotTrendFile = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  assayId: z.number().int(),
  runs: z.array(SnapshotTrendRun),
});
export type SnapshotTrendFile = z.infer<typeof SnapshotTrendFile>;

/** The trend file's name for an assay and the hash of its bytes. */
export function trendFileName(assayId: number, hash: string): string {
  return `trends/${assayId}.${hash}.json`;
}

/** The case file's name for a bucket and the hash of its bytes. */
export function caseFileName(bucket: number, hash: string): string {
  return `cases/${bucket}.${hash}.json`;
}

/** The bucket a case file's name says it holds, or undefined for a name that is not a case file's. */
export function bucketOfCaseFile(file: string): number | undefined {
  const match = /^cases\/(\d+)\./.exec(file);
  return match ? Number(match[1]) : undefined;
}

/** Cases per bucket the server aims at: a bucket file of a few tens of kB. */
const CASES_PER_BUCKET = 32;
/** The most buckets a snapshot has; every bucket count divides it (a case's bucket is its hash modulo the count). */
export const MAX_CASE_BUCKETS = 4096;

/**
 * How many buckets a snapshot of `cases` cases uses: the power of two nearest cases / 32, from 1 to 4096. It moves
 * only when the number of cases doubles or halves, so between two documents almost every bucket keeps its name.
 */
export function caseBucketCount(cases: number): number {
  const wanted = Math.max(1, cases / CASES_PER_BUCKET);
  return Math.min(MAX_CASE_BUCKETS, 2 ** Math.max(0, Math.round(Math.log2(wanted))));
}

/** The bucket of a case id: FNV-1a (32 bits) of the id modulo the bucket count. Stable across documents and builds. */
export function caseBucketOf(caseId: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) {
    hash ^= caseId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

/** The run file's name for a run and the hash of its bytes. */
export function runFileName(runName: string, hash: string): string {
  return `runs/${encodeURIComponent(runName)}.${hash}.json`;
}
