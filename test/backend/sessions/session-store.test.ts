import { KV_MAX_TTL_S } from '../../../contract/storage-limits';
import { OrderInputError } from '../../../src/backend/orders/errors';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { PoolExhaustedError, SessionConflictError, SessionNotFoundError } from '../../../src/backend/sessions/errors';
import { resolvePool } from '../../../src/backend/sessions/pool-numbers';
import { OpenSessionResult, PoolSession, SessionStore } from '../../../src/backend/sessions/session-store';
import { berlinPool, COURIER, CUSTOMER, RESTAURANT, sessionFixture, T0 } from './support';

const END = new Date(T0 + 2 * 3600_000).toISOString();
const END_S = Math.floor(T0 / 1000) + 7200;

function twoParty(orderId: string, courier = COURIER, customer = CUSTOMER) {
  return {
    orderId,
    parties: [
      { role: 'courier' as const, phone: courier },
      { role: 'customer' as const, phone: customer },
    ],
    expiresAt: END,
  };
}

function pool(result: OpenSessionResult): PoolSession & { status: 'opened' | 'existing' } {
  if (result.mode !== 'pool') throw new Error(`expected a pool session, got ${result.mode}`);
  return result;
}

describe('SessionStore.openSession', () => {
  it('gives a 2-party order one number both dial, and a route each way that the scenario reads in one get', async () => {
    const f = sessionFixture(berlinPool(3));
    const s = pool(await f.store.openSession({ ...twoParty('A-1042'), settings: { callTimeLimitS: 900, record: true } }));
    expect(s.status).toBe('opened');
    expect(s.pairs).toEqual([{ roles: ['courier', 'customer'], number: expect.stringMatching(/^\+49305000001\d\d$/) }]);
    const number = s.pairs[0].number;
    expect(f.route(number, COURIER)).toEqual({
      v: 1,
      sessionId: s.sessionId,
      orderId: 'A-1042',
      callerRole: 'courier',
      calleeRole: 'customer',
      callee: CUSTOMER,
      expiresAt: END_S,
      settings: { callTimeLimitS: 900, record: true },
    });
    expect(f.route(number, CUSTOMER)).toMatchObject({ callerRole: 'customer', calleeRole: 'courier', callee: COURIER });
    // The route lives exactly until expiresAt (TTL = expiresAt - now).
    expect(f.memory.writes.find((w) => w.key.startsWith('route:'))?.ttlS).toBe(7200);
    expect(await f.store.getSession(s.sessionId)).toMatchObject({ orderId: 'A-1042', pairs: s.pairs });
    expect(await f.store.findSession('A-1042')).toMatchObject({ sessionId: s.sessionId });
  });

  it('gives a 3-party order one number per pair, so no party has two routes on one number', async () => {
    const f = sessionFixture(berlinPool(3));
    const s = pool(
      await f.store.openSession({
        orderId: 'B-7',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
          { role: 'restaurant', phone: RESTAURANT },
        ],
        expiresAt: END,
      }),
    );
    expect(s.pairs.map((p) => p.roles)).toEqual([
      ['courier', 'customer'],
      ['courier', 'restaurant'],
      ['customer', 'restaurant'],
    ]);
    expect(new Set(s.pairs.map((p) => p.number)).size).toBe(3);
    for (const { roles, number } of s.pairs) {
      const phone = (role: string) => s.parties.find((p) => p.role === role)!.phone;
      expect(f.route(number, phone(roles[0]))?.callee).toBe(phone(roles[1]));
      expect(f.route(number, phone(roles[1]))?.callee).toBe(phone(roles[0]));
    }
  });

  it('skips a pair that shares one phone (a restaurant that delivers itself) and refuses to pair it on request', async () => {
    const f = sessionFixture(berlinPool(3));
    const parties = [
      { role: 'courier' as const, phone: RESTAURANT },
      { role: 'customer' as const, phone: CUSTOMER },
      { role: 'restaurant' as const, phone: RESTAURANT },
    ];
    const s = pool(await f.store.openSession({ orderId: 'C-1', parties, expiresAt: END }));
    expect(s.pairs.map((p) => p.roles)).toEqual([
      ['courier', 'customer'],
      ['customer', 'restaurant'],
    ]);
    await expect(f.store.openSession({ orderId: 'C-2', parties, expiresAt: END, pairs: [['courier', 'restaurant']] })).rejects.toThrow(
      /pairs\[0\]: .*share one phone/,
    );
  });

  it('never gives one party two active sessions on one number, and says which party exhausted the pool and the sizing rule', async () => {
    const f = sessionFixture(berlinPool(3));
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const s = pool(await f.store.openSession(twoParty(`D-${i}`, COURIER, `+49301234567${i}0`)));
      numbers.push(s.pairs[0].number);
    }
    expect(new Set(numbers).size).toBe(3);
    const error = await f.store.openSession(twoParty('D-3', COURIER, '+4930123456799')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolExhaustedError);
    expect(error).toMatchObject({ role: 'courier', held: 3, poolSize: 3 });
    expect((error as Error).message).toMatch(/courier \(\+49\*+678\)/);
    expect((error as Error).message).toMatch(/as many numbers as the busiest party holds at once/);
    expect((error as Error).message).not.toContain(COURIER);
  });

  it("prefers a number in the parties' country and falls back on any", async () => {
    const f = sessionFixture([
      { number: '+12125550101' },
      { number: '+12125550102' },
      { number: '+4930500000100' },
      { number: '+12125550103' },
      { number: '+12125550104' },
    ]);
    for (let i = 0; i < 3; i++) {
      const german = pool(await f.store.openSession(twoParty(`E-${i}`, `+491511234560${i}`, `+493012345670${i}`)));
      expect(german.pairs[0].number).toBe('+4930500000100');
    }
    const again = pool(await f.store.openSession(twoParty('E-9', '+4915112345600', '+4930123456799')));
    expect(again.pairs[0].number).toMatch(/^\+1212/);
  });

  it("counts a configured country over the number's own", async () => {
    const f = sessionFixture([
      { number: '+12125550101', country: 'DE' },
      { number: '+4930500000100', country: 'US' },
    ]);
    expect(pool(await f.store.openSession(twoParty('E-3'))).pairs[0].number).toBe('+12125550101');
  });

  it('returns the active session unchanged when the same order is opened again, and refuses other data', async () => {
    const f = sessionFixture(berlinPool(3));
    const first = pool(await f.store.openSession(twoParty('F-1')));
    const writes = f.memory.writes.length;
    const again = pool(await f.store.openSession(twoParty('F-1')));
    expect(again).toMatchObject({ status: 'existing', sessionId: first.sessionId, pairs: first.pairs });
    expect(f.memory.writes.length).toBe(writes);
    const conflict = await f.store.openSession(twoParty('F-1', COURIER, '+4930123456700')).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(SessionConflictError);
    expect((conflict as Error).message).toMatch(/customer phone \+49\*+789 → \+49\*+700/);
  });

  it('refuses bad input naming the field, before any write', async () => {
    const f = sessionFixture(berlinPool(3));
    const cases: [object, RegExp][] = [
      [{ ...twoParty('G-1'), expiresAt: new Date(T0 - 1000).toISOString() }, /^expiresAt: lies 1 s in the past/],
      [{ ...twoParty('G-1'), expiresAt: T0 + (KV_MAX_TTL_S - 3600 + 10) * 1000 }, /^expiresAt: .*90-day TTL/],
      [{ ...twoParty('G-1'), settings: { ringTimeoutS: 99 } }, /^settings\.ringTimeoutS: is 99; must be 5-60 seconds/],
      [{ ...twoParty('G-1', '+4930500000100') }, /^parties\[0\]\.phone: .*virtual number/],
      [{ ...twoParty('G-1'), pairs: [['courier', 'restaurant']] }, /^pairs\[0\]: names a role the order does not have/],
      [
        {
          ...twoParty('G-1'),
          parties: [
            { role: 'courier', phone: COURIER, label: 'Max' },
            { role: 'customer', phone: CUSTOMER },
          ],
        },
        /^parties\[0\]\.label: /,
      ],
    ];
    for (const [input, message] of cases) {
      const error = await f.store.openSession(input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OrderInputError);
      expect((error as Error).message).toMatch(message);
    }
    expect(f.memory.writes).toEqual([]);
  });
});

