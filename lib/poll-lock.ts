/**
 * One run of a task at a time (a Cardea poll, a keeper sync, an outbox pass, a Nabu refresh). A run
 * asked for while one is going is queued once: everyone who asked meanwhile waits for that single
 * follow-up, which sees whatever changed during the first.
 */
export class PollLock {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  run(task: () => Promise<void>): Promise<void> {
    if (!this.running) {
      this.running = task().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.run(task);
      });
    return this.queued;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }
}
