import { PinSpaceFullError } from '../../../src/backend/orders/errors';
import { OrderInput } from '../../../src/backend/orders/order-input';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { assessPinSpace, formatPinSpace, minPinLength } from '../../../src/backend/orders/pin-space';
import { formatSeedSummary, seedExitCode, seedRows } from '../../../src/backend/orders/seed';
import { SeedRow } from '../../../src/backend/orders/seed-file';
import { memoryKv, orderStoreOn } from './memory-kv';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const order = (i: number, over: Partial<OrderInput> = {}): OrderInput => ({
  orderId: `P-${i}`,
  parties: [
    { role: 'courier', phone: '+4915112345678' },
    { role: 'customer', phone: `+4930${String(1_000_000 + i)}` },
  ],
  ...over,
});

/** 4-digit PINs and a lockout after 5 failures: 10 % of the PIN space is reached at 200 active orders. */
function fourDigitStore(mem: ReturnType<typeof memoryKv>): OrderStore {
  return orderStoreOn(mem, () => NOW, { pinLength: 4, maxPinAttempts: 50, lockoutMaxFailures: 5 });
}

describe('PIN space as a number', () => {
  it('occupancy, a guesser chance of maxFailures × active / 10^length, and the levels', () => {
    expect(assessPinSpace(200, 5, 5)).toEqual({
      active: 200,
      pinLength: 5,
      maxFailures: 5,
      occupancy: 0.002,
      guessProbability: 0.01,
      level: 'ok',
    });
    expect(assessPinSpace(201, 5, 5).level).toBe('warn');
    expect(assessPinSpace(2000, 5, 5).level).toBe('warn');
    expect(assessPinSpace(2001, 5, 5).level).toBe('refuse');
    // With no lockout failures allowed, occupancy alone refuses past half the space.
    expect(assessPinSpace(5000, 4, 0).level).toBe('ok');
    expect(assessPinSpace(5001, 4, 0).level).toBe('refuse');
    expect(assessPinSpace(100_000, 5, 5)).toMatchObject({ occupancy: 1, guessProbability: 1, level: 'refuse' });
    expect(() => assessPinSpace(-1, 5, 5)).toThrow(/active orders must be a non-negative integer, got -1/);
    expect(() => assessPinSpace(1, 11, 5)).toThrow(/pinLength must be an integer 4-10, got 11/);
    expect(() => assessPinSpace(1, 5, 1.5)).toThrow(/maxFailures must be a non-negative integer/);
  });

  it('the sizing table: the shortest PIN that keeps a guesser at or under 1 % with 5 failures', () => {
    expect([100, 1000, 10_000, 100_000, 1_000_000].map((n) => minPinLength(n, 5))).toEqual([5, 6, 7, 8, 9]);
    expect(minPinLength(100_000_000, 5)).toBeUndefined();
  });

  it('prints the figures, and the advice above the warning threshold', () => {
    expect(formatPinSpace(assessPinSpace(10, 5, 5))).toEqual([
      expect.stringMatching(
        /^PIN space: 10 active order\(s\) in 10\^5 PINs \(occupancy 0\.0100 %\); a guesser's chance within the lockout \(5 failures\): 0\.0500 %$/,
      ),
    ]);
    const warn = formatPinSpace(assessPinSpace(1000, 5, 5));
    expect(warn[1]).toMatch(/warning: above 1\.00 %; raise scenario\.pin\.length to 6, close delivered orders/);
    expect(formatPinSpace(assessPinSpace(3000, 5, 5))[1]).toMatch(
      /new PINs refused: .*raise scenario\.pin\.length to 7.*more virtual numbers/,
    );
  });

  it('refuses a new PIN past the hard limit, with the advice; updates and re-seeds of active orders still pass', async () => {
    const mem = memoryKv(() => NOW);
    const store = fourDigitStore(mem);
    // 5 × 200 / 10^4 = 10 %: the 200th order is the last one allowed.
    for (let i = 0; i < 200; i++) await store.createOrder(order(i));
    const refused = (await store.createOrder(order(200)).catch((e: Error) => e)) as Error;
    expect(refused).toBeInstanceOf(PinSpaceFullError);
    expect(refused.message).toMatch(
      /^no new PIN for order P-200: 201 active order\(s\) in 10\^4 PINs give a guesser 10\.1 % within the lockout \(5 failures\); raise scenario\.pin\.length to 6/,
    );
    expect(mem.store.list('order:').total).toBe(200);
    await expect(store.createOrder(order(7))).resolves.toMatchObject({ status: 'unchanged' });
    await expect(
      store.createOrder(
        order(7, {
          parties: [
            { role: 'courier', phone: '+4915112345679' },
            { role: 'customer', phone: '+493011111111' },
          ],
        }),
      ),
    ).resolves.toMatchObject({ status: 'updated' });
    // Closing an order frees room for one more.
    await store.closeOrder('P-0');
    await expect(store.createOrder(order(200))).resolves.toMatchObject({ status: 'created' });
  });

  it('a seed run reports the PIN space and fails rows that would need a PIN past the limit', async () => {
    const mem = memoryKv(() => NOW);
    const store = fourDigitStore(mem);
    const rows: SeedRow[] = Array.from({ length: 205 }, (_, i) => ({ line: i + 1, input: order(i) }));
    const summary = await seedRows(rows, { store, concurrency: 4 });
    expect(summary.created).toBe(200);
    expect(summary.failed).toHaveLength(5);
    expect(summary.failed[0].reason).toMatch(/no new PIN for order P-\d+: 201 active/);
    expect(summary.pinSpace).toMatchObject({ active: 200, level: 'warn' });
    expect(seedExitCode(summary)).toBe(4);
    expect(formatSeedSummary(summary).join('\n')).toContain('PIN space: 200 active order(s) in 10^4 PINs');
  });
});
