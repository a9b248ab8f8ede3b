import type { RequestData } from '../messages';
import type { SecretsPresence } from '../messages/protocol';
import { loadSecrets, saveSecrets } from '../storage';

// Secrets are read and written only here; the options page learns whether one is stored. The
// protocol lets only extension pages send these messages.

async function presence(): Promise<SecretsPresence> {
  const secrets = await loadSecrets();
  return { nabuApiKey: secrets.nabuApiKey !== '', jiraToken: secrets.jiraToken !== '', jiraEmail: secrets.jiraEmail };
}

export function secretHandlers() {
  return {
    getSecretsPresence: presence,
    saveSecrets: async (typed: RequestData<'saveSecrets'>) => {
      await saveSecrets(typed);
      return presence();
    },
  };
}
