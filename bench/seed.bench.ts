import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minPinLength, ORDER_STORE_DEFAULTS } from '../src/backend/orders';
import { OrderStore } from '../src/backend/orders/order-store';
import { platformKeyValue } from '../src/backend/orders/kv-backend';
import { seedRows } from '../src/backend/orders/seed';
import type { SeedRow } from '../src/backend/orders/seed-file';
import { scenarioConfigSchema } from '../src/config/scenario';
import { seedConfigSchema } from '../src/config/deploy';
import { connectPlatform } from '../src/platform/client';
import { ManagementApiServer } from '../src/sandbox/management-api/server';
import { ManagementApiFaults } from '../src/sandbox/management-api/faults';
import { openStateDir } from '../src/sandbox/state/state-dir';
import { ensureSandboxTls } from '../src/sandbox/tls';
import { BENCH_TLS_DIR, type BenchRow } from './run';

export const name = 'seed';

/**
 * Seeding throughput: orders written per second through the whole stack a backend uses — OrderStore
 * → PlatformApi → the official client → HTTPS → the sandbox's Management API (durable state) — with
 * the shipped defaults (scenario.pin.length, deploy.seed.concurrency, the default retry policy).
 * Measured for 1k, 5k and 10k new orders into an empty application (scaling), for 300 orders with
 * every 4th request refused (HTTP 429, then code 340) to show that nothing is lost, and under a
 * token-bucket limit of 5, 20 and 100 requests/s (burst: a tenth of a second's worth, at least 2,
 * so the burst adds under 1 % to a 12-s run, and a few ms of client jitter is not a refusal) where the
 * figure is achieved / limit: requests the limit accepted per second over the run, divided by the
 * limit (target >= 0.9, issue 13). A new order in a seed batch is 2 requests (index write, record
 * write) plus a share of the listings before and after (target <= 2.1 at 1k).
 *
 * Two server set-ups: `durable` is the sandbox as shipped (each acknowledged write waits for state.json
 * on disk, so the disk bounds the rate and the whole state is rewritten per write group); `in-memory`
 * is the same Management API with state writes switched off, which isolates the seeding stack's own
 * cost and scaling from the sandbox's persistence.
 *
 * The official client trusts the sandbox certificate only through NODE_EXTRA_CA_CERTS at process
 * start, so when this process lacks it the measurement runs in a child process of this same file.
 */
const PIN_LENGTH = scenarioConfigSchema.parse({}).pin.length;
const CONCURRENCY = seedConfigSchema.parse({}).concurrency;
/** Goal for the in-memory local API without faults; the real platform's latency, not ours, bounds a real seed. */
const MIN_ORDERS_PER_S = 200;

interface Measurement {
  orders: number;
  seconds: number;
  written: number;
  lost: number;
  requests: number;
  retries: number;
  /** Requests refused by the rate limit (the pacer's count). */
  refusals: number;
  /** Rows counted failed. */
  failed: number;
}

