import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import { closeBaoDb, openBaoDb } from '../../../lib/db';

/** Each test gets an empty IndexedDB (and a fresh connection to it). */
export async function freshDatabase(): Promise<void> {
  await closeBaoDb();
  vi.stubGlobal('indexedDB', new IDBFactory());
}

/** The generation numbers present in each data store, straight from IndexedDB. */
export async function generationsOnDisk(): Promise<Record<string, number[]>> {
  const db = await openBaoDb();
  const result: Record<string, number[]> = {};
  for (const store of ['runs', 'runLibraries', 'assays', 'cases', 'notifications', 'omittedRunLibraries'] as const) {
    const keys = await db.getAllKeys(store);
    result[store] = [...new Set(keys.map((key) => key[0]))].sort();
  }
  return result;
}
