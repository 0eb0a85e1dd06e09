/** The virtual clock (src/sandbox/clock.ts): ordering, cancellation, gates, bad input. */
import { ClockError, VirtualClock, type ScheduledTask } from '../../../src/sandbox/clock';

function drain(clock: VirtualClock, limit = Number.POSITIVE_INFINITY): string[] {
  const ran: string[] = [];
  for (;;) {
    const next = clock.takeDue(limit);
    if (!next || !('run' in next)) return ran;
    next.run();
    ran.push(`${clock.now()}`);
  }
}

describe('VirtualClock', () => {
  test('runs tasks by time, then by scheduling order, and moves time forward only', () => {
    const clock = new VirtualClock(1000);
    const order: string[] = [];
    clock.schedule(1500, 0, () => order.push('b1'));
    clock.schedule(1200, 0, () => order.push('a'));
    clock.schedule(1500, 0, () => order.push('b2'));
    clock.schedule(500, 0, () => order.push('past, clamped to now'));
    expect(drain(clock)).toEqual(['1000', '1200', '1500', '1500']);
    expect(order).toEqual(['past, clamped to now', 'a', 'b1', 'b2']);
    clock.advanceTo(900);
    expect(clock.now()).toBe(1500);
  });

  test('cancelled tasks do not run and let go of their work', () => {
    const clock = new VirtualClock(0);
    let ran = 0;
    const task = clock.after(10, 0, () => (ran += 1));
    clock.cancel(task);
    clock.cancel(task);
    expect(drain(clock)).toEqual([]);
    expect(ran).toBe(0);
    expect(task.run.toString()).not.toContain('ran');
  });

  test('a task gated on a host promise waits for it, and so do later tasks; limit stops early', async () => {
    const clock = new VirtualClock(0);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    clock.after(5, 0, () => undefined, gate);
    clock.after(9, 0, () => undefined);
    const blocked = clock.takeDue(100);
    expect(blocked && 'gate' in blocked && !('run' in blocked)).toBe(true);
    release();
    await gate;
    await Promise.resolve();
    expect(drain(clock, 6)).toEqual(['5']);
    expect(drain(clock)).toEqual(['9']);
  });

  test('repair() restores order after the heap was disturbed', () => {
    const clock = new VirtualClock(0);
    const ran: number[] = [];
    for (const t of [50, 10, 40, 20, 30]) clock.schedule(t, 0, () => ran.push(t));
    // What a watchdog stop inside a push or a swap leaves behind: the heap order broken and a task held
    // twice. The heap is private, so the test reaches it the way the interrupted code would have left it.
    const items = (clock as unknown as { heap: { items: ScheduledTask[] } }).heap.items;
    items.reverse();
    items.push(items[2]);
    expect(items.map((t) => t.atMs)).not.toEqual([...items.map((t) => t.atMs)].sort((a, b) => a - b));
    clock.repair();
    expect(drain(clock)).toEqual(['10', '20', '30', '40', '50']);
    expect(ran).toEqual([10, 20, 30, 40, 50]);
  });

  test('non-finite times are refused with a ClockError naming the argument', () => {
    expect(() => new VirtualClock(Number.NaN)).toThrow(ClockError);
    const clock = new VirtualClock(0);
    expect(() => clock.schedule(Number.POSITIVE_INFINITY, 0, () => undefined)).toThrow('atMs: must be a finite number');
    expect(() => clock.advanceTo(Number.NaN)).toThrow('epochMs');
  });
});
