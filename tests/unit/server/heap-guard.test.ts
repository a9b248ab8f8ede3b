// @vitest-environment node
import v8 from 'node:v8';
import { expect, test } from 'vitest';
import { HeapGuard } from '../../../server/heap-guard';

const used = () => v8.getHeapStatistics().used_heap_size;

test('past its bound the guard collects the garbage a publish leaves, and below it leaves the heap alone', () => {
  const guard = new HeapGuard();
  // Some 60 MB that is garbage once this returns, as a publish's parsed records are once written.
  const made = () =>
    Array.from({ length: 400 }, (_, i) => Array.from({ length: 2000 }, (_, j) => `${i}-${j}-${'x'.repeat(40)}`)).length;
  expect(made()).toBe(400);
  const before = used();
  expect(before).toBeGreaterThan(48e6);
  guard.check();
  const after = used();
  expect(after).toBeLessThan(before - 30e6);
  // Just collected, the heap is under the bound: nothing to do, and nothing is collected.
  const kept = Array.from({ length: 1000 }, (_, i) => ({ i }));
  guard.check();
  expect(used()).toBeGreaterThanOrEqual(after);
  expect(kept).toHaveLength(1000);
});
