import type { CaseDataInput } from '../lib/cardea/schema';
import { FaultStore } from './faults';

type EtlUpdate = (caseData: CaseDataInput) => void;

interface EtlCycle {
  timer: ReturnType<typeof setTimeout>;
  landed: Promise<void>;
  land: () => void;
}

/**
 * The shared state behind the four stand-ins. Cardea serves `caseData`; MISO and Nabu write to
 * their own stores and queue an ETL update. Like the real pipeline, the next ETL cycle (`etlDelayMs`
 * after the first write it finds waiting) applies everything queued and moves the timestamp once:
 * a sign-off shows up in Cardea only after that cycle, and a bulk write is one change, not one per row.
 */
export class World {
  caseData: CaseDataInput;
  timestamp: string;
  etlDelayMs: number;
  readonly faults = new FaultStore();
  private queued: EtlUpdate[] = [];
  private cycle: EtlCycle | undefined;

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

  /** Queues `update` for the next ETL cycle, starting one (after the ETL delay) if none is waiting. */
  scheduleEtl(update: EtlUpdate): void {
    this.queued.push(update);
    if (this.cycle) return;
    let land = () => {};
    const landed = new Promise<void>((resolve) => (land = resolve));
    this.cycle = { timer: setTimeout(() => this.runCycle(), this.etlDelayMs), landed, land };
  }

  /** Resolves once every ETL update scheduled so far has landed (for tests and the control API). */
  async etlSettled(): Promise<void> {
    while (this.cycle) await this.cycle.landed;
  }

  /** Runs the waiting cycle now instead of after its delay (when the sandbox closes), so no timer outlives it. */
  flushEtl(): void {
    if (!this.cycle) return;
    clearTimeout(this.cycle.timer);
    this.runCycle();
  }

  private runCycle(): void {
    const cycle = this.cycle;
    this.cycle = undefined;
    const updates = this.queued.splice(0);
    try {
      for (const update of updates) {
        try {
          update(this.caseData);
        } catch (error) {
          console.error('[sandbox/etl] an update failed and was skipped:', error);
        }
      }
      if (updates.length > 0) this.bumpTimestamp();
    } finally {
      cycle?.land();
    }
  }
}
