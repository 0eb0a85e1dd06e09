import fc from 'fast-check';
import { parsePoolRoute } from '../../../contract/pool-route';
import { KeyValueBackend } from '../../../src/backend/orders/kv-backend';
import { resolvePool } from '../../../src/backend/sessions/pool-numbers';
import { parseClaimKey, parseSessionRecord } from '../../../src/backend/sessions/session-keys';
import { SessionStore } from '../../../src/backend/sessions/session-store';
import { memoryKv } from '../orders/memory-kv';
import { berlinPool, seeded, T0 } from './support';

/** Every KeyValueBackend call waits for the scheduler, which releases them in an order fast-check picks. */
function scheduledKv(kv: KeyValueBackend, s: fc.Scheduler): KeyValueBackend {
  const gate =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A) =>
      s.schedule(Promise.resolve(name)).then(() => fn(...args));
  return { get: gate('get', kv.get), set: gate('set', kv.set), delete: gate('delete', kv.delete), list: gate('list', kv.list) };
}

const COURIERS = ['+4915112345601', '+4915112345602'];
const CUSTOMERS = ['+4930123456701', '+4930123456702', '+4930123456703'];
const RESTAURANT = '+4930991000';

/** One open request: which courier and customer, and whether the restaurant is a third party. */
const openArb = fc.record({ courier: fc.integer({ min: 0, max: 1 }), customer: fc.integer({ min: 0, max: 2 }), restaurant: fc.boolean() });

describe('SessionStore under concurrent openSession calls (every interleaving of ApplicationStorage requests)', () => {
  it('never gives one party two sessions on one number, and every route belongs to the session holding it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(openArb, { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer(),
        async (s, opens, poolSize, seed) => {
          const memory = memoryKv(() => T0);
          const kv = scheduledKv(memory.kv, s);
          // Several stores, as if several backend processes (each with its own in-process state) opened at once.
          const stores = opens.map(
            (_, i) =>
              new SessionStore({
                kv,
                pool: resolvePool(berlinPool(poolSize)),
                coolOffS: 600,
                now: () => T0,
                random: seeded(seed + i),
                newSessionId: () => `s${i}`,
                sleep: () => s.schedule(Promise.resolve('sleep')).then(() => undefined),
                tieBreakWaitMs: 0,
              }),
          );
          const results = opens.map((o, i) =>
            stores[i]
              .openSession({
                orderId: `O-${i}`,
                parties: [
                  { role: 'courier', phone: COURIERS[o.courier] },
                  { role: 'customer', phone: CUSTOMERS[o.customer] },
                  ...(o.restaurant ? [{ role: 'restaurant' as const, phone: RESTAURANT }] : []),
                ],
                expiresAt: T0 + 3600_000,
              })
              .then(
                () => 'opened',
                (e: Error) => e.name,
              ),
          );
          await s.waitFor(Promise.all(results));
          const outcomes = await Promise.all(results);
          expect(outcomes.every((o) => ['opened', 'PoolExhaustedError', 'PoolContentionError'].includes(o))).toBe(true);

          const sessions = memory.store.list('poolsession:').items.map((i) => parseSessionRecord(i.value)!);
          expect(sessions.length).toBe(outcomes.filter((o) => o === 'opened').length);
          const holder = new Map<string, string>();
          for (const session of sessions) {
            for (const pair of session.pairs) {
              for (const role of pair.roles) {
                const phone = session.parties.find((p) => p.role === role)!.phone;
                const slot = `${phone}@${pair.number}`;
                expect(holder.get(slot)).toBeUndefined(); // one party, one number: one session
                holder.set(slot, session.sessionId);
              }
            }
          }
          // Every route is the one of the session holding its (number, caller); no route or claim is left by a loser.
          const routes = memory.store.list('route:').items;
          expect(routes.length).toBe(holder.size);
          for (const item of routes) {
            const route = parsePoolRoute(item.value);
            expect(route.ok && route.value.sessionId).toBe(
              [...holder].find(([slot]) => item.key === `route:${slot.split('@')[1].slice(1)}:${slot.split('@')[0].slice(1)}`)?.[1],
            );
          }
          const claimSessions = memory.store.list('poolclaim:').items.map((i) => parseClaimKey(i.key)!.sessionId);
          expect(claimSessions.length).toBe(holder.size);
          expect(claimSessions.every((id) => sessions.some((s2) => s2.sessionId === id))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
