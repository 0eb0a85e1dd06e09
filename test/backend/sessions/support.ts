import { parsePoolRoute, poolRouteKey, PoolRoute } from '../../../contract/pool-route';
import { resolvePool } from '../../../src/backend/sessions/pool-numbers';
import { SessionStore, SessionStoreOptions } from '../../../src/backend/sessions/session-store';
import { memoryKv } from '../orders/memory-kv';

/** 1 May 2026 12:00 UTC, epoch ms. */
export const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

/** Berlin pool numbers +49 30 5000001xx. */
export function berlinPool(size: number): { number: string }[] {
  return Array.from({ length: size }, (_, i) => ({ number: `+49305000001${String(i).padStart(2, '0')}` }));
}

export const COURIER = '+4915112345678';
export const CUSTOMER = '+4930123456789';
export const RESTAURANT = '+4930991000';

/** A SessionStore on the sandbox's in-memory ApplicationStorage, with a clock the test moves. */
export function sessionFixture(poolNumbers: { number: string; country?: string }[], options: Partial<SessionStoreOptions> = {}) {
  let nowMs = T0;
  const memory = memoryKv(() => nowMs);
  let ids = 0;
  const store = new SessionStore({
    kv: memory.kv,
    pool: resolvePool(poolNumbers),
    coolOffS: 3600,
    now: () => nowMs,
    random: seeded(1),
    newSessionId: () => `s${String(++ids).padStart(4, '0')}`,
    sleep: async () => undefined,
    ...options,
  });
  return {
    store,
    memory,
    advance: (ms: number) => {
      nowMs += ms;
    },
    now: () => nowMs,
    /** The live route of `caller` on `number`, parsed, or undefined. */
    route: (number: string, caller: string): PoolRoute | undefined => {
      const item = memory.store.get(poolRouteKey(number, caller) as string);
      if (!item) return undefined;
      const parsed = parsePoolRoute(item.value);
      if (!parsed.ok) throw new Error(`damaged route: ${parsed.field} ${parsed.problem}`);
      return parsed.value;
    },
  };
}

/** A small deterministic PRNG (mulberry32), uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
