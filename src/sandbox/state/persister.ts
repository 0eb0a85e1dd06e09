/**
 * Group commit scheduling (the state database's COMMIT, database.ts): changes are counted, a burst of
 * changes within `debounceMs` becomes one write, and callers that must not acknowledge before the data
 * is on disk (the Management API answers to write methods) await `persisted()`, which starts the write
 * on the next turn instead. Writes never overlap; changes made while a write runs are all covered by the
 * next write. A failed write rejects the waiters it covered (or goes to `onError`) and is retried by
 * the next change or `flush()`, never in a loop.
 */
export class Persister {
  private changeVersion = 0;
  private savedVersion = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private waiters: { version: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  private closed = false;

  /**
   * `write` must capture the state synchronously when called (before its first await) and resolve once
   * it is durable. `onError` hears write failures that no waiter awaited (e.g. after a KV write made by
   * a scenario).
   */
  constructor(
    private readonly write: () => Promise<void>,
    private readonly debounceMs = 20,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  /** Records one change and schedules a write. Returns the change's version for `persisted`. */
  changed(): number {
    this.changeVersion += 1;
    this.schedule();
    return this.changeVersion;
  }

  /** Whether a change has not reached the disk yet. */
  get dirty(): boolean {
    return this.changeVersion > this.savedVersion;
  }

  /** Resolves once every change up to `version` (default: all so far) is on disk; rejects if that write failed. */
  persisted(version = this.changeVersion): Promise<void> {
    if (version <= this.savedVersion) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ version, resolve, reject }));
    this.schedule(0); // someone waits: write on the next turn instead of after the debounce window
    return done;
  }

  /** Writes pending changes now (no debounce) and waits for them. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.writing) await this.writing.catch(() => undefined);
    if (this.dirty) await this.runWrite();
  }

  /** Flushes, then refuses further scheduling (later changes are still counted and flushable). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Plans a write in `delayMs` (an earlier plan wins); none while a write runs (its end plans the next). */
  private schedule(delayMs = this.debounceMs): void {
    if (this.writing || this.closed) return;
    if (this.timer) {
      if (delayMs >= this.debounceMs) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runWrite().catch(() => undefined);
    }, delayMs);
  }

  private runWrite(): Promise<void> {
    const version = this.changeVersion;
    const run = (async () => {
      try {
        await this.write();
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        const failed = this.waiters.filter((w) => w.version <= version);
        this.waiters = this.waiters.filter((w) => w.version > version);
        if (failed.length === 0) this.onError(error);
        for (const w of failed) w.reject(error);
        throw error;
      }
      this.savedVersion = Math.max(this.savedVersion, version);
      const done = this.waiters.filter((w) => w.version <= this.savedVersion);
      this.waiters = this.waiters.filter((w) => w.version > this.savedVersion);
      for (const w of done) w.resolve();
    })();
    this.writing = run.then(
      () => {
        this.writing = undefined;
        if (this.dirty) this.schedule(this.waiters.length > 0 ? 0 : this.debounceMs); // changes made while writing
      },
      () => {
        this.writing = undefined; // after a failure the next change (or flush) retries; no retry loop
      },
    );
    return run;
  }
}
