import { useEffect, useState } from 'preact/hooks';
import { send } from '../lib/messages';
import type { PipelineStatus } from '../lib/messages/protocol';
import { describeFailure, FetchError } from '../lib/net/failure';
import { watchIndexSignal } from '../lib/storage';

/** The background's pipeline status, refreshed whenever the background publishes a change. */
export function usePipelineStatus(): { status: PipelineStatus | null; error: string | null } {
  const [status, setStatus] = useState<PipelineStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      send('getPipelineStatus')
        .then((next) => live && (setStatus(next), setError(null)))
        .catch(
          (e: unknown) =>
            live &&
            setError(
              e instanceof FetchError ? describeFailure(e.failure) : `Bao’s background did not answer: ${String(e)}`,
            ),
        );
    void load();
    const unwatch = watchIndexSignal(() => void load());
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return { status, error };
}
