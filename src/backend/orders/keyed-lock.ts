/**
 * Runs tasks one after another per key, within this process: two calls for one order (or session) never
 * interleave their reads and writes here, while different keys run in parallel. Other processes are not
 * covered; the stores argue their cross-process safety separately.
 */
export class KeyedLock {
  private readonly chains = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task of `key` has settled; resolves or rejects as `task` does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return next;
  }
}
