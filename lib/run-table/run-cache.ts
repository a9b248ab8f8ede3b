import { z } from 'zod';
import { Assay, OmittedRunSample, Run, Sample } from '../cardea/schema';
import { Failure } from '../net/failure';
import type { FoundRunData } from './run-table-model';

// The overlay's saved copy of a run's rows (stale-while-revalidate): in memory for this page, and
// in `storage.local` (through lib/storage.ts) for the next visit. The run is stored once instead
// of on every row, which makes a NovaSeq X run's copy several times smaller.

/** Above this the copy is not written: reading and parsing it would cost about what asking the background does. */
export const MAX_SAVED_CHARS = 4_000_000;
/** About 2.5 kB per row once packed: bigger runs are not even serialised to find out. */
export const MAX_SAVED_ROWS = 1_500;
const MEMORY_LIMIT = 5;

export const SavedRunData = z.object({
  v: z.literal(1),
  run: Run,
  lq: z.array(Sample),
  fd: z.array(Sample),
  assaysById: z.record(z.string(), Assay),
  omitted: z.array(OmittedRunSample).default([]),
  asOf: z.string().nullable(),
  stale: z.boolean(),
  failure: Failure.nullable(),
});
export type SavedRunData = z.infer<typeof SavedRunData>;

export function packRunData(data: FoundRunData): SavedRunData {
  const strip = (sample: Sample): Sample => (sample.run?.id === data.run.id ? { ...sample, run: null } : sample);
  return {
    v: 1,
    run: data.run,
    lq: data.lq.map(strip),
    fd: data.fd.map(strip),
    assaysById: data.assaysById,
    omitted: data.omitted,
    asOf: data.asOf,
    stale: data.stale,
    failure: data.failure,
  };
}

export function unpackRunData(saved: SavedRunData): FoundRunData {
  // Every row of a run's tables is on that run, so a row without one had it stripped by packRunData.
  const restore = (sample: Sample): Sample => (sample.run ? sample : { ...sample, run: saved.run });
  return {
    status: 'found',
    run: saved.run,
    lq: saved.lq.map(restore),
    fd: saved.fd.map(restore),
    assaysById: saved.assaysById,
    omitted: saved.omitted,
    asOf: saved.asOf,
    stale: saved.stale,
    failure: saved.failure,
  };
}

const memory = new Map<string, FoundRunData>();

export function rememberRun(runName: string, data: FoundRunData): void {
  memory.delete(runName);
  memory.set(runName, data);
  while (memory.size > MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
}

export function rememberedRun(runName: string): FoundRunData | undefined {
  return memory.get(runName);
}

export function forgetRuns(): void {
  memory.clear();
}
