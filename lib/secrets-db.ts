import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

// The Nabu API key and the Jira token live in the extension's own IndexedDB, not in `storage.local`: content scripts
// may read `storage.local`, but they run with the page's origin, so they cannot open the extension's databases. A
// database of its own (not lib/db.ts's) keeps the index's code out of the content scripts that import lib/storage.ts.

interface SecretsSchema extends DBSchema {
  secrets: { key: string; value: unknown };
}

const KEY = 'secrets';
let opening: Promise<IDBPDatabase<SecretsSchema>> | undefined;

function openSecretsDb(): Promise<IDBPDatabase<SecretsSchema>> {
  opening ??= openDB<SecretsSchema>('bao-secrets', 1, {
    upgrade(db) {
      db.createObjectStore('secrets');
    },
  });
  return opening;
}

/** What is stored, unvalidated (lib/storage.ts validates it). */
export async function readStoredSecrets(): Promise<unknown> {
  return (await openSecretsDb()).get('secrets', KEY);
}

export async function writeStoredSecrets(value: Record<string, string>): Promise<void> {
  await (await openSecretsDb()).put('secrets', value, KEY);
}
