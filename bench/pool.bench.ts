import type { KeyValueBackend, StoredValue } from '../src/backend/orders/kv-backend';
import { resolvePool } from '../src/backend/sessions/pool-numbers';
import { OpenSessionInput, SessionStore } from '../src/backend/sessions/session-store';
import type { BenchRow } from './run';

export const name = 'pool';

/**
 * Pool sessions at scale (issue 12 §1): 100,000 active sessions on a 200-number pool, opened one after
 * another through SessionStore, then 2,000 more measured at full load: milliseconds of CPU per
 * openSession and ApplicationStorage requests per session.
 *
 * Where things live: a real backend keeps nothing but the SessionStore object; every claim, route and
 * session record is in ApplicationStorage, and each `list` is a GetKeyValueItems prefix request (50
 * items a page) answered by the platform. Here an in-memory store with a prefix index stands in for
 * ApplicationStorage, so the figure is voxmask's own cost; on the platform add the requests × its
 * latency (the steps of an open run in parallel per party: about 6 round trips in a row for 2 parties).
 * The allocation reads one party's claims, never the whole pool or all sessions, so its cost does not
 * grow with the number of sessions; the bench shows it by comparing 2,000 opens for parties new to the
 * pool early on (after 2,000 to warm up) with 2,000 opens for other new parties at full load. What does
 * grow is the cost for a party that already holds many sessions (it reads its own claims): the last
 * 2,000 opens of the regular mix, whose couriers hold 20 sessions each, show that figure.
 *
 * Parties: 100,000 customers (one order each), 5,000 couriers (20 orders each), 1,000 restaurants in
 * every 5th order (3 parties, one number per pair: a restaurant holds 40 numbers, the busiest party),
 * so the pool of 200 suffices by the sizing rule.
 */
const SESSIONS = Number(process.env.POOL_BENCH_SESSIONS ?? 100_000);
const MEASURED = 2_000;
const POOL_SIZE = 200;
const T0 = Date.UTC(2026, 4, 1, 12);
/**
 * Goal: voxmask's CPU per open stays a small part of its platform time (11 requests of tens of ms each
 * on the platform); the ratio early/full load, measured in one run, is the figure that shows scaling.
 */
const MAX_MS_PER_OPEN = 5;

/** An in-memory KeyValueBackend with the prefix index the platform's listing gives, counting requests. */
function indexedKv(): { kv: KeyValueBackend; requests: () => number; size: () => number } {
  const items = new Map<string, StoredValue>();
  const buckets = new Map<string, Set<string>>();
  let requests = 0;
  // Keys are bucketed by their first two segments (`poolclaim:<party>:`); longer prefixes filter one bucket.
  const bucketOf = (key: string): string | undefined => {
    const first = key.indexOf(':');
    const second = first < 0 ? -1 : key.indexOf(':', first + 1);
    return second < 0 ? undefined : key.slice(0, second + 1);
  };
  const kv: KeyValueBackend = {
    async get(key) {
      requests++;
      return items.get(key);
    },
    async set(key, value, ttlS) {
      requests++;
      items.set(key, { value, expiresAt: T0 / 1000 + ttlS });
      const bucket = bucketOf(key);
      if (bucket) (buckets.get(bucket) ?? buckets.set(bucket, new Set()).get(bucket)!).add(key);
    },
    async delete(key) {
      requests++;
      items.delete(key);
      const bucket = bucketOf(key);
      if (bucket) buckets.get(bucket)?.delete(key);
    },
    async list(prefix) {
      requests++;
      const bucket = bucketOf(prefix);
      const keys = bucket ? [...(buckets.get(bucket) ?? [])] : [...items.keys()];
      return keys.filter((k) => k.startsWith(prefix)).map((key) => ({ key, ...items.get(key)! }));
    },
  };
  return { kv, requests: () => requests, size: () => items.size };
}

/**
 * An order whose parties the pool has never seen (`batch` keeps two batches apart): its open costs what
 * an open costs whatever the other sessions are, the figure that must not grow with their number.
 */
