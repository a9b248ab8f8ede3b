import { getRunView, getSnapshotMeta, putSnapshotRun, type RunView } from '../db';
import { FetchError } from '../net/failure';
import { BAO_SERVER, fetchSnapshotRun } from './client';

// A run's view for the overlay. From Cardea's document every run is in IndexedDB already; from a Bao server a
// run's file is fetched the first time an overlay asks, stored into the current generation, then read like the
// rest. A run `index.json` does not list is not in Cardea: undefined, as in direct mode.

const inFlight = new Map<string, Promise<void>>();

async function fetchInto(generation: number, base: string, file: string, runName: string): Promise<boolean> {
  const run = await fetchSnapshotRun(base, file);
  if (run.runName !== runName) {
    throw new FetchError({
      kind: 'invalid',
      system: BAO_SERVER,
      url: `${base}/${file}`,
      issues: [`${file} runName: is ${run.runName}, not ${runName}`],
    });
  }
  return putSnapshotRun(generation, run);
}

export async function readRunView(runName: string): Promise<RunView | undefined> {
  // Twice at most: a new snapshot may switch generations while a run's file downloads.
  for (let attempt = 0; attempt < 2; attempt++) {
    const view = await getRunView(runName);
    if (view) return view;
    const snapshot = await getSnapshotMeta();
    const entry = snapshot?.runs[runName];
    if (!snapshot || !entry) return undefined;
    // Two overlays of one run (a Jira ticket and a MISO page) share one download.
    const key = `${snapshot.generation}|${entry.file}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = fetchInto(snapshot.generation, snapshot.source, entry.file, runName).then(() => undefined);
      inFlight.set(key, pending);
      void pending.catch(() => undefined).finally(() => inFlight.delete(key));
    }
    await pending;
  }
  return getRunView(runName);
}
