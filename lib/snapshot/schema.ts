import { z } from 'zod';
import { Failure } from '../net/failure';
import { CaseRecord } from '../cardea/records';
import { StoredNotification, StoredRun, StoredRunLibrary } from '../cardea/record-schemas';
import { Assay, OmittedRunSample } from '../cardea/schema';
import { IssueStateSchema } from '../keeper/records';

// A Bao server's published snapshot: the wire contract between `bao-server` (which writes it) and the
// extension in server mode (which reads it). A snapshot is a directory of static files:
//
//   index.json                      what the badge, the Runs view and the Cases view need (no-cache)
//   runs/{encoded run}.{hash}.json  everything the overlay shows for one run (immutable: named by content hash)
//
// each with `.gz` and `.br` beside it. A browser polls `index.json` with a conditional GET and fetches a
// run file only when an overlay asks for it.

export const SNAPSHOT_FORMAT = 1;

/** One run's ticket, as the server's ticket keeper last recorded it. */
export const SnapshotTicket = z.object({
  issueKey: z.string().nullable(),
  issueState: IssueStateSchema.nullable(),
});
export type SnapshotTicket = z.infer<typeof SnapshotTicket>;

export const SnapshotRunEntry = z.object({
  runName: z.string(),
  /** The run file, relative to the snapshot's base URL: `runs/{encodeURIComponent(run)}.{hash}.json`. */
  file: z.string().regex(/^runs\/[^/]+\.[0-9a-f]{16,64}\.json$/, 'must be runs/{run}.{hash}.json'),
  /** The run's notification as the ingest computed it (with the server's ticket knowledge); null when none. */
  notification: StoredNotification.nullable(),
  ticket: SnapshotTicket.nullable(),
});
export type SnapshotRunEntry = z.infer<typeof SnapshotRunEntry>;

export const SnapshotCardea = z.object({
  url: z.string(),
  /** Cardea's `/timestamp` of the document this snapshot was built from. */
  timestamp: z.string().nullable(),
  /** When the server last heard from Cardea successfully. */
  lastSuccessAt: z.string().nullable(),
  /** Cardea failing: the server keeps publishing the last good snapshot and says why here. */
  failure: Failure.nullable(),
});

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
  cases: z.array(CaseRecord),
  keeper: z
    .object({ lastSyncAt: z.string().nullable(), failure: Failure.nullable() })
    .nullable(),
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

/** The run file's name for a run and the hash of its bytes. */
export function runFileName(runName: string, hash: string): string {
  return `runs/${encodeURIComponent(runName)}.${hash}.json`;
}