describe('SessionStore.closeSession and the cool-off', () => {
  it('deletes the routes at once and keeps the (number, party) pairs out of use for the cool-off', async () => {
    const f = sessionFixture(berlinPool(1), { coolOffS: 600 });
    const s = pool(await f.store.openSession(twoParty('H-1')));
    const number = s.pairs[0].number;
    expect(await f.store.closeSession(s.sessionId)).toEqual({ closed: true });
    expect(f.route(number, COURIER)).toBeUndefined();
    expect(f.route(number, CUSTOMER)).toBeUndefined();
    expect(await f.store.getSession(s.sessionId)).toBeUndefined();
    expect(await f.store.findSession('H-1')).toBeUndefined();
    // The courier calling back from history must not reach a new customer on that number yet.
    await expect(f.store.openSession(twoParty('H-2', COURIER, '+4930123456700'))).rejects.toThrow(PoolExhaustedError);
    // Nor may a new courier reach the old customer on it.
    await expect(f.store.openSession(twoParty('H-3', '+4915112345600', CUSTOMER))).rejects.toThrow(PoolExhaustedError);
    // Parties who never used it may have it at once.
    expect(pool(await f.store.openSession(twoParty('H-4', '+4915112345600', '+4930123456700'))).pairs[0].number).toBe(number);
    await f.store.closeSession((await f.store.findSession('H-4'))!.sessionId);
    f.advance(600_000);
    expect(pool(await f.store.openSession(twoParty('H-5', COURIER, '+4930123456701'))).pairs[0].number).toBe(number);
    expect(await f.store.closeSession(s.sessionId)).toEqual({ closed: false });
  });

  it('applies the cool-off after a session expires by itself too', async () => {
    const f = sessionFixture(berlinPool(1), { coolOffS: 600 });
    await f.store.openSession(twoParty('I-1'));
    f.advance(7200_000);
    await expect(f.store.openSession({ ...twoParty('I-2', COURIER, '+4930123456700'), expiresAt: T0 + 9000_000 })).rejects.toThrow(
      PoolExhaustedError,
    );
    f.advance(600_000);
    expect((await f.store.openSession({ ...twoParty('I-3', COURIER, '+4930123456700'), expiresAt: T0 + 9000_000 })).mode).toBe('pool');
  });
});

