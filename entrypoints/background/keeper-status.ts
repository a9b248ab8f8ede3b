import { idbKeeperStore } from '../../lib/keeper/state';
import { keeperStatusView } from '../../lib/keeper/status-view';
import { keeperFailure } from '../../lib/keeper/sync';
import type { ResponseOf } from '../../lib/messages/protocol';
import { loadSecrets, loadSettings } from '../../lib/settings';

/** The popup's `getKeeperStatus`: the secrets are only looked at (is a Jira token stored?), never sent. */
export async function keeperStatus(): Promise<ResponseOf<'getKeeperStatus'>> {
  try {
    const [{ settings }, secrets, status, runs] = await Promise.all([
      loadSettings(),
      loadSecrets(),
      idbKeeperStore.getStatus(),
      idbKeeperStore.listRuns(),
    ]);
    return { ok: true, value: keeperStatusView({ settings, secrets, status, runs }) };
  } catch (error) {
    return { ok: false, failure: keeperFailure(error) };
  }
}
