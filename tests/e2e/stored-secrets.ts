import type { Worker } from '@playwright/test';

/** The secrets as the background keeps them, in the extension's own IndexedDB (lib/secrets-db.ts). */
export const storedSecrets = (background: Worker) =>
  background.evaluate(
    () =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('bao-secrets');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('secrets').objectStore('secrets').get('secrets');
          get.onerror = () => reject(get.error);
          get.onsuccess = () => resolve(get.result);
        };
      }),
  );
