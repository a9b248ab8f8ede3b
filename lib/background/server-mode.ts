import { pollBaoServer } from '../bao-server/sync';
import type { PipelineStatus } from '../messages/protocol';
import { internalFailure } from '../net/failure';
import { LOCAL_DATABASE, type StatusStore } from './pipeline-status';

const INDEX_TIMEOUT_MS = 30_000;

/**
 * One server-mode poll: a conditional GET of `{base}/index.json`, and a new generation when the snapshot changed.
 * A failing server keeps the last good data and says so (the failure names the Bao server and the file); a
 * server that cannot read Cardea still serves its last snapshot, and its failure shows as Cardea's. True when a
 * new generation was committed.
 */
export async function checkServer(store: StatusStore, base: string, signal: AbortSignal): Promise<boolean> {
  const started = Date.now();
  await store.update({ state: 'checking', lastCheckAt: new Date(started).toISOString(), progress: null });
  try {
    const result = await pollBaoServer(base, { signal, timeoutMs: INDEX_TIMEOUT_MS });
    if (result.outcome === 'not-modified') {
      await store.update({ state: 'idle', failure: result.snapshot?.cardeaFailure ?? null });
      return false;
    }
    const { index, bytes } = result;
    const patch: Partial<PipelineStatus> = {
      state: 'idle',
      cardeaUrl: index.cardea.url,
      documentTimestamp: index.cardea.timestamp,
      failure: index.cardea.failure,
    };
    if (result.outcome === 'committed') {
      Object.assign(patch, {
        lastUpdateAt: new Date().toISOString(),
        // What this browser downloaded for the change, not the size of Cardea's document.
        documentBytes: bytes,
        durationMs: Date.now() - started,
        index: {
          cases: index.document.cases,
          runs: index.document.runs,
          runLibraries: index.document.runLibraries,
          notifications: index.document.notifications,
          runsRequiringAction: index.document.runsRequiringAction,
        },
      } satisfies Partial<PipelineStatus>);
    }
    await store.update(patch);
    return result.outcome === 'committed';
  } catch (error) {
    if (signal.aborted) return false;
    await store.update({ state: 'error', failure: internalFailure(error, LOCAL_DATABASE), progress: null });
    return false;
  }
}
