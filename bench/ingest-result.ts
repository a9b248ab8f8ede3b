import { z } from 'zod';

/** What one ingest child process reports (one JSON line on stdout). */
export const ChildResult = z.object({
  mode: z.enum(['stream', 'baseline']),
  ms: z.number(),
  bytes: z.number(),
  cases: z.number(),
  runLibraryRecords: z.number(),
  /** Peaks above the child's idle state before the download started. */
  peakRssBytes: z.number(),
  peakHeapBytes: z.number(),
});
export type ChildResult = z.infer<typeof ChildResult>;
