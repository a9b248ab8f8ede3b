import { idbKeeperStore } from '../../lib/keeper/state';
import { keeperStatusView } from '../../lib/keeper/status-view';
import { KEEPER } from '../../lib/keeper/sync';
import { resultOf } from '../../lib/messages/define';
import type { ResponseOf } from '../../lib/messages/protocol';
import { loadSecrets, loadSettings } from '../../lib/settings';

/** The popup's `getKeeperStatus`: the secrets are only looked at (is a Jira token stored?), never sent. */
export function keeperStatus(): Promise<ResponseOf<'getKeeperStatus'>> {
  return resultOf(KEEPER, async () => {
    const [{ settings }, secrets, status, runs] = await Promise.all([
      loadSettings(),
      loadSecrets(),
      idbKeeperStore.getStatus(),
      idbKeeperStore.listRuns(),
    ]);
    return keeperStatusView({ settings, secrets, status, runs });
  });
}
