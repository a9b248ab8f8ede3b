import type { OmittedRunSampleJson } from './cardea-json';
import { RunNamer } from './instruments';
import { Random } from './random';

/** What every step of one document's generation shares: the PRNG, id counters and names already taken. */
export class GenerationContext {
  readonly rng: Random;
  readonly runNamer = new RunNamer();
  /** Library aliases already given out; MISO keeps them unique. */
  readonly libraryNames = new Set<string>();
  readonly omittedRunSamples: OmittedRunSampleJson[] = [];
  private nextSampleId: number;
  private nextAliquotId: number;
  private nextLibraryId: number;
  private nextRunId: number;
  private nextDonor: number;

  constructor(seed: number) {
    this.rng = new Random(seed);
    this.nextSampleId = 400_000 + this.rng.int(0, 9_999);
    this.nextAliquotId = 70_000 + this.rng.int(0, 9_999);
    this.nextLibraryId = 75_000 + this.rng.int(0, 9_999);
    this.nextRunId = 6_000 + this.rng.int(0, 400);
    this.nextDonor = 1_000 + this.rng.int(0, 500);
  }

  sampleId(): string {
    return `SAM${this.nextSampleId++}`;
  }

  libraryId(): string {
    return `LIB${this.nextLibraryId++}`;
  }

  aliquotId(): number {
    return this.nextAliquotId++;
  }

  donorNumber(): number {
    return this.nextDonor++;
  }

  runId(): number {
    const id = this.nextRunId;
    this.nextRunId += this.rng.int(1, 3);
    return id;
  }

  /** A day `after` to `after + spread` days later than `day`, never past the epoch. */
  later(day: number, after: number, spread: number): number {
    return Math.max(0, day - this.rng.int(after, after + spread));
  }
}
