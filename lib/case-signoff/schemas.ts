import { z } from 'zod';
import { CaseRecord } from '../cardea/records';
import { NabuSignoffRequest, SignoffStep } from '../nabu/schema';
import { Failure } from '../net/failure';
import { MAX_NOTE_LENGTH } from './plan';

// The shapes case sign-offs exchange between the popup and the background and keep in IndexedDB.
// No imports of lib/db.ts here: lib/messages/protocol.ts uses these, and db.ts imports protocol.ts.

export const PAGE_SIZES = [25, 50, 100] as const;

export const CaseSortKey = z.enum(['case', 'project', 'assay', 'requisition', 'latestActivity', 'startDate']);
export type CaseSortKey = z.infer<typeof CaseSortKey>;

export const WaitingFilter = z.enum(['', 'ANY', 'ANALYSIS_REVIEW', 'RELEASE_APPROVAL', 'RELEASE', 'NONE']);
export const StoppedFilter = z.enum(['', 'stopped', 'not-stopped', 'paused']);

const filterText = z.string().trim().max(300);

export const CaseFilters = z.object({
  /** Case id, donor, requisition, project or assay, case-insensitive. */
  search: filterText.default(''),
  project: filterText.default(''),
  assay: filterText.default(''),
  requisition: filterText.default(''),
  deliverableType: filterText.default(''),
  /** `ANY`: waits for some step; a step: waits for that step; `NONE`: waits for nothing. */
  waitingFor: WaitingFilter.default(''),
  stopped: StoppedFilter.default(''),
});
export type CaseFilters = z.infer<typeof CaseFilters>;

export const CasesQuery = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(25),
  sort: CaseSortKey.default('latestActivity'),
  descending: z.boolean().default(true),
  filters: CaseFilters.prefault({}),
  /** Read Nabu's current sign-offs first (the popup asks once when it opens); best effort. */
  refreshNabu: z.boolean().default(false),
});
export type CasesQuery = z.infer<typeof CasesQuery>;
export type CasesQueryInput = z.input<typeof CasesQuery>;

export const NabuItem = z.object({
  step: SignoffStep,
  deliverableType: z.string(),
  deliverable: z.string().nullable(),
});

export const CaseListItem = z.object({
  /** Cardea's case record with the fresh Nabu rows laid over it. */
  record: CaseRecord,
  /** The steps the case waits for (see `waitingFor` in ./steps.ts); empty when nothing waits. */
  waitingFor: z.array(SignoffStep),
  /** Statuses that come from Nabu and are not in Cardea's data yet. */
  fromNabu: z.array(NabuItem),
});
export type CaseListItem = z.infer<typeof CaseListItem>;

export const CasesPage = z.object({
  /** Cardea's timestamp of the indexed document; null before the first one. */
  asOf: z.string().nullable(),
  total: z.number().int().nonnegative(),
  filteredCount: z.number().int().nonnegative(),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  items: z.array(CaseListItem),
  waitingCount: z.number().int().nonnegative(),
  facets: z.object({
    projects: z.array(z.string()),
    assays: z.array(z.string()),
    requisitions: z.array(z.string()),
    deliverableTypes: z.array(z.string()),
  }),
  nabu: z.object({
    /** When Bao last read Nabu's sign-offs. */
    refreshedAt: z.string().nullable(),
    /** Why the last read failed; the list then shows Cardea's data and what Bao saved itself. */
    failure: Failure.nullable(),
  }),
});
export type CasesPage = z.infer<typeof CasesPage>;

export const SignoffDraft = z.object({
  caseIds: z.array(z.string().min(1).max(200)).min(1, 'Select at least one case.').max(5000),
  step: SignoffStep,
  deliverableType: z.string().min(1, 'Choose a deliverable type.').max(300),
  deliverables: z.array(z.string().min(1).max(300)).max(100).default([]),
  status: z.string().min(1).max(40),
  note: z.string().max(MAX_NOTE_LENGTH).default(''),
  /**
   * Chosen by the popup for one press of Submit and sent again with a retry, so a submission whose answer was lost
   * (the worker stopped) is written once (docs/case-signoffs.md#outbox).
   */
  submissionId: z
    .string()
    .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be a submission id')
    .optional(),
});
export type SignoffDraft = z.infer<typeof SignoffDraft>;

export const LeftOutCase = z.object({ caseId: z.string(), deliverable: z.string().nullable(), reason: z.string() });

export const SubmitResult = z.object({
  /** The outbox entries written (one per Nabu request); empty when `errors` says why not. */
  ids: z.array(z.string()),
  submissionId: z.string().nullable(),
  leftOut: z.array(LeftOutCase),
  warnings: z.array(z.string()),
  errors: z.array(z.string()),
  signoffCount: z.number().int().nonnegative(),
  summary: z.string(),
});
export type SubmitResult = z.infer<typeof SubmitResult>;

// ---- the outbox -----------------------------------------------------------------------------------

export const OUTBOX_ENTRY_KIND = 'case-signoff';

/** Per case: still to send, confirmed saved by Nabu, or overtaken by someone's newer sign-off. */
export const OutboxCaseState = z.enum(['pending', 'saved', 'superseded']);
export type OutboxCaseState = z.infer<typeof OutboxCaseState>;

/**
 * - `queued`: due now (new, or asked to retry);
 * - `sending`: an attempt is running (or was, when the worker stopped: it is read back first);
 * - `retrying`: the last attempt failed for a reason that may pass; `nextAttemptAt` says when;
 * - `blocked`: needs the user (a refused API key, a request Nabu rejects, missing options).
 */
export const OutboxState = z.enum(['queued', 'sending', 'retrying', 'blocked']);
export type OutboxState = z.infer<typeof OutboxState>;

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date-time');

/** One Nabu bulk request the user submitted, kept until Nabu has confirmed every case. */
export const OutboxEntry = z.object({
  id: z.string().min(1),
  kind: z.literal(OUTBOX_ENTRY_KIND),
  /** Entries written by one press of Submit share it. */
  submissionId: z.string().min(1),
  createdAt: isoTime,
  /** The sign-off without its cases, text as typed (the client encodes it). */
  request: NabuSignoffRequest,
  statusLabel: z.string(),
  summary: z.string(),
  cases: z
    .array(
      z.object({
        caseId: z.string().min(1),
        state: OutboxCaseState,
        rowId: z.number().int().nullable(),
        created: z.string().nullable(),
      }),
    )
    .min(1),
  attempts: z.number().int().nonnegative(),
  state: OutboxState,
  lastAttemptAt: isoTime.nullable(),
  nextAttemptAt: isoTime.nullable(),
  lastFailure: Failure.nullable(),
  /** What the user should read or do about the last failure. */
  message: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** An entry Nabu confirmed in full and that left the outbox; kept in memory for the popup's summary. */
export const CompletedEntry = z.object({
  id: z.string(),
  submissionId: z.string(),
  summary: z.string(),
  /** The Release deliverable, for Release sign-offs. */
  deliverable: z.string().nullable(),
  cases: z.array(z.object({ caseId: z.string(), state: OutboxCaseState })),
  completedAt: isoTime,
});
export type CompletedEntry = z.infer<typeof CompletedEntry>;

export const OutboxView = z.object({
  entries: z.array(OutboxEntry),
  recent: z.array(CompletedEntry),
});
export type OutboxView = z.infer<typeof OutboxView>;
