import { join } from 'node:path';
import { formatSeedSummary, seedExitCode, seedRows } from '../../../src/backend/orders/seed';
import { readSeedFile } from '../../../src/backend/orders/seed-file';
import { PlatformApiError } from '../../../src/platform/errors';
import { memoryKv, orderStoreOn } from './memory-kv';

const NOW = Date.parse('2026-05-01T12:00:00Z');

const storeOn = (mem: ReturnType<typeof memoryKv>) => orderStoreOn(mem, () => NOW);

describe('seedRows', () => {
  const rows = readSeedFile(join(__dirname, '..', '..', 'fixtures', 'seed', 'orders.csv'));

  it('writes valid rows, reports every rejected row with line and reason, and exits 2', async () => {
    const mem = memoryKv(() => NOW);
    const outcomes: string[] = [];
    const summary = await seedRows(rows, { store: storeOn(mem), concurrency: 3, onRow: (o) => outcomes.push(o.kind) });
    expect(summary).toMatchObject({ total: 9, written: 3, created: 3, updated: 0, unchanged: 0, failed: [] });
    expect(outcomes).toHaveLength(9);
    expect(summary.rejected.map((r) => [r.line, r.reason])).toEqual([
      [4, expect.stringMatching(/^parties: has 1 entries/)],
      [5, 'record is "maybe"; use true or false'],
      [6, 'has 7 cell(s); the header (line 1) has 9'],
      [7, expect.stringMatching(/^parties\[1\]\.phone: .* is not a/)],
      [8, 'order id A-1001 already appears on line 2'],
      [9, expect.stringMatching(/^expectedDeliveryAt: .*with a time zone/)],
    ]);
    expect(seedExitCode(summary)).toBe(2);
    const text = formatSeedSummary(summary).join('\n');
    expect(text).toContain('9 row(s)');
    expect(text).toContain('rejected line 7 (order A-1006)');
  });

  it('re-seeding the same file writes nothing and keeps every PIN', async () => {
    const mem = memoryKv(() => NOW);
    const store = storeOn(mem);
    const pins = new Map<string, string>();
    await seedRows(rows, { store, concurrency: 4, onRow: (o) => 'pin' in o && pins.set(o.orderId, o.pin) });
    const writes = mem.writes.length;
    const again = new Map<string, string>();
    const summary = await seedRows(rows, { store: storeOn(mem), concurrency: 4, onRow: (o) => 'pin' in o && again.set(o.orderId, o.pin) });
    expect(summary).toMatchObject({ written: 0, unchanged: 3 });
    expect(mem.writes.length).toBe(writes);
    expect(again).toEqual(pins);
  });

  it('counts platform failures separately (exit 4; 6 together with rejections)', async () => {
    const mem = memoryKv(() => NOW);
    const set = mem.kv.set.bind(mem.kv);
    // The first write of order A-1001 fails for good (after its retries); A-1002 is written.
    let failed = false;
    mem.kv.set = async (key, value, ttlS) => {
      if (key === 'orderpin:A-1001' && !failed) {
        failed = true;
        throw new PlatformApiError('SetKeyValueItem', undefined, 503, 'Service Unavailable', 6);
      }
      return set(key, value, ttlS);
    };
    const valid = rows.filter((r) => r.line === 2 || r.line === 3);
    const summary = await seedRows(valid, { store: storeOn(mem), concurrency: 1 });
    expect(summary.failed).toEqual([{ line: 2, orderId: 'A-1001', reason: expect.stringContaining('HTTP 503') }]);
    expect(summary.written).toBe(1);
    expect(seedExitCode(summary)).toBe(4);
    expect(seedExitCode({ ...summary, rejected: [{ line: 1, reason: 'x' }] })).toBe(6);
    expect(seedExitCode({ ...summary, failed: [] })).toBe(0);
  });
});
