import { z } from 'zod';
import { Assay, OmittedRunSample, Run, Sample } from '../cardea/schema';
import { CasesPage, CasesQuery, OutboxView, SignoffDraft, SubmitResult } from '../case-signoff/schemas';
import { Failure } from '../net/failure';
import { MetricsRequest } from '../miso/schema';
import { Secrets } from '../settings-schema';
import { SeriesKey, Trend } from '../trends/schema';
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
  progress: z
    .object({ bytes: z.number(), cases: z.number(), totalBytes: z.number().nullable().default(null) })
    .nullable(),
  /** The last failure; the index keeps serving the last good document meanwhile. */
  failure: Failure.nullable(),
  cardeaUrl: z.string(),
  /** Cardea answered its last check without a time: it has not loaded its data since it (re)started. */
  cardeaLoading: z.boolean().optional(),
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

/** One row of the popup's run list (docs/notifications-and-tickets.md#badge: counts, run QC fields, whether a sign-off waits). */
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
  /** The run's Jira ticket as of the ticket keeper's last sync; null without one (or with the keeper off). */
  issueKey: nullableString.default(null),
  issueState: z.enum(['OPEN', 'PAUSED', 'OVERRIDDEN', 'CLOSED']).nullable().default(null),
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
    /** Run-libraries on the run but in no case (Dimsum's Omissions); absent from copies saved by older builds. */
    omitted: z.array(OmittedRunSample).default([]),
    asOf: nullableString,
    stale: z.boolean(),
    /** Why the data is stale: the background's last refresh failure (the overlay's banner says it). */
    failure: Failure.nullable().default(null),
  }),
  z.object({
    status: z.literal('not-found'),
    runName: z.string(),
    asOf: nullableString,
    stale: z.boolean(),
    failure: Failure.nullable().default(null),
  }),
  z.object({ status: z.literal('not-indexed'), state: PipelineState }),
]);
export type RunData = z.infer<typeof RunData>;

/** One MISO page to open: the metrics request and what it holds, for the tab's confirmation. */
export const MisoBatchRequest = z.object({
  label: z.string(),
  runLibraryIds: z.array(z.string()).min(1),
  request: MetricsRequest,
});

/** A batch id as Bao makes them (time, index, random UUID); it travels in MISO URLs (`?baoBatch=`). */
export const MisoBatchId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a Bao batch id');

/**
 * A QC-in-MISO batch as Bao keeps it (lib/miso/batches.ts) until MISO's Run-Library Metrics page
 * shows it. `tabId`: the MISO tab that delivers it (null when none is open); `rejected`: MISO
 * answered with an error page, so it is not submitted again on its own.
 */
export const MisoBatch = z.object({
  id: MisoBatchId,
  runName: z.string(),
  label: z.string(),
  runLibraryIds: z.array(z.string()).min(1),
  request: MetricsRequest,
  /** ISO times */
  createdAt: z.string(),
  tabId: z.number().int().nullable(),
  state: z.enum(['waiting', 'posted', 'rejected']),
  postedAt: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  /** MISO's message when it refused the page. */
  rejection: z.string().nullable().default(null),
});
export type MisoBatch = z.infer<typeof MisoBatch>;

/** What a MISO page says about a batch it showed or refused. */
export const MisoBatchSummary = MisoBatch.pick({ id: true, runName: true, label: true, runLibraryIds: true });
export type MisoBatchSummary = z.infer<typeof MisoBatchSummary>;

/** The popup's view: `stalled` = posted more than 10 minutes ago and MISO never showed it (offer a retry). */
export const MisoBatchListing = MisoBatch.extend({ stalled: z.boolean() });
export type MisoBatchListing = z.infer<typeof MisoBatchListing>;

const OpenedTabs = z.object({ opened: z.number().int(), batchIds: z.array(z.string()) });

const ticketCount = z.number().int().nonnegative();

