import { ClaimBook, CONTENTION_WINDOW_MS } from '../../../src/backend/sessions/claims';
import { ClaimValue } from '../../../src/backend/sessions/session-keys';
import { memoryKv } from '../orders/memory-kv';
import { T0 } from './support';

const PARTY = '4915112345678';
const NUMBER = '4930500000100';

function claim(sessionId: string, claimedAtMs: number): ClaimValue {
  return { v: 1, sessionId, orderId: 'A-1', role: 'courier', claimedAtMs, expiresAt: T0 / 1000 + 3600 };
}

function book(onSleep: () => Promise<void> = async () => undefined) {
  const memory = memoryKv(() => T0);
  const claims = new ClaimBook({ kv: memory.kv, now: () => T0, sleep: onSleep, tieBreakRounds: 3, tieBreakWaitMs: 1 });
  return { memory, claims };
}

describe('ClaimBook', () => {
  it('holds a number for the one session whose claim is alone in the listing', async () => {
    const { claims } = book();
    await claims.write(PARTY, NUMBER, claim('sA', T0), 3600);
    expect((await claims.verify(PARTY, [NUMBER], 'sA')).has(NUMBER)).toBe(true);
    // A later session finds the settled claim and gives up, however small its id.
    await claims.write(PARTY, NUMBER, claim('s0', T0), 3600);
    expect((await claims.verify(PARTY, [NUMBER], 's0')).has(NUMBER)).toBe(false);
  });

  it('lets the smaller session id win when two wrote at once, once the larger one has withdrawn', async () => {
    let release: () => Promise<void> = async () => undefined;
    const { claims } = book(() => release());
    await claims.write(PARTY, NUMBER, claim('sA', T0), 3600);
    await claims.write(PARTY, NUMBER, claim('sB', T0), 3600);
    // sB sees sA (smaller id): it gives up at once, without waiting.
    expect((await claims.verify(PARTY, [NUMBER], 'sB')).has(NUMBER)).toBe(false);
    // sA sees sB (larger id, fresh): it lists again after sB's release.
    release = () => claims.release(PARTY, NUMBER, 'sB');
    expect((await claims.verify(PARTY, [NUMBER], 'sA')).has(NUMBER)).toBe(true);
  });

  it('gives up after its rounds when the larger contender never withdraws', async () => {
    let sleeps = 0;
    const { claims } = book(async () => {
      sleeps++;
    });
    await claims.write(PARTY, NUMBER, claim('sA', T0), 3600);
    await claims.write(PARTY, NUMBER, claim('sB', T0), 3600);
    expect((await claims.verify(PARTY, [NUMBER], 'sA')).has(NUMBER)).toBe(false);
    expect(sleeps).toBe(3);
  });

  it('never yields to a claim older than the contention window, nor to a cooling-off one', async () => {
    const { claims } = book();
    await claims.write(PARTY, NUMBER, claim('sB', T0 - CONTENTION_WINDOW_MS), 3600);
    await claims.write(PARTY, NUMBER, claim('sA', T0), 3600);
    expect((await claims.verify(PARTY, [NUMBER], 'sA')).has(NUMBER)).toBe(false);
    await claims.release(PARTY, NUMBER, 'sB');
    await claims.write(PARTY, NUMBER, { ...claim('sB', T0), closedAt: T0 / 1000 }, 3600);
    expect((await claims.verify(PARTY, [NUMBER], 'sA')).has(NUMBER)).toBe(false);
  });

  it('verifies several numbers of one party with one listing, each on its own', async () => {
    const memory = memoryKv(() => T0);
    const listed: string[] = [];
    const list = memory.kv.list;
    const claims = new ClaimBook({
      kv: { ...memory.kv, list: (prefix) => (listed.push(prefix), list(prefix)) },
      now: () => T0,
      sleep: async () => undefined,
    });
    const other = '4930500000101';
    await claims.write(PARTY, NUMBER, claim('sA', T0), 3600);
    await claims.write(PARTY, other, claim('sA', T0), 3600);
    await claims.write(PARTY, other, claim('s0', T0 - CONTENTION_WINDOW_MS), 3600);
    expect([...(await claims.verify(PARTY, [NUMBER, other], 'sA'))]).toEqual([NUMBER]);
    expect(listed).toEqual([`poolclaim:${PARTY}:`]);
  });

  it('does not hold a number whose own claim the listing does not show', async () => {
    const { claims } = book();
    expect((await claims.verify(PARTY, [NUMBER], 'sA')).has(NUMBER)).toBe(false);
  });

  it("lists a party's claims on every number, not those of a party whose number merely starts the same", async () => {
    const { claims } = book();
    await claims.write(PARTY, NUMBER, claim('sA', T0), 3600);
    await claims.write(PARTY, '4930500000101', claim('sB', T0), 3600);
    await claims.write(`${PARTY}9`.slice(0, 15), NUMBER, claim('sC', T0), 3600);
    expect((await claims.holdings(PARTY)).map((h) => [h.numberDigits, h.sessionId])).toEqual([
      [NUMBER, 'sA'],
      ['4930500000101', 'sB'],
    ]);
  });
});