async function measure(c: BenchCase, certFile: string, keyFile: string): Promise<Measurement> {
  const { orders, faults } = c;
  const dir = mkdtempSync(join(tmpdir(), 'voxmask-seed-bench-'));
  // In-memory: the same SQL on an in-memory database, nothing fsynced.
  const opened = await openStateDir(dir, { kvNow: Date.now, inMemory: !c.durable });
  const server = await ManagementApiServer.start({
    state: opened.state,
    sessions: { startScenarios: () => 0 },
    tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') },
    port: 0,
    faults,
  });
  try {
    const api = await connectPlatform({ credentialsFile: opened.credentialsFile, host: server.host });
    server.faults.set({});
    const { applicationId } = await api.call('AddApplication', { applicationName: 'bench' });
    server.faults.set(faults);
    // The shipped PIN length, or longer where the PIN-space limit (pin-space.ts) would refuse this many orders.
    const pinLength = Math.max(PIN_LENGTH, minPinLength(orders) ?? PIN_LENGTH);
    const store = new OrderStore({ kv: platformKeyValue(api, applicationId), pinLength, ...ORDER_STORE_DEFAULTS, maxPinAttempts: 50 });
    const rows: SeedRow[] = Array.from({ length: orders }, (_, i) => ({
      line: i + 1,
      input: {
        orderId: `B-${i}`,
        parties: [
          { role: 'courier', phone: '+4915112345678' },
          { role: 'customer', phone: `+4930${String(1_000_000 + i)}` },
        ],
        expectedDeliveryAt: Date.now() + 3_600_000,
      },
    }));
    const before = api.stats();
    const started = performance.now();
    const summary = await seedRows(rows, { store, concurrency: CONCURRENCY });
    const seconds = (performance.now() - started) / 1000;
    const stored = opened.state.storageOf(applicationId).list('order:').total;
    const after = api.stats();
    return {
      orders,
      seconds,
      written: summary.written,
      lost: orders - stored,
      requests: after.requests - before.requests,
      retries: after.retries - before.retries,
      refusals: summary.rateLimit.refusals,
      failed: summary.failed.length,
    };
  } finally {
    await server.close();
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BenchCase {
  label: string;
  orders: number;
  faults: ManagementApiFaults;
  durable: boolean;
}

const CASES: BenchCase[] = [
  { label: 'in-memory 1k', orders: 1000, faults: {}, durable: false },
  { label: 'in-memory 5k', orders: 5000, faults: {}, durable: false },
  { label: 'in-memory 10k', orders: 10_000, faults: {}, durable: false },
  { label: 'durable 1k', orders: 1000, faults: {}, durable: true },
  { label: 'in-memory 300, every 4th request HTTP 429', orders: 300, faults: { rateLimit: { everyNth: 4, mode: 'http429' } }, durable: false },
  { label: 'in-memory 300, every 4th request code 340', orders: 300, faults: { rateLimit: { everyNth: 4, mode: 'code340' } }, durable: false },
  // About 12 s each (2 requests an order): long enough that the pacer's first second of watching counts little.
  { label: 'token bucket 5/s (HTTP 429), 30', orders: 30, faults: { rateLimit: { perSecond: 5, burst: 2, mode: 'http429' } }, durable: false },
  { label: 'token bucket 20/s (code 340), 120', orders: 120, faults: { rateLimit: { perSecond: 20, burst: 2, mode: 'code340' } }, durable: false },
  { label: 'token bucket 100/s (HTTP 429), 600', orders: 600, faults: { rateLimit: { perSecond: 100, burst: 10, mode: 'http429' } }, durable: false },
];

/** Achieved share of a token-bucket limit that counts as riding it (issue 13). */
const MIN_LIMIT_SHARE = 0.9;
/** Requests per new order in a seed batch: 2 writes plus the listings' share. */
const MAX_REQUESTS_PER_ORDER = 2.1;

async function measureAll(): Promise<Measurement[]> {
  const { certFile, keyFile } = ensureSandboxTls(BENCH_TLS_DIR);
  // Warm-up (JIT, TLS session, module loading), not reported.
  await measure({ label: 'warm-up', orders: 1000, faults: {}, durable: false }, certFile, keyFile);
  const results: Measurement[] = [];
  for (const c of CASES) results.push(await measure(c, certFile, keyFile));
  return results;
}

function rows(results: Measurement[]): BenchRow[] {
  const out: BenchRow[] = [];
  results.forEach((m, i) => {
    const rate = m.orders / m.seconds;
    const { faults } = CASES[i];
    const faulty = Object.keys(faults).length > 0;
    out.push({
      metric: `seed ${CASES[i].label}: throughput`,
      value: rate,
      unit: 'orders/s',
      ...(faulty || CASES[i].durable ? {} : { target: `>= ${MIN_ORDERS_PER_S}`, ok: rate >= MIN_ORDERS_PER_S }),
    });
    out.push({ metric: `seed ${CASES[i].label}: orders lost, failed`, value: m.lost + m.failed, unit: `orders (${m.lost} lost, ${m.failed} failed)`, target: '0', ok: m.lost === 0 && m.failed === 0 && m.written === m.orders });
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
      out.push({ metric: `seed ${CASES[i].label}: achieved / limit`, value: share, unit: `ratio (${((m.requests - m.refusals) / m.seconds).toFixed(1)} of ${limit} req/s)`, target: `>= ${MIN_LIMIT_SHARE}`, ok: share >= MIN_LIMIT_SHARE });
    }
  });
  const rate = (i: number) => results[i].orders / results[i].seconds;
  out.push({ metric: 'seed scaling: 10k throughput / 1k throughput', value: rate(2) / rate(0), unit: 'ratio', target: '>= 0.7', ok: rate(2) / rate(0) >= 0.7 });
  return out;
}

/** Seeds through the official client against the sandbox (bench/run.ts makes this process trust its CA). */
export async function run(): Promise<BenchRow[]> {
  return rows(await measureAll());
}