/** The popup's line about the ticket keeper (lib/keeper/status-view.ts builds it in the background). */
export const KeeperStatusView = z.object({
  /** `keeperEnabled` in the options and a Jira token stored. */
  enabled: z.boolean(),
  /** Why an enabled keeper cannot sync (a setting it needs is missing); null otherwise. */
  problem: nullableString,
  /** The last sync as recorded; null before the first one. */
  lastSync: z
    .object({
      state: z.enum(['running', 'ok', 'failed']),
      /** ISO times */
      startedAt: z.string(),
      finishedAt: nullableString,
      /** Cardea's timestamp of the data the sync worked from (null when it stopped before reading any). */
      documentTimestamp: nullableString.optional(),
      failure: Failure.nullable(),
      /** `describeFailure(failure)`, for the popup. */
      reason: nullableString,
      /** Tickets created, commented and transitioned (reopened, paused, closed); null when the sync counted none. */
      counts: z.object({ created: ticketCount, commented: ticketCount, transitioned: ticketCount }).nullable(),
    })
    .nullable(),
  /** Runs the last sync could not keep while it went on with the others. */
  runErrors: z.array(z.object({ runName: z.string(), issueKey: nullableString, reason: z.string() })),
});
export type KeeperStatusView = z.infer<typeof KeeperStatusView>;

export const SecretsPresence = z.object({ nabuApiKey: z.boolean(), jiraToken: z.boolean(), jiraEmail: z.string() });
export type SecretsPresence = z.infer<typeof SecretsPresence>;

/** A series of the run whose Westgard rules fire: advisory, never a cell's pass or fail. */
export const TrendWarning = SeriesKey.extend({ assayName: z.string(), rules: z.array(z.string()).min(1) });
export type TrendWarning = z.infer<typeof TrendWarning>;

export const TrendWarnings = z.object({ runName: z.string(), warnings: z.array(TrendWarning) });
export type TrendWarnings = z.infer<typeof TrendWarnings>;