function newPartiesOrder(i: number, batch: number): OpenSessionInput {
  const n = String(batch * 10_000 + i).padStart(6, '0');
  const parties: OpenSessionInput['parties'] = [
    { role: 'courier', phone: `+491601${n}` },
    { role: 'customer', phone: `+491701${n}` },
  ];
  if (i % 5 === 0) parties.push({ role: 'restaurant', phone: `+493031${n}` });
  return { orderId: `N-${batch}-${i}`, parties, expiresAt: T0 + 4 * 3600_000 };
}

function order(i: number): OpenSessionInput {
  const parties: OpenSessionInput['parties'] = [
    { role: 'courier', phone: `+49151${String(10_000_000 + (i % 5_000)).padStart(8, '0')}` },
    { role: 'customer', phone: `+49301${String(1_000_000 + i).padStart(7, '0')}` },
  ];
  if (i % 5 === 0) parties.push({ role: 'restaurant', phone: `+49302${String(1_000_000 + ((i / 5) % 1_000)).padStart(7, '0')}` });
  return { orderId: `O-${i}`, parties, expiresAt: T0 + 4 * 3600_000 };
}

export async function run(): Promise<BenchRow[]> {
  const memory = indexedKv();
  const pool = resolvePool(Array.from({ length: POOL_SIZE }, (_, i) => ({ number: `+49305000${String(1000 + i)}` })));
  let seed = 7;
  const store = new SessionStore({
    kv: memory.kv,
    pool,
    coolOffS: 3600,
    now: () => T0,
    random: () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648,
    sleep: async () => undefined,
  });
  const openRange = async (from: number, to: number, make: (i: number) => OpenSessionInput = order) => {
    const started = process.hrtime.bigint();
    const before = memory.requests();
    const counts = { two: 0, three: 0, twoRequests: 0, threeRequests: 0 };
    for (let i = from; i < to; i++) {
      const mark = memory.requests();
      const result = await store.openSession(make(i));
      if (result.mode !== 'pool') throw new Error(`order ${i} fell back to ${result.mode}`);
      const used = memory.requests() - mark;
      if (result.pairs.length === 1) {
        counts.two++;
        counts.twoRequests += used;
      } else {
        counts.three++;
        counts.threeRequests += used;
      }
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { msPerOpen: ms / (to - from), requests: memory.requests() - before, ...counts };
  };

  await openRange(0, MEASURED); // warm-up: the JIT, not the pool, sets the cost of the first opens
  const early = await openRange(0, MEASURED, (i) => newPartiesOrder(i, 1));
  await openRange(MEASURED, SESSIONS);
  const late = await openRange(0, MEASURED, (i) => newPartiesOrder(i, 2));
  const last = await openRange(SESSIONS, SESSIONS + MEASURED);
  const status = await store.status();
  return [
    { metric: `ms per openSession, new parties, pool nearly empty (after ${MEASURED} to warm up)`, value: early.msPerOpen, unit: 'ms' },
    { metric: `ms per openSession, new parties, ${SESSIONS} active sessions`, value: late.msPerOpen, unit: 'ms' },
    {
      metric: 'slowdown from the empty pool to full load, new parties (ratio, one run)',
      value: late.msPerOpen / early.msPerOpen,
      unit: 'x',
      target: '<= 2',
      ok: late.msPerOpen / early.msPerOpen <= 2,
    },
    {
      metric: `ms per openSession at ${SESSIONS} active sessions, busy parties (couriers hold 20, restaurants 40 numbers)`,
      value: last.msPerOpen,
      unit: 'ms',
      target: `<= ${MAX_MS_PER_OPEN}`,
      ok: last.msPerOpen <= MAX_MS_PER_OPEN,
    },
    {
      metric: 'requests per 2-party session at full load',
      value: last.twoRequests / last.two,
      unit: 'requests',
      target: '<= 11',
      ok: last.twoRequests / last.two <= 11,
    },
    {
      metric: 'requests per 3-party session at full load',
      value: last.threeRequests / last.three,
      unit: 'requests',
      target: '<= 21',
      ok: last.threeRequests / last.three <= 21,
    },
    { metric: 'numbers held by the busiest party (sizing rule)', value: status.busiestParty?.held ?? 0, unit: `of ${POOL_SIZE}` },
    { metric: 'ApplicationStorage items at the end', value: memory.size(), unit: 'items' },
  ];
}
