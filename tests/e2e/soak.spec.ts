import { test, expect } from '@playwright/test';
import { formatFigures } from '../../scripts/soak/figures';
import { runSoak } from '../../scripts/soak/run';

// The short soak (issue 15; `npm run soak` is the long one): case sign-offs from the popup and
// QC-in-MISO batches under Nabu, Cardea and MISO faults, a service-worker stop and a browser
// restart with its profile. Nothing asked may be lost, stored twice or stored changed, and once the
// faults stop Bao keeps nothing back.

test('a short soak: 40 sign-offs and 4 QC-in-MISO batches through faults, none lost, doubled or changed', async () => {
  test.setTimeout(240_000);
  const figures = await runSoak({
    seed: 15,
    count: 40,
    batches: 4,
    swKills: 1,
    restarts: 1,
    // A Nabu timeout costs Bao's 30 s each: the long soak has them, the short one does not wait for one.
    nabuTimeouts: 0,
    drainMs: 120_000,
  });
  console.log(formatFigures(figures));
  expect(figures.details).toEqual([]);
  expect(figures.signoffs).toMatchObject({ asked: 40, lost: 0, doubled: 0, changed: 0 });
  expect(figures.batches).toEqual({ asked: 4, delivered: 4, lost: 0, doubled: 0 });
  expect({ outbox: figures.outboxLeft, misoBatches: figures.misoBatchesLeft }).toEqual({ outbox: 0, misoBatches: 0 });
  expect(figures.faults['service worker stops']).toBe(1);
  expect(figures.faults['browser restarts']).toBe(1);
});
