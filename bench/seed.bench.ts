import type { ManagementApiFaults } from '../src/sandbox/management-api/faults';
import type { BenchRow } from './run';
import { measureSeeding, SeedMeasurement } from './seeding';

export const name = 'seed';

/**
 * Seeding throughput: orders written per second through the whole stack a backend uses (seeding.ts:
 * OrderStore → PlatformApi → the official client → HTTPS → the sandbox's Management API) with the
 * shipped defaults, on an in-memory database, which isolates the seeding stack's own cost and scaling
 * from the sandbox's persistence (store.bench.ts measures the durable store at 1k to 100k orders).
 * Measured for 1k, 5k and 10k new orders into an empty application (scaling), for 300 orders with
 * every 4th request refused (HTTP 429, then code 340) to show that nothing is lost, and under a
 * token-bucket limit of 5, 20 and 100 requests/s (burst: a tenth of a second's worth, at least 2,
 * so the burst adds under 1 % to a 12-s run, and a few ms of client jitter is not a refusal) where the
 * figure is achieved / limit: requests the limit accepted per second over the run, divided by the
 * limit (target >= 0.9, issue 13). A new order in a seed batch is 2 requests (index write, record
 * write) plus a share of the listings before and after (target <= 2.1 at 1k).
 */
/** Goal for the in-memory local API without faults; the real platform's latency, not ours, bounds a real seed. */
const MIN_ORDERS_PER_S = 200;

interface BenchCase {
  label: string;
  orders: number;
  faults: ManagementApiFaults;
}

const CASES: BenchCase[] = [
  { label: 'in-memory 1k', orders: 1000, faults: {} },
  { label: 'in-memory 5k', orders: 5000, faults: {} },
  { label: 'in-memory 10k', orders: 10_000, faults: {} },
  { label: 'in-memory 300, every 4th request HTTP 429', orders: 300, faults: { rateLimit: { everyNth: 4, mode: 'http429' } } },
  { label: 'in-memory 300, every 4th request code 340', orders: 300, faults: { rateLimit: { everyNth: 4, mode: 'code340' } } },
  // About 12 s each (2 requests an order): long enough that the pacer's first second of watching counts little.
  { label: 'token bucket 5/s (HTTP 429), 30', orders: 30, faults: { rateLimit: { perSecond: 5, burst: 2, mode: 'http429' } } },
  { label: 'token bucket 20/s (code 340), 120', orders: 120, faults: { rateLimit: { perSecond: 20, burst: 2, mode: 'code340' } } },
  { label: 'token bucket 100/s (HTTP 429), 600', orders: 600, faults: { rateLimit: { perSecond: 100, burst: 10, mode: 'http429' } } },
];

/** Achieved share of a token-bucket limit that counts as riding it (issue 13). */
const MIN_LIMIT_SHARE = 0.9;
/** Requests per new order in a seed batch: 2 writes plus the listings' share. */
const MAX_REQUESTS_PER_ORDER = 2.1;

async function measureAll(): Promise<SeedMeasurement[]> {
  // Warm-up (JIT, TLS session, module loading), not reported.
  await measureSeeding({ orders: 1000, faults: {}, durable: false });
  const results: SeedMeasurement[] = [];
  for (const c of CASES) results.push(await measureSeeding({ orders: c.orders, faults: c.faults, durable: false }));
  return results;
}

function rows(results: SeedMeasurement[]): BenchRow[] {
  const out: BenchRow[] = [];
  results.forEach((m, i) => {
    const rate = m.orders / m.seconds;
    const { faults } = CASES[i];
    const faulty = Object.keys(faults).length > 0;
    out.push({
      metric: `seed ${CASES[i].label}: throughput`,
      value: rate,
      unit: 'orders/s',
      ...(faulty ? {} : { target: `>= ${MIN_ORDERS_PER_S}`, ok: rate >= MIN_ORDERS_PER_S }),
    });
    out.push({
      metric: `seed ${CASES[i].label}: orders lost, failed`,
      value: m.lost + m.failed,
      unit: `orders (${m.lost} lost, ${m.failed} failed)`,
      target: '0',
      ok: m.lost === 0 && m.failed === 0 && m.written === m.orders,
    });
    const perOrder = (m.requests - m.refusals) / m.orders;
    out.push({
      metric: `seed ${CASES[i].label}: requests per order`,
      value: perOrder,
      unit: `req (+${m.refusals} refused, ${m.retries} retries)`,
      ...(CASES[i].label === 'in-memory 1k' ? { target: `<= ${MAX_REQUESTS_PER_ORDER}`, ok: perOrder <= MAX_REQUESTS_PER_ORDER } : {}),
    });
    const limit = faults.rateLimit && 'perSecond' in faults.rateLimit ? faults.rateLimit.perSecond : undefined;
    if (limit !== undefined) {
      const share = (m.requests - m.refusals) / m.seconds / limit;
      out.push({
        metric: `seed ${CASES[i].label}: achieved / limit`,
        value: share,
        unit: `ratio (${((m.requests - m.refusals) / m.seconds).toFixed(1)} of ${limit} req/s)`,
        target: `>= ${MIN_LIMIT_SHARE}`,
        ok: share >= MIN_LIMIT_SHARE,
      });
    }
  });
  const rate = (i: number) => results[i].orders / results[i].seconds;
  out.push({
    metric: 'seed scaling: 10k throughput / 1k throughput',
    value: rate(2) / rate(0),
    unit: 'ratio',
    target: '>= 0.7',
    ok: rate(2) / rate(0) >= 0.7,
  });
  return out;
}

/** Seeds through the official client against the sandbox (bench/run.ts makes this process trust its CA). */
export async function run(): Promise<BenchRow[]> {
  return rows(await measureAll());
}
