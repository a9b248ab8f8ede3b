import type { FaultInput } from '../../sandbox/faults';
import type { Sandbox } from '../../sandbox/server';
import type { Rng } from './random';

// The soak's seeded fault schedule, set anew before every popup batch: about a third of Nabu's
// requests fail in one of five ways, Nabu goes down for stretches, Cardea fails or cuts its document
// short, and MISO's sessions end. `stop()` clears everything for the drain.

type NabuFault = 'HTTP 500' | 'HTTP 503 + Retry-After' | 'connection reset' | 'answer cut after the write' | 'timeout';

function nabuRule(kind: NabuFault, rng: Rng): FaultInput {
  const base = { system: 'nabu' as const, path: '/' };
  switch (kind) {
    case 'HTTP 500':
      return { ...base, status: 500, every: 3 };
    case 'HTTP 503 + Retry-After':
      return { ...base, status: 503, retryAfterSeconds: rng.int(1, 3), every: 3 };
    case 'connection reset':
      return { ...base, reset: true, every: 3 };
    case 'answer cut after the write':
      // Nabu writes, then the answer breaks off: Bao cannot know whether the rows were stored.
      return { ...base, method: 'POST', truncate: true, every: 3 };
    case 'timeout':
      // Held past Bao's 30 s timeout, then written anyway: the worst case for a retry.
      return { ...base, method: 'POST', latencyMs: 31_000, times: 1 };
  }
}

export class FaultSchedule {
  private downFor = 0;
  private timeoutsLeft: number;
  private stopped = false;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly rng: Rng,
    timeouts: number,
    private readonly counts: Record<string, number>,
  ) {
    this.timeoutsLeft = timeouts;
  }

  private count(name: string) {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  /** Sets this batch's faults; says which. */
  step(batch: number): string {
    if (this.stopped) return 'no faults';
    const set: string[] = [];
    const { faults } = this.sandbox.world;
    faults.clear('nabu');
    faults.clear('cardea');
    if (this.downFor > 0) this.downFor -= 1;
    else if (batch > 0 && this.rng.chance(0.08)) {
      this.downFor = this.rng.int(1, 3);
      this.count('Nabu down stretches');
    }
    if (this.downFor > 0) {
      const status = this.rng.pick([502, 503]);
      faults.add({ system: 'nabu', path: '/', status });
      set.push(`Nabu down (${status})`);
    } else {
      const kinds: NabuFault[] = [
        'HTTP 500',
        'HTTP 503 + Retry-After',
        'connection reset',
        'answer cut after the write',
      ];
      if (this.timeoutsLeft > 0 && this.rng.chance(0.1)) kinds.push('timeout');
      const kind = this.rng.pick(kinds);
      if (kind === 'timeout') this.timeoutsLeft -= 1;
      faults.add(nabuRule(kind, this.rng));
      set.push(`Nabu ${kind}`);
      this.count(`Nabu: ${kind} (batches)`);
    }
    if (this.rng.chance(0.3)) {
      const truncate = this.rng.chance(0.5);
      faults.add({ system: 'cardea', path: '/dimsum', ...(truncate ? { truncate: true } : { status: 500 }), every: 2 });
      this.count(truncate ? 'Cardea: document cut short (batches)' : 'Cardea: HTTP 500 (batches)');
      set.push(truncate ? 'Cardea cut short' : 'Cardea 500');
    }
    return set.join(', ');
  }

  /** Before a QC-in-MISO batch: sometimes the MISO session ends now, sometimes a moment later. */
  maybeExpireMisoSessions(): void {
    if (this.stopped) return;
    const roll = this.rng.next();
    if (roll < 0.15) this.expire();
    else if (roll < 0.3) setTimeout(() => this.expire(), this.rng.int(100, 1500));
  }

  private expire(): void {
    if (this.stopped) return;
    this.sandbox.miso.expireSessions();
    this.count('MISO sessions expired');
  }

  stop(): void {
    this.stopped = true;
    this.sandbox.world.faults.clear();
  }
}
