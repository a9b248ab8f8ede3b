import type { RunLibraryRecord, RunRecord } from '../../lib/cardea/records';
import type { Assay } from '../../lib/cardea/schema';
import { openIndexWriter } from '../../lib/db';

/** Commits one generation of the local index holding one assay and these runs: what trends read. */
export async function indexOneAssay(
  cardeaUrl: string,
  assay: Assay,
  runs: RunRecord[],
  runLibraries: RunLibraryRecord[],
): Promise<void> {
  const writer = await openIndexWriter(cardeaUrl);
  await writer.write({ assays: [assay], cases: [], omitted: [], runs, runLibraries });
  await writer.finishRuns(runs, []);
  await writer.commit({
    timestamp: null,
    bytes: 0,
    cases: 0,
    assays: 1,
    runs: runs.length,
    runLibraries: runLibraries.length,
    omittedRunLibraries: 0,
    notifications: 0,
    runsRequiringAction: 0,
  });
}
