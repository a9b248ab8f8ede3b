// Cardea starts with no data: its first load of the ETL files comes a little after start-up, and until
// then its controllers return null, which Spring writes as a 200 with an empty body. The sandbox's
// Cardea does the same for a configurable window after start, and again after a restart.

export class CardeaLoading {
  /** When the (next) first load lands, in epoch ms. */
  private loadsAt: number;

  constructor(
    loadingMs = 0,
    private readonly now: () => number = Date.now,
  ) {
    this.loadsAt = now() + loadingMs;
  }

  get loaded(): boolean {
    return this.now() >= this.loadsAt;
  }

  /** Cardea restarts: no data for `loadingMs`, or, without it, until `load()`. */
  restart(loadingMs?: number): void {
    this.loadsAt = loadingMs === undefined ? Number.POSITIVE_INFINITY : this.now() + loadingMs;
  }

  /** The first load lands now. */
  load(): void {
    this.loadsAt = Number.NEGATIVE_INFINITY;
  }
}
