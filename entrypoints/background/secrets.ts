import { extensionPageCheck, handle } from '../../lib/messages';
import type { SecretsPresence } from '../../lib/messages/protocol';
import { loadSecrets, saveSecrets } from '../../lib/settings';

// Secrets are read and written only here; the options page learns whether one is stored.

async function presence(): Promise<SecretsPresence> {
  const secrets = await loadSecrets();
  return { nabuApiKey: secrets.nabuApiKey !== '', jiraToken: secrets.jiraToken !== '', jiraEmail: secrets.jiraEmail };
}

export function registerSecretHandlers(): void {
  const onlyExtensionPages = extensionPageCheck(async () => false);
  handle('getSecretsPresence', onlyExtensionPages, presence);
  handle('saveSecrets', onlyExtensionPages, async (typed) => {
    await saveSecrets(typed);
    return presence();
  });
}
