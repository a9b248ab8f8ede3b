import { z } from 'zod';
import { Assay, Run, Sample } from '../cardea/schema';
import { Failure } from '../net/failure';
import { MetricsRequest } from '../miso/schema';
import { Secrets } from '../settings-schema';
import { message, result } from './define';

// Every message between the extension's parts: its name, who may send it, and the zod schemas of
// its request and response. Both sides validate (see ./index.ts). Add new messages here.

export const PipelineState = z.enum(['unconfigured', 'idle', 'checking', 'downloading', 'indexing', 'error']);

export const PipelineStatus = z.object({
  state: PipelineState,
  /** ISO times */
  lastCheckAt: z.string().nullable(),
  lastUpdateAt: z.string().nullable(),
  /** Cardea's `/timestamp` of the document the index was built from. */
  documentTimestamp: z.string().nullable(),
  documentBytes: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** While a document streams in: bytes read, cases indexed, and the size Cardea announced (if any). */
  progress: z.object({ bytes: z.number(), cases: z.number(), totalBytes: z.number().nullable().default(null) }).nullable(),
  /** The last failure; the index keeps serving the last good document meanwhile. */
  failure: Failure.nullable(),
  cardeaUrl: z.string(),
  /** What the current index holds (null before the first document). */
  index: z
    .object({
      cases: z.number(),
      runs: z.number(),
      runLibraries: z.number(),
      notifications: z.number(),
      runsRequiringAction: z.number(),
    })
    .nullable()
    .default(null),
});
export type PipelineStatus = z.infer<typeof PipelineStatus>;

const nullableString = z.string().nullable();

/** One row of the popup's run list (dimsum.md §3.7: counts, run QC fields, whether a sign-off waits). */
export const RunNotificationRow = z.object({
  runName: z.string(),
  completionDate: nullableString,
  runQc: z.object({
    qcPassed: z.boolean().nullable(),
    qcUser: nullableString,
    qcDate: nullableString,
    dataReviewPassed: z.boolean().nullable(),
    dataReviewUser: nullableString,
    dataReviewDate: nullableString,
  }),
  pendingAnalysis: z.number().int().nonnegative(),
  pendingQc: z.number().int().nonnegative(),
  pendingDataReview: z.number().int().nonnegative(),
  runState: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  requiresAction: z.boolean(),
});
export type RunNotificationRow = z.infer<typeof RunNotificationRow>;

export const NotificationList = z.object({
  /** Cardea's timestamp of the indexed document ("as of"); null before the first one. */
  asOf: nullableString,
  /** The last refresh failed: this is the last good copy. */
  stale: z.boolean(),
  /** Completion date, newest first; runs still sequencing (no date) first, as Dimsum sorts them. */
  runs: z.array(RunNotificationRow),
});
export type NotificationList = z.infer<typeof NotificationList>;

/** A run's rows for an overlay, "not-found" when Cardea's data has no such run, "not-indexed" before the first document. */
export const RunData = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('found'),
    run: Run,
    lq: z.array(Sample),
    fd: z.array(Sample),
    assaysById: z.record(z.string(), Assay),
    asOf: nullableString,
    stale: z.boolean(),
  }),
  z.object({ status: z.literal('not-found'), runName: z.string(), asOf: nullableString, stale: z.boolean() }),
  z.object({ status: z.literal('not-indexed'), state: PipelineState }),
]);
export type RunData = z.infer<typeof RunData>;

/** One MISO page to open: the metrics request and what it holds, for the tab's confirmation. */
export const MisoBatchRequest = z.object({
  label: z.string(),
  runLibraryIds: z.array(z.string()).min(1),
  request: MetricsRequest,
});

export const SecretsPresence = z.object({ nabuApiKey: z.boolean(), jiraToken: z.boolean(), jiraEmail: z.string() });
export type SecretsPresence = z.infer<typeof SecretsPresence>;

export const protocol = {
  getPipelineStatus: message({ request: z.undefined(), response: PipelineStatus, from: ['extension-page'] }),
  pollNow: message({ request: z.undefined(), response: PipelineStatus, from: ['extension-page'] }),
  getNotifications: message({ request: z.undefined(), response: NotificationList, from: ['extension-page'] }),
  getRunData: message({
    request: z.object({ runName: z.string().trim().min(1).max(200) }),
    response: result(RunData),
    from: ['content-script', 'extension-page'],
  }),
  /** Options page: can Bao reach each configured system with the stored credentials? */
  checkConnections: message({
    request: z.undefined(),
    response: z.array(z.object({ system: z.enum(['Cardea', 'MISO', 'Jira', 'Nabu']), ok: z.boolean(), detail: z.string() })),
    from: ['extension-page'],
  }),
  /** Options page: whether each secret is stored; the values never leave the background. */
  getSecretsPresence: message({ request: z.undefined(), response: SecretsPresence, from: ['extension-page'] }),
  /** Options page: stores the secrets the user typed (an empty string clears one). */
  saveSecrets: message({ request: Secrets.partial(), response: SecretsPresence, from: ['extension-page'] }),
  /**
   * QC in MISO: the background keeps the batches (IndexedDB) until MISO shows them, and opens one
   * MISO tab per batch whose content script submits the form from MISO's own origin, so the MISO
   * session cookie goes along (product.md point 3).
   */
  openQcInMiso: message({
    request: z.object({ runName: z.string().min(1), batches: z.array(MisoBatchRequest).min(1).max(50) }),
    response: result(z.object({ opened: z.number().int(), batchIds: z.array(z.string()) })),
    from: ['content-script', 'extension-page'],
  }),
};

export type Protocol = typeof protocol;
export type MessageName = keyof Protocol;
export type RequestOf<K extends MessageName> = z.input<Protocol[K]['request']>;
export type ResponseOf<K extends MessageName> = z.output<Protocol[K]['response']>;
