import { z } from 'zod';
import type { NotificationRecord } from './records';
import { Run, Sample } from './schema';

// The index records as stored and published: IndexedDB (lib/db.ts) validates them on read, and a Bao
// server snapshot (lib/snapshot/) carries the same shapes.

export const PendingLibrary = z.object({
  id: z.string(),
  name: z.string(),
  lane: z.string().nullable(),
  project: z.string().nullable(),
});
export const StoredNotification = z.object({
  runName: z.string(),
  /** Not in records an older build wrote, before the ingest knew about tickets. */
  withOpenTicket: z.boolean().default(false),
  completionDate: z.string().nullable(),
  runQc: Run.pick({
    qcPassed: true,
    qcUser: true,
    qcDate: true,
    dataReviewPassed: true,
    dataReviewUser: true,
    dataReviewDate: true,
  }),
  pendingAnalysis: z.array(PendingLibrary),
  pendingQc: z.array(PendingLibrary),
  pendingDataReview: z.array(PendingLibrary),
  runState: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  requiresAction: z.boolean(),
  desiredState: z.enum(['OPEN', 'PAUSED', 'CLOSED']),
}) satisfies z.ZodType<NotificationRecord>;

export const StoredRun = z.object({
  runName: z.string(),
  run: Run,
  facts: z
    .object({
      lqCount: z.number(),
      fdCount: z.number(),
      libraryDesigns: z.array(z.string()),
      assayIds: z.array(z.number()),
    })
    .nullable(),
});
export const StoredRunLibrary = z.object({
  runName: z.string(),
  category: z.enum(['LQ', 'FD']),
  sampleId: z.string(),
  sample: Sample.extend({ run: z.string() }),
  caseIds: z.array(z.string()),
  testNames: z.array(z.string()),
});
