/**
 * The lifetime of one session's calls: waits, timers and the one cancellation rule.
 * - `wait`: a promise around platform events with a timeout, which rejects with CallerGoneError the
 *   moment the primary leg (the caller's; in click-to-call party A's) disconnects or fails, or the
 *   session is cancelled (`cancel`), so no step can keep talking to someone who left;
 * - `timer`: tracked timeouts, all cleared at the end (the platform allows 100, docs/platform.md#timers);
 * - `storage`: an ApplicationStorage promise bounded in time; a failure becomes a warning and resolves
 *   STORAGE_FAILED;
 * - `peers`/`legs`: the outbound calls to hang up at the end and every leg's times for the result.
 */
import type { WarningCode } from '../../contract/call-result';
import { CallerGoneError } from './errors';
import { LegTimes } from './logic/legs';
import { logEvent } from './log';

/** Longest an ApplicationStorage call may take before the flow treats it as failed, in ms (docs/scenario.md "lookup"). */
const STORAGE_TIMEOUT_MS = 8000;

/** What CallScope.storage resolves to when the ApplicationStorage call failed (its warning is already recorded). */
export const STORAGE_FAILED = Symbol('storage failed');

/** Subscribes `fn` to a call event; returns the unsubscribe function. */
export function listen<K extends keyof _CallEvents>(call: Call, event: K, fn: (e: _CallEvents[K]) => void): () => void {
  call.addEventListener(event, fn);
  return () => call.removeEventListener(event, fn);
}

/** How a wait ends when its time is up: a value, or an Error to reject with. */
export interface WaitOptions<T> {
  timeoutMs: number;
  onTimeout: () => T | Error;
}

export class CallScope {
  /** Outbound legs, hung up at the end if still up. */
  readonly peers: Call[] = [];
  /** Every leg's times, in the order the legs started (the result's `legs`). */
  readonly legs: LegTimes[] = [];
  /** True once the primary leg has disconnected or failed, or the session was cancelled: every wait rejects. */
  primaryGone = false;

  private primaryCall: Call | null = null;
  private primaryTimes: LegTimes | null = null;
  private readonly timers = new Set<number>();
  private readonly goneWaiters = new Set<() => void>();

  constructor(
    private readonly hooks: {
      /** Records a storage failure's warning (ResultFacts.warn). */
      warn: (code: WarningCode) => void;
      /** Called once when the primary leg goes (not on cancel), before any wait rejects. */
      onPrimaryGone: () => void;
    },
  ) {}

  /** The leg whose end ends the session's flow. Throws when none is attached yet (a bug in the flow). */
  get primary(): Call {
    if (!this.primaryCall) throw new Error('no primary leg yet');
    return this.primaryCall;
  }

  /** The primary leg's times. Throws when none is attached yet. */
  get primaryLeg(): LegTimes {
    if (!this.primaryTimes) throw new Error('no primary leg yet');
    return this.primaryTimes;
  }

  /** True once a primary leg is attached. */
  get hasPrimary(): boolean {
    return this.primaryCall !== null;
  }

  /**
   * Makes `call` the primary leg (once per session); `leg` is reported first in the result. A call
   * placed as a peer first (click-to-call's party A, until it answers) keeps its place and times.
   */
  attachPrimary(call: Call, leg: LegTimes): void {
    if (this.primaryCall) throw new Error('the primary leg is already attached');
    this.primaryCall = call;
    this.primaryTimes = leg;
    if (!this.legs.includes(leg)) this.legs.unshift(leg);
    const gone = () => this.markPrimaryGone(true);
    listen(call, CallEvents.Disconnected, gone);
    listen(call, CallEvents.Failed, gone);
  }

  /** Ends the flow from outside (the backend cancelled the session): every pending and later wait rejects. */
  cancel(): void {
    this.markPrimaryGone(false);
  }

  /** Adds an outbound leg: hung up at the end if still up, its times reported. */
  addPeer(call: Call, leg: LegTimes): void {
    this.peers.push(call);
    this.legs.push(leg);
  }

  /**
   * Waits for `setup` to call `done` (or `fail`), for the timeout, or for the primary leg to go
   * (CallerGoneError). `setup` returns its teardown, which runs exactly once in every case.
   */
  wait<T>(setup: (done: (value: T) => void, fail: (err: Error) => void) => () => void, options: WaitOptions<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.primaryGone) {
        reject(new CallerGoneError());
        return;
      }
      let settled = false;
      let teardown: (() => void) | null = null;
      const settle = (outcome: { value: T } | { error: Error }) => {
        if (settled) return;
        settled = true;
        this.goneWaiters.delete(onGone);
        cancelTimer();
        if (teardown) teardown();
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      const onGone = () => settle({ error: new CallerGoneError() });
      this.goneWaiters.add(onGone);
      const cancelTimer = this.timer(options.timeoutMs, () => {
        const value = options.onTimeout();
        settle(value instanceof Error ? { error: value } : { value });
      });
      const off = setup(
        (value) => settle({ value }),
        (error) => settle({ error }),
      );
      if (settled) off();
      else teardown = off;
    });
  }

  /**
   * Runs an ApplicationStorage call bounded by STORAGE_TIMEOUT_MS and resolves its value. When the call
   * throws, rejects or does not answer in time, records `warning` and resolves STORAGE_FAILED instead.
   * Rejects only with CallerGoneError, when the primary leg goes first.
   */
  async storage<T>(warning: WarningCode, start: () => Promise<T>): Promise<T | typeof STORAGE_FAILED> {
    const value = await this.wait<T | typeof STORAGE_FAILED>(
      (done) => {
        try {
          start().then(done, () => done(STORAGE_FAILED));
        } catch {
          done(STORAGE_FAILED);
        }
        return () => undefined;
      },
      { timeoutMs: STORAGE_TIMEOUT_MS, onTimeout: () => STORAGE_FAILED },
    );
    if (value === STORAGE_FAILED) this.hooks.warn(warning);
    return value;
  }

  /** Waits `seconds` (silence on the line); rejects with CallerGoneError when the primary leg goes first. */
  pause(seconds: number): Promise<void> {
    return this.wait<void>(() => () => undefined, { timeoutMs: seconds * 1000, onTimeout: () => undefined });
  }

  /** A tracked setTimeout (`ms` milliseconds); returns its cancel function. */
  timer(ms: number, fn: () => void): () => void {
    const id = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
    return () => {
      clearTimeout(id);
      this.timers.delete(id);
    };
  }

  /** Clears every timer and hangs up outbound legs that are still up (B2BUA rule). */
  releaseAll(): void {
    for (const id of this.timers) clearTimeout(id);
    this.timers.clear();
    const now = Date.now();
    for (const peer of this.peers) {
      if (peer.state() !== 'TERMINATED') peer.hangup();
    }
    for (const leg of this.legs) leg.markEnded(now);
  }

  private markPrimaryGone(byPrimary: boolean): void {
    if (this.primaryGone) return;
    this.primaryGone = true;
    if (byPrimary) {
      this.primaryTimes?.markEnded(Date.now());
      this.hooks.onPrimaryGone();
    }
    logEvent(byPrimary ? 'caller_gone' : 'cancelled');
    for (const waiter of Array.from(this.goneWaiters)) waiter();
  }
}
