import { useEffect, useState } from 'preact/hooks';
import { send } from '../lib/messages';
import type { KeeperStatusView } from '../lib/messages/protocol';
import { describeFailure, FetchError } from '../lib/net/failure';
import { watchIndexSignal, watchSettings } from '../lib/storage';

/** While a sync is under way or about to start, ask again this often; the keeper publishes no signal of its own. */
const FOLLOW_MS = 2000;

const awaitingSync = (k: KeeperStatusView) =>
  k.enabled && !k.problem && (k.lastSync === null || k.lastSync.state === 'running');

/** The ticket keeper's status: when the popup opens, after each new document or settings change, and during a sync. */
export function useKeeperStatus(): { keeper: KeeperStatusView | null; error: string | null } {
  const [keeper, setKeeper] = useState<KeeperStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      clearTimeout(timer);
      send('getKeeperStatus')
        .then((answer) => {
          if (!live) return;
          if (!answer.ok) return setError(describeFailure(answer.failure));
          setKeeper(answer.value);
          setError(null);
          if (awaitingSync(answer.value)) timer = setTimeout(load, FOLLOW_MS);
        })
        .catch(
          (e: unknown) =>
            live &&
            setError(
              e instanceof FetchError ? describeFailure(e.failure) : `Bao’s background did not answer: ${String(e)}`,
            ),
        );
    };
    load();
    const unwatchIndex = watchIndexSignal(load);
    const unwatchSettings = watchSettings(load);
    return () => {
      live = false;
      clearTimeout(timer);
      unwatchIndex();
      unwatchSettings();
    };
  }, []);
  return { keeper, error };
}
