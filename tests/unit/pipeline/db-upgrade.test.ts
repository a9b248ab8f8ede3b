import { openDB } from 'idb';
import { beforeEach, expect, test } from 'vitest';
import { DB_NAME, getCurrentIndex, getRunView, listKept } from '../../../lib/db';
import { freshDatabase } from './helpers';

beforeEach(freshDatabase);

/** The database as the build before Omissions left it: version 2, with work waiting in the outbox. */
async function versionTwoWithQueuedWork(): Promise<void> {
  const db = await openDB(DB_NAME, 2, {
    upgrade(database) {
      database.createObjectStore('meta');
      database.createObjectStore('runs', { keyPath: ['gen', 'runName'] });
      database.createObjectStore('runLibraries', { keyPath: ['gen', 'runName', 'category', 'sampleId'] });
      database.createObjectStore('assays', { keyPath: ['gen', 'id'] });
      database.createObjectStore('cases', { keyPath: ['gen', 'id'] });
      database.createObjectStore('notifications', { keyPath: ['gen', 'runName'] });
      database.createObjectStore('misoBatches', { keyPath: 'id' });
      database.createObjectStore('outbox', { keyPath: 'id' });
      database.createObjectStore('keeper', { keyPath: 'id' });
    },
  });
  await db.put('outbox', { id: 'signoff-1', note: '50% + tumour/normal ✓' });
  await db.put('misoBatches', { id: 'batch-1', runName: 'RUN' });
  db.close();
}

test('upgrading to the Omissions store keeps queued sign-offs and QC-in-MISO batches', async () => {
  await versionTwoWithQueuedWork();
  expect(await getCurrentIndex()).toBeUndefined();
  expect(await getRunView('RUN')).toBeUndefined();
  expect(await listKept('outbox')).toEqual([{ id: 'signoff-1', note: '50% + tumour/normal ✓' }]);
  expect(await listKept('misoBatches')).toEqual([{ id: 'batch-1', runName: 'RUN' }]);
});
