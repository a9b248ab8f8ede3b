// @vitest-environment node
import { beforeEach, describe, expect, test } from 'vitest';
import { deleteKept, getKept, putKept, updateKept } from '../../../lib/db';
import {
  addMisoBatches,
  assignMisoBatch,
  deliverMisoBatch,
  listMisoBatches,
  markMisoBatchPosted,
  unassignAllTabs,
  unassignTab,
} from '../../../lib/miso/batches';
import { freshDatabase } from '../pipeline/helpers';

// A batch MISO showed is deleted by the tab's delivery; a write to the same batch racing it (a tab
// closing, a browser restart, a tab posting) must never bring it back.

const RUN = '230105_A00469_0405_AHXXXXDSX3';
const batch = {
  label: 'WGTS · WT',
  runLibraryIds: ['5476_1_LDI4'],
  request: {
    report: 'Bao',
    library_aliquots: [
      {
        name: 'LDI4',
        run_id: 5476,
        partition: 1,
        metrics: [{ title: 'Mean Insert Size', threshold_type: 'gt' as const, threshold: 150, value: 312.5 }],
      },
    ],
  },
};

beforeEach(() => freshDatabase());

async function keptOnTab(tabId: number): Promise<string> {
  const [stored] = await addMisoBatches(RUN, [batch]);
  await assignMisoBatch(stored.id, tabId);
  return stored.id;
}

describe('updateKept', () => {
  test('reads and writes in one transaction: a delete issued between the two wins', async () => {
    await putKept('misoBatches', { id: 'b1', tabId: 7 });
    const written = await updateKept('misoBatches', 'b1', (record) => {
      // A delivery arriving while the change is worked out.
      void deleteKept('misoBatches', 'b1');
      return { ...record, tabId: null };
    });
    expect(written).toEqual({ id: 'b1', tabId: null });
    await expect.poll(() => getKept('misoBatches', 'b1')).toBeUndefined();
    // Settled: the delete is not undone by anything still in flight.
    expect(await getKept('misoBatches', 'b1')).toBeUndefined();
  });

  test('a record that is gone stays gone, and "no change" writes nothing', async () => {
    expect(await updateKept('misoBatches', 'missing', (record) => ({ ...record, tabId: null }))).toBeUndefined();
    expect(await getKept('misoBatches', 'missing')).toBeUndefined();
    await putKept('misoBatches', { id: 'b2', tabId: 7 });
    expect(await updateKept('misoBatches', 'b2', () => undefined)).toBeUndefined();
    expect(await getKept('misoBatches', 'b2')).toEqual({ id: 'b2', tabId: 7 });
  });
});

describe('a delivery racing another write to its batch', () => {
  test.each<[string, (id: string) => Promise<unknown>]>([
    ['the tab closing', () => unassignTab(100)],
    ['a browser restart', () => unassignAllTabs()],
    ['the tab posting it again', (id) => markMisoBatchPosted(id, 100)],
    ['another tab taking it over', (id) => assignMisoBatch(id, 200)],
  ])('%s: the delivered batch stays deleted', async (_label, write) => {
    const id = await keptOnTab(100);
    const [delivered] = await Promise.all([deliverMisoBatch(100, batch.runLibraryIds), write(id)]);
    expect(delivered?.id).toBe(id);
    expect(await listMisoBatches()).toEqual([]);
  });
});