export const protocol = {
  getPipelineStatus: message({ request: z.undefined(), response: PipelineStatus, from: ['extension-page'] }),
  pollNow: message({ request: z.undefined(), response: PipelineStatus, from: ['extension-page'] }),
  getNotifications: message({ request: z.undefined(), response: NotificationList, from: ['extension-page'] }),
  getRunData: message({
    request: z.object({ runName: z.string().trim().min(1).max(200) }),
    response: result(RunData),
    from: ['content-script', 'extension-page'],
  }),
  /** A run's trend series for one metric column; null when the index has no such run. */
  getTrend: message({
    request: z.object({ runName: z.string().trim().min(1).max(200), key: SeriesKey }),
    response: result(Trend.nullable()),
    from: ['content-script', 'extension-page'],
  }),
  /** The trend warnings of these runs (the run header asks for one, the popup's Runs view for its list). */
  getTrendWarnings: message({
    request: z.object({ runNames: z.array(z.string().trim().min(1).max(200)).min(1).max(500) }),
    response: result(z.array(TrendWarnings)),
    from: ['content-script', 'extension-page'],
  }),
  /** Options page: can Bao reach each configured system with the stored credentials? */
  checkConnections: message({
    request: z.undefined(),
    response: z.array(
      z.object({
        system: z.enum(['Cardea', 'Bao server', 'MISO', 'Jira', 'Nabu']),
        ok: z.boolean(),
        detail: z.string(),
      }),
    ),
    from: ['extension-page'],
  }),
  /** Options page: whether each secret is stored; the values never leave the background. */
  getSecretsPresence: message({ request: z.undefined(), response: SecretsPresence, from: ['extension-page'] }),
  /** Options page: stores the secrets the user typed (an empty string clears one). */
  saveSecrets: message({ request: Secrets.partial(), response: SecretsPresence, from: ['extension-page'] }),
  /**
   * QC in MISO: the background keeps the batches (IndexedDB) until MISO shows them, and opens one
   * MISO tab per batch whose content script submits the form from MISO's own origin, so the MISO
   * session cookie goes along (docs/architecture.md#qc-in-miso-from-a-miso-tab).
   */
  openQcInMiso: message({
    request: z.object({
      runName: z.string().min(1),
      /** The run table the batches come from; the background plans them again from its own data. */
      category: z.enum(['LIBRARY_QUALIFICATION', 'FULL_DEPTH_SEQUENCING']),
      batches: z.array(MisoBatchRequest).min(1).max(50),
    }),
    response: result(OpenedTabs),
    from: ['content-script', 'extension-page'],
  }),
  /**
   * A MISO tab asks for its batch: by the id in its URL (`?baoBatch=`), or without one the oldest
   * undelivered batch assigned to the asking tab (after MISO's login page dropped the parameter).
   * Null when there is nothing to submit (delivered, refused by MISO, or not this tab's).
   */
  takeMisoBatch: message({
    request: z.object({ batchId: MisoBatchId.optional() }),
    response: result(MisoBatch.nullable()),
    from: ['miso-content-script'],
  }),
  /** The tab is about to submit the form; `found: false` = the batch is gone (delivered elsewhere). */
  misoBatchPosted: message({
    request: z.object({ batchId: MisoBatchId }),
    response: result(z.object({ found: z.boolean() })),
    from: ['miso-content-script'],
  }),
  /** The Run-Library Metrics page shows these run-libraries: the tab's matching batch is done and deleted. */
  misoBatchDelivered: message({
    request: z.object({ runLibraryIds: z.array(z.string().min(1).max(200)).min(1).max(5000) }),
    response: result(MisoBatchSummary.nullable()),
    from: ['miso-content-script'],
  }),
  /** MISO answered the tab's POST with an error page (or a page it could not draw): the batch is kept. */
  misoBatchRejected: message({
    request: z.object({ message: z.string().trim().min(1).max(2000) }),
    response: result(MisoBatchSummary.nullable()),
    from: ['miso-content-script'],
  }),
  /** Every batch Bao still keeps, oldest first. */
  listMisoBatches: message({
    request: z.undefined(),
    response: result(z.array(MisoBatchListing)),
    from: ['extension-page'],
  }),
  /** Retry: opens a new MISO tab for a kept batch (also one MISO refused). */
  reopenMisoBatch: message({
    request: z.object({ batchId: MisoBatchId }),
    response: result(OpenedTabs),
    from: ['extension-page'],
  }),
  /** The user gives a kept batch up. */
  discardMisoBatch: message({
    request: z.object({ batchId: MisoBatchId }),
    response: result(z.object({ discarded: z.boolean() })),
    from: ['extension-page'],
  }),
  /** The ticket keeper: on or off, and how its last sync went (the popup's pipeline details). */
  getKeeperStatus: message({ request: z.undefined(), response: result(KeeperStatusView), from: ['extension-page'] }),
  // ---- case sign-offs (Nabu, through the outbox) ----
  /** A page of the current Cardea cases, with Nabu's fresh rows laid over them. */
  getCases: message({ request: CasesQuery, response: result(CasesPage), from: ['extension-page'] }),
  /** Writes the sign-offs to the outbox (one entry per Nabu request) and starts sending them. */
  submitSignoffs: message({ request: SignoffDraft, response: result(SubmitResult), from: ['extension-page'] }),
  /** What the outbox holds (state, attempts, last failure, per-case results) and what it just finished. */
  getOutbox: message({ request: z.undefined(), response: result(OutboxView), from: ['extension-page'] }),
  /** Sends these entries (all when none are named) now, also ones waiting for the user. */
  retryOutbox: message({
    request: z.object({ ids: z.array(z.string().min(1).max(100)).max(1000).optional() }),
    response: result(OutboxView),
    from: ['extension-page'],
  }),
  /** Gives entries up: they are not sent (rows Nabu already saved stay, as Nabu deletes nothing). */
  discardOutbox: message({
    request: z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(1000) }),
    response: result(OutboxView),
    from: ['extension-page'],
  }),
};

export type Protocol = typeof protocol;
export type MessageName = keyof Protocol;
export type RequestOf<K extends MessageName> = z.input<Protocol[K]['request']>;
export type ResponseOf<K extends MessageName> = z.output<Protocol[K]['response']>;
