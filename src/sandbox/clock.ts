/**
 * The virtual clock and scheduler shared by every session of one VoxEngine emulator.
 *
 * Time is virtual epoch milliseconds. Tasks run in (time, insertion order) order; running a task moves
 * the clock to the task's time, never backwards. A task may carry a `gate`: a host promise that must
 * settle before the task may run (used for real HTTP and for async HTTP handlers), so virtual time
 * waits for real work instead of passing it.
 */

import { VoxmaskError } from '../errors';

/** A scheduled unit of work. `cancelled` tasks stay in the heap and are skipped when popped. */
export interface ScheduledTask {
  readonly atMs: number;
  readonly seq: number;
  /**
   * The work; replaced by a no-op when the task is cancelled, so a cancelled task holds no references.
   */
  run: () => void;
  /** Who scheduled the task: a session id, or 0 for the emulator itself (the watchdog blames this owner). */
  readonly owner: number;
  cancelled: boolean;
  /** A host promise the task waits for; `gateSettled` flips when it settles. */
  gate?: Promise<unknown>;
  gateSettled?: boolean;
}

/** Invalid use of the clock (a time that is not a finite number). */
export class ClockError extends VoxmaskError {
  override name = 'ClockError';
  readonly code = 'E_SANDBOX_CLOCK';
  constructor(
    /** The offending argument, e.g. `atMs`. */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Binary min-heap of tasks ordered by time, then by scheduling order. */
class TaskHeap {
  private readonly items: ScheduledTask[] = [];

  peek(): ScheduledTask | undefined {
    return this.items[0];
  }

  push(task: ScheduledTask): void {
    const items = this.items;
    items.push(task);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  /** Rebuilds the heap order from scratch (after an interrupted push or pop). */
  rebuild(): void {
    const all = [...new Set(this.items)];
    this.items.length = 0;
    for (const task of all) this.push(task);
  }

  pop(): ScheduledTask | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l], items[m])) m = l;
        if (r < items.length && before(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}

function noop(): void {}

function before(a: ScheduledTask, b: ScheduledTask): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

/** One virtual clock: `now()` in epoch ms and a queue of tasks. */
export class VirtualClock {
  private nowMs: number;
  private seq = 0;
  private readonly heap = new TaskHeap();

  /** `startMs`: initial virtual time, epoch milliseconds. */
  constructor(startMs: number) {
    if (!Number.isFinite(startMs)) throw new ClockError('startMs', `must be a finite epoch-ms number, got ${String(startMs)}`);
    this.nowMs = startMs;
  }

  /** Current virtual time, epoch milliseconds. */
  now(): number {
    return this.nowMs;
  }

  /**
   * Schedules `run` at virtual time `atMs` (clamped to now). `owner` names who scheduled it (a session id,
   * or 0 for the emulator itself). Returns the task; pass it to `cancel` to drop it.
   */
  schedule(atMs: number, owner: number, run: () => void, gate?: Promise<unknown>): ScheduledTask {
    if (!Number.isFinite(atMs)) throw new ClockError('atMs', `must be a finite number, got ${String(atMs)}`);
    const task: ScheduledTask = { atMs: Math.max(atMs, this.nowMs), seq: this.seq++, run, owner, cancelled: false };
    if (gate) {
      task.gate = gate;
      task.gateSettled = false;
      const settle = () => {
        task.gateSettled = true;
      };
      gate.then(settle, settle);
    }
    this.heap.push(task);
    return task;
  }

  /** Schedules `run` after `delayMs` virtual milliseconds. */
  after(delayMs: number, owner: number, run: () => void, gate?: Promise<unknown>): ScheduledTask {
    return this.schedule(this.nowMs + delayMs, owner, run, gate);
  }

  /** Drops a task; it will not run. Cancelling twice is harmless. */
  cancel(task: ScheduledTask | undefined): void {
    if (!task) return;
    task.cancelled = true;
    task.run = noop;
    task.gate = undefined;
  }

  /** The next live task, or undefined when nothing is scheduled. Cancelled tasks at the top are discarded. */
  private peek(): ScheduledTask | undefined {
    let top = this.heap.peek();
    while (top && top.cancelled) {
      this.heap.pop();
      top = this.heap.peek();
    }
    return top;
  }

  /**
   * Removes and returns the next live task if it is due at or before `limitMs` and not waiting on a gate;
   * moves the clock to its time. Returns 'gate' with the gate when the next task waits on host work,
   * or undefined when nothing is due by `limitMs`.
   */
  takeDue(limitMs: number): ScheduledTask | { gate: Promise<unknown> } | undefined {
    const top = this.peek();
    if (!top || top.atMs > limitMs) return undefined;
    if (top.gate && !top.gateSettled) return { gate: top.gate };
    this.heap.pop();
    if (top.atMs > this.nowMs) this.nowMs = top.atMs;
    return top;
  }

  /** Moves the clock forward to `epochMs` (never backwards). */
  advanceTo(epochMs: number): void {
    if (!Number.isFinite(epochMs)) throw new ClockError('epochMs', `must be a finite number, got ${String(epochMs)}`);
    if (epochMs > this.nowMs) this.nowMs = epochMs;
  }

  /**
   * Restores the queue's invariants after the watchdog interrupted code in the middle of a heap
   * operation (duplicates are dropped, order is rebuilt).
   */
  repair(): void {
    this.heap.rebuild();
  }
}
