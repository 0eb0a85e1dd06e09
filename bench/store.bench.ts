import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Sandbox } from '../src/sandbox';
import { STATE_DB_FILE } from '../src/sandbox/state/state-dir';
import { BENCH_TLS_DIR, type BenchRow } from './run';
import { measureSeeding, SeedMeasurement } from './seeding';

export const name = 'store';

/**
 * The sandbox's durable store (state.db, issue 13): seeding throughput into the sandbox as shipped (each
 * acknowledged write committed and fsynced) at 1k, 10k and 100k new orders, where the cost of a write
 * must not grow with the number of orders (target: throughput at 100k >= 80 % of 1k), and the restart
 * of the 100k-order sandbox (Sandbox.start until it serves, plus reading one order and counting them
 * all; target <= 2 s). The 100k run takes minutes: `npm run bench -- store` runs this file alone.
 */
const SIZES = [1000, 10_000, 100_000];
const MIN_SCALING = 0.8;
const MAX_RESTART_MS = 2000;

export async function run(): Promise<BenchRow[]> {
  // Warm-up (JIT, TLS session, module loading), not reported.
  await measureSeeding({ orders: 1000, faults: {}, durable: true });
  const results: SeedMeasurement[] = [];
  for (const orders of SIZES)
    results.push(await measureSeeding({ orders, faults: {}, durable: true, keepDir: orders === SIZES[SIZES.length - 1] }));
  const kept = results[results.length - 1].kept!;
  try {
    const rows: BenchRow[] = [];
    for (const m of results) {
      const label = `${m.orders / 1000}k`;
      rows.push({
        metric: `store: durable seeding ${label}: throughput`,
        value: m.orders / m.seconds,
        unit: `orders/s (${(m.requests / m.orders).toFixed(2)} requests an order)`,
      });
      rows.push({
        metric: `store: durable seeding ${label}: orders lost, failed`,
        value: m.lost + m.failed,
        unit: `orders (${m.lost} lost, ${m.failed} failed)`,
        target: '0',
        ok: m.lost === 0 && m.failed === 0 && m.written === m.orders,
      });
    }
    const rate = (i: number) => results[i].orders / results[i].seconds;
    rows.push({ metric: 'store: throughput 10k / 1k', value: rate(1) / rate(0), unit: 'ratio' });
    rows.push({
      metric: 'store: throughput 100k / 1k',
      value: rate(2) / rate(0),
      unit: 'ratio',
      target: `>= ${MIN_SCALING}`,
      ok: rate(2) / rate(0) >= MIN_SCALING,
    });
    rows.push({ metric: 'store: state.db at 100k orders', value: statSync(join(kept.dir, STATE_DB_FILE)).size / 1024 / 1024, unit: 'MB' });
    const restart = await measureRestart(kept.dir, kept.applicationId, results[2].orders);
    rows.push({
      metric: 'store: restart of the 100k-order sandbox',
      value: restart,
      unit: 'ms',
      target: `<= ${MAX_RESTART_MS}`,
      ok: restart <= MAX_RESTART_MS,
    });
    return rows;
  } finally {
    rmSync(kept.dir, { recursive: true, force: true });
  }
}

/** Wall ms from Sandbox.start on the folder until it serves and has read one order and counted all of them. */
async function measureRestart(dir: string, applicationId: number, orders: number): Promise<number> {
  const started = performance.now();
  const sandbox = await Sandbox.start({ dir, tlsDir: BENCH_TLS_DIR });
  try {
    const storage = sandbox.storageOf(applicationId);
    const { items, total } = storage.list('order:', 0, 1);
    if (total !== orders || items.length !== 1 || storage.get(items[0].key) === null)
      throw new Error(`the restarted sandbox holds ${total} orders, not ${orders}`);
    return performance.now() - started;
  } finally {
    await sandbox.close();
  }
}
