/**
 * Seeding through the whole stack a backend uses — OrderStore → PlatformApi → the official client →
 * HTTPS → the sandbox's Management API — with the shipped defaults (scenario.pin.length,
 * deploy.seed.concurrency, the default retry policy). Shared by seed.bench.ts (the seeding stack, rate
 * limits) and store.bench.ts (the durable store at 1k to 100k orders).
 * The official client trusts the sandbox certificate in-process (connectPlatform's `sandboxCa`).
 */
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
import { NO_SESSIONS } from '../src/sandbox/management-api/context';
import { ManagementApiServer } from '../src/sandbox/management-api/server';
import { ManagementApiFaults } from '../src/sandbox/management-api/faults';
import { openStateDir } from '../src/sandbox/state/state-dir';
import { ensureSandboxTls } from '../src/sandbox/tls';
import { BENCH_TLS_DIR } from './run';

const PIN_LENGTH = scenarioConfigSchema.parse({}).pin.length;
const CONCURRENCY = seedConfigSchema.parse({}).concurrency;

/** One seeding run into an empty application. */
export interface SeedCase {
  orders: number;
  faults: ManagementApiFaults;
  /** The sandbox as shipped (state.db, each acknowledged write committed and fsynced); false: an in-memory database. */
  durable: boolean;
  /** Keep the state folder (returned as `dir`; the caller removes it). */
  keepDir?: boolean;
}

export interface SeedMeasurement {
  orders: number;
  seconds: number;
  written: number;
  /** Orders missing from the store after the run. */
  lost: number;
  requests: number;
  retries: number;
  /** Requests refused by the rate limit (the pacer's count). */
  refusals: number;
  /** Rows counted failed. */
  failed: number;
  /** The state folder when `keepDir`, with the application's id. */
  kept?: { dir: string; applicationId: number };
}

/** Seeds `orders` new orders and measures the run (the set-up and the final count are not timed). */
export async function measureSeeding(c: SeedCase): Promise<SeedMeasurement> {
  const { certFile, keyFile } = ensureSandboxTls(BENCH_TLS_DIR);
  const { orders, faults } = c;
  const dir = mkdtempSync(join(tmpdir(), 'voxmask-seed-bench-'));
  const opened = await openStateDir(dir, { kvNow: Date.now, inMemory: !c.durable });
  const server = await ManagementApiServer.start({
    state: opened.state,
    sessions: NO_SESSIONS,
    tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') },
    port: 0,
    faults,
  });
  try {
    const api = await connectPlatform({ credentialsFile: opened.credentialsFile, host: server.host, sandboxCa: readFileSync(certFile) });
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
    const stored = opened.state.storageOf(applicationId).list('order:', 0, 0).total;
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
      ...(c.keepDir ? { kept: { dir, applicationId } } : {}),
    };
  } finally {
    await server.close();
    await opened.close();
    if (!c.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}
