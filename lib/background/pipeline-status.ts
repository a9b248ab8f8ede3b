import { getPipelineStatus, putPipelineStatus } from '../db';
import type { PipelineStatus } from '../messages/protocol';
import { publishIndexSignal } from '../storage';

export function initialStatus(cardeaUrl: string): PipelineStatus {
  return {
    state: cardeaUrl ? 'idle' : 'unconfigured',
    lastCheckAt: null,
    lastUpdateAt: null,
    documentTimestamp: null,
    documentBytes: null,
    durationMs: null,
    progress: null,
    failure: null,
    cardeaUrl,
    index: null,
  };
}

/** The pipeline's status: kept in memory for the running worker, persisted so a restarted worker knows it. */
export class StatusStore {
  private cached: PipelineStatus | undefined;

  async get(): Promise<PipelineStatus> {
    this.cached ??= (await getPipelineStatus()) ?? initialStatus('');
    return this.cached;
  }

  async update(patch: Partial<PipelineStatus>): Promise<PipelineStatus> {
    const next = { ...(await this.get()), ...patch };
    this.cached = next;
    await putPipelineStatus(next);
    await publishIndexSignal({
      documentTimestamp: next.documentTimestamp,
      state: next.state,
      failed: next.failure !== null,
      progress: next.progress,
    });
    return next;
  }

  /** A worker stopped mid-poll leaves "downloading" behind; the half-written generation is already gone. */
  async recover(): Promise<void> {
    const status = await this.get();
    if (status.state === 'checking' || status.state === 'downloading' || status.state === 'indexing') {
      await this.update({ state: status.failure ? 'error' : 'idle', progress: null });
    }
  }
}

/** Where a poll's failures that are not Cardea's happen (`internalFailure`). */
export const LOCAL_DATABASE = 'local database (IndexedDB)';