describe('SessionStore.extendSession', () => {
  it('moves the end of routes, claims and record, keeping the numbers', async () => {
    const f = sessionFixture(berlinPool(2), { coolOffS: 600 });
    const s = pool(await f.store.openSession(twoParty('J-1')));
    const later = T0 + 5 * 3600_000;
    const extended = await f.store.extendSession(s.sessionId, later);
    expect(extended).toMatchObject({ sessionId: s.sessionId, pairs: s.pairs, expiresAt: later / 1000 });
    expect(f.route(s.pairs[0].number, COURIER)?.expiresAt).toBe(later / 1000);
    f.advance(3 * 3600_000);
    expect(f.route(s.pairs[0].number, CUSTOMER)).toBeDefined();
    expect(await f.store.findSession('J-1')).toMatchObject({ sessionId: s.sessionId });
    await expect(f.store.extendSession('s-none', later)).rejects.toThrow(SessionNotFoundError);
  });
});

describe('SessionStore fallback to the PIN flow', () => {
  it('opens a PIN order on the shared number when the pool has no number for a party', async () => {
    const f = sessionFixture(berlinPool(1));
    const orders = new OrderStore({
      kv: f.memory.kv,
      pinLength: 5,
      graceS: 600,
      defaultTtlS: 86_400,
      maxPinAttempts: 20,
      now: f.now,
      newPin: () => '48213',
    });
    const store = new SessionStore({
      kv: f.memory.kv,
      pool: resolvePool(berlinPool(1)),
      coolOffS: 3600,
      now: f.now,
      sharedNumbers: ['+493025550100'],
      fallback: { orders, sharedNumbers: ['+493025550100'], graceS: 600 },
    });
    expect((await store.openSession(twoParty('K-1'))).mode).toBe('pool');
    const fallback = await store.openSession(twoParty('K-2', COURIER, '+4930123456700'));
    expect(fallback).toEqual({ mode: 'pin', status: 'opened', orderId: 'K-2', pin: '48213', numbers: ['+493025550100'], expiresAt: END_S });
    const order = await orders.lookupOrder('K-2');
    expect(order?.expiresAt).toBe(END_S);
    // No claim or route of the failed pool attempt is left behind.
    expect(f.memory.store.list('poolclaim:').items.filter((i) => i.key.includes('4930123456700'))).toEqual([]);
  });
});

describe('SessionStore.listSessions and status', () => {
  it('lists active sessions and shows use per number and the busiest party, masked', async () => {
    const f = sessionFixture(berlinPool(3), { coolOffS: 600 });
    const a = pool(await f.store.openSession(twoParty('L-1')));
    await f.store.openSession(twoParty('L-2', COURIER, '+4930123456700'));
    await f.store.closeSession(a.sessionId);
    const { sessions, unreadable } = await f.store.listSessions();
    expect(sessions.map((s) => s.orderId)).toEqual(['L-2']);
    expect(unreadable).toEqual([]);
    const status = await f.store.status();
    expect(status.poolSize).toBe(3);
    expect(status.numbers.reduce((n, u) => n + u.active, 0)).toBe(2);
    expect(status.numbers.reduce((n, u) => n + u.coolingOff, 0)).toBe(2);
    expect(status.numbers.reduce((n, u) => n + u.sessions, 0)).toBe(1);
    expect(status.busiestParty).toEqual({ phone: '+49********678', held: 2 });
  });
});
