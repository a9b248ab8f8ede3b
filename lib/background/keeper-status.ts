import { getSnapshotMeta, type SnapshotMeta } from '../db';
import { idbKeeperStore } from '../keeper/state';
import { keeperStatusView } from '../keeper/status-view';
import { KEEPER } from '../keeper/sync';
import { resultOf } from '../messages/define';
import type { KeeperStatusView, ResponseOf } from '../messages/protocol';
import { describeFailure } from '../net/failure';
import { loadSecrets, loadSettings } from '../storage';

/** In server mode the keeper that counts is the Bao server's, as its last `index.json` told. */
function serverKeeperView(keeper: SnapshotMeta['keeper']): KeeperStatusView {
  if (!keeper) return { enabled: false, problem: null, lastSync: null, runErrors: [] };
  const { lastSyncAt, failure } = keeper;
  const lastSync =
    lastSyncAt || failure
      ? {
          state: failure ? ('failed' as const) : ('ok' as const),
          startedAt: lastSyncAt ?? '',
          finishedAt: lastSyncAt,
          failure,
          reason: failure ? describeFailure(failure) : null,
          counts: null,
        }
      : null;
  return { enabled: true, problem: null, lastSync, runErrors: [] };
}

/** The popup's `getKeeperStatus`: the secrets are only looked at (is a Jira token stored?), never sent. */
export function keeperStatus(): Promise<ResponseOf<'getKeeperStatus'>> {
  return resultOf(KEEPER, async () => {
    const snapshot = await getSnapshotMeta();
    if (snapshot) return serverKeeperView(snapshot.keeper);
    const [{ settings }, secrets, status, runs] = await Promise.all([
      loadSettings(),
      loadSecrets(),
      idbKeeperStore.getStatus(),
      idbKeeperStore.listRuns(),
    ]);
    return keeperStatusView({ settings, secrets, status, runs });
  });
}
