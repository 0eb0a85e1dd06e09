/**
 * The virtual clock of live calls: while a call placed from the browser phone runs, virtual time
 * follows the wall clock (at `rate` virtual ms per wall ms), whatever it did before. The sandbox's own
 * pump (SandboxOptions.realTime) only catches the virtual clock up with the wall clock, so after
 * `npm start`'s scripted calls, which leave it ahead, a live call would stand still without this.
 *
 * Progress is counted from a base (virtual, wall) taken when the first live call starts, so this pump
 * and the sandbox's never add the same wall time twice; when something else moves the clock further
 * (a `voxmask call --sandbox` request running in virtual time), the base moves with it.
 */
import type { VoxEngineEmulator } from '../runtime';

/** Period of the pump, wall ms. */
export const LIVE_CLOCK_TICK_MS = 50;

/** Drives the emulator's clock while at least one live call runs. */
export class LiveClock {
  private readonly running = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private advancing = false;
  private base = { virtualMs: 0, wallMs: 0 };

  /**
   * `rate`: virtual ms per wall ms (1 = real time; tests go faster). `onError` hears a failed advance.
   * Throws RangeError for a rate that is not a positive finite number.
   */
  constructor(
    private readonly emulator: VoxEngineEmulator,
    private readonly rate: number,
    private readonly onError: (err: Error) => void,
    private readonly wallNow: () => number = Date.now,
  ) {
    if (!(Number.isFinite(rate) && rate > 0))
      throw new RangeError(`clockRate must be a positive number of virtual ms per wall ms, got ${String(rate)}`);
  }

  /** Session `sessionId` is live: the clock runs until every live session has stopped. */
  start(sessionId: number): void {
    if (this.running.size === 0) {
      this.base = { virtualMs: this.emulator.now(), wallMs: this.wallNow() };
      this.timer = setInterval(() => this.tick(), LIVE_CLOCK_TICK_MS);
      this.timer.unref();
    }
    this.running.add(sessionId);
  }

  /** Session `sessionId` has ended. */
  stop(sessionId: number): void {
    this.running.delete(sessionId);
    if (this.running.size === 0) this.close();
  }

  /** Stops the pump. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.running.clear();
  }

  /** Moves the clock to where the wall clock says, then runs what is due (skipped while the last advance runs). */
  private tick(): void {
    if (this.advancing) return;
    const wall = this.wallNow();
    const target = this.base.virtualMs + (wall - this.base.wallMs) * this.rate;
    const now = this.emulator.now();
    if (now > target) {
      this.base = { virtualMs: now, wallMs: wall };
      return;
    }
    this.advancing = true;
    this.emulator
      .advanceTo(target)
      .catch((err: Error) => this.onError(err))
      .finally(() => (this.advancing = false));
  }
}
