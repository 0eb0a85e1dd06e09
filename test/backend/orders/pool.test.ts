import { runPool } from '../../../src/backend/orders/pool';

describe('runPool', () => {
  test('keeps at most `concurrency` workers in flight and starts items in input order', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let peak = 0;
    await runPool([0, 1, 2, 3, 4, 5, 6], 3, async (item) => {
      started.push(item);
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 1 + (item % 3)));
      inFlight--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(3);
  });

  test('a worker that throws stops its lane only: every other item still runs, then the first error rejects', async () => {
    const done: number[] = [];
    const run = runPool([0, 1, 2, 3, 4, 5], 2, async (item) => {
      await new Promise((r) => setTimeout(r, 1));
      if (item === 1) throw new Error('item 1 failed');
      done.push(item);
    });
    await expect(run).rejects.toThrow('item 1 failed');
    expect(done.sort()).toEqual([0, 2, 3, 4, 5]);
  });

  test('rejects a concurrency that is not a positive integer', async () => {
    await expect(runPool([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });
});
