/**
 * setTimeout / setInterval on the virtual clock (docs/platform.md#timers): at most 100 active timers
 * (one more throws a RangeError (inferred)); intervals below 100 ms run every 100 ms; timers stop when
 * the session terminates and new ones are ignored from then on (documented: unavailable after Terminating; the
 * emulator already stops them at terminate()). Extra arguments are passed to the callback (inferred).
 */
import type { ScheduledTask } from '../../clock';
import { MAX_TIMERS, MIN_INTERVAL_MS } from '../constants';
import type { Session } from '../session/session';
import type { HostFn } from './bridge';

export class TimerTable {
  /** Pending timer tasks by timer id. */
  private readonly timers = new Map<number, ScheduledTask>();
  private seq = 0;

  constructor(private readonly session: Session) {}

  private set(label: string, fn: unknown, ms: unknown, extra: unknown[], repeat: boolean): number {
    const session = this.session;
    if (typeof fn !== 'function') throw new TypeError(`${label}: callback must be a function, got ${typeof fn}`);
    if (!session.running) {
      session.note(
        'timersAfterTerminate',
        `${label} after terminate() is ignored and returns 0 (timers are unavailable once the session terminates)`,
      );
      return 0;
    }
    if (this.timers.size >= MAX_TIMERS) {
      session.trace('limit', { limit: 'timers', detail: `${label}: ${MAX_TIMERS} timers are already active` });
      throw new RangeError(`${label}: at most ${MAX_TIMERS} timers may be active in a session`);
    }
    if (extra.length > 0) session.note('timerArguments', 'extra setTimeout/setInterval arguments are passed to the callback [I]');
    let delay = Number(ms);
    if (!Number.isFinite(delay) || delay < 0) delay = 0;
    if (repeat && delay < MIN_INTERVAL_MS) delay = MIN_INTERVAL_MS;
    const id = ++this.seq;
    const label2 = repeat ? 'setInterval callback' : 'setTimeout callback';
    const fire = () => {
      if (!this.timers.has(id)) return;
      if (repeat) this.timers.set(id, session.schedule(delay, fire));
      else this.timers.delete(id);
      session.invoke(fn, extra, label2);
    };
    this.timers.set(id, session.schedule(delay, fire));
    return id;
  }

  private clearOne(id: unknown): void {
    if (typeof id !== 'number') return;
    const task = this.timers.get(id);
    if (!task) return;
    this.session.services.clock.cancel(task);
    this.timers.delete(id);
  }

  /** Cancels every timer (the session is terminating). */
  clear(): void {
    for (const task of this.timers.values()) this.session.services.clock.cancel(task);
    this.timers.clear();
  }

  /** The four global timer functions. */
  functions(): Record<string, HostFn> {
    return {
      setTimeout: (fn: unknown, ms: unknown, ...extra: unknown[]) => this.set('setTimeout', fn, ms, extra, false),
      setInterval: (fn: unknown, ms: unknown, ...extra: unknown[]) => this.set('setInterval', fn, ms, extra, true),
      clearTimeout: (id: unknown) => this.clearOne(id),
      clearInterval: (id: unknown) => this.clearOne(id),
    };
  }
}
