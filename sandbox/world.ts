import type { CaseDataInput } from '../lib/cardea/schema';
import { FaultStore } from './faults';

/**
 * The shared state behind the four stand-ins. Cardea serves `caseData`; MISO and Nabu write to
 * their own stores and schedule an ETL update that changes `caseData` after `etlDelayMs` and moves
 * the timestamp, like the real pipeline (a sign-off shows up in Cardea only after the next cycle).
 */
export class World {
  caseData: CaseDataInput;
  timestamp: string;
  etlDelayMs: number;
  readonly faults = new FaultStore();
  private pending = new Set<Promise<void>>();

  constructor(caseData: CaseDataInput, options: { etlDelayMs: number; timestamp?: string }) {
    this.caseData = caseData;
    this.etlDelayMs = options.etlDelayMs;
    this.timestamp = options.timestamp ?? caseData.timestamp ?? new Date().toISOString();
    this.caseData.timestamp = this.timestamp;
  }

  /** Moves Cardea's `/timestamp`; always strictly later than the previous value. */
  bumpTimestamp(): string {
    const previous = Date.parse(this.timestamp);
    const next = Math.max(Date.now(), Number.isNaN(previous) ? 0 : previous + 1000);
    this.timestamp = new Date(next).toISOString().replace(/\.\d{3}Z$/, 'Z');
    this.caseData.timestamp = this.timestamp;
    return this.timestamp;
  }

  /** Applies `update` to the Cardea document after the ETL delay, then moves the timestamp. */
  scheduleEtl(update: (caseData: CaseDataInput) => void): void {
    const done = new Promise<void>((resolve) => {
      setTimeout(() => {
        try {
          update(this.caseData);
          this.bumpTimestamp();
        } finally {
          resolve();
        }
      }, this.etlDelayMs);
    });
    this.pending.add(done);
    void done.then(() => this.pending.delete(done));
  }

  /** Resolves once every ETL update scheduled so far has landed (for tests and the control API). */
  async etlSettled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
