import fc from 'fast-check';
import { KeyValueStore } from '../../../src/sandbox/kv-store';
import { StateDatabase } from '../../../src/sandbox/state/database';
import { KvRows } from '../../../src/sandbox/state/kv-rows';

/**
 * Listing ApplicationStorage by offset pages (GetKeyValueItems) continues from the last key of the
 * previous page when nothing changed in between (kv-rows.ts ListingCursor). Whatever happens between
 * two pages (writes, deletes, expiry, the clock, another prefix listed, another application written),
 * every page must be exactly what an offset over the live rows gives: checked against a plain model.
 */
type Op =
  | { op: 'put'; key: string; ttlS: number }
  | { op: 'remove'; key: string }
  | { op: 'tick'; s: number }
  | { op: 'list'; prefix: string; offset: number; count: number }
  | { op: 'next'; prefix: string; count: number }
  | { op: 'otherApp'; key: string };

const key = fc
  .tuple(fc.constantFrom('order:', 'orderpin:', 'lock:'), fc.integer({ min: 0, max: 40 }))
  .map(([p, n]) => `${p}${String(n).padStart(3, '0')}`);
const prefix = fc.constantFrom('', 'order', 'order:', 'orderpin:', 'lock:', 'order:01');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('put' as const), key, ttlS: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ op: fc.constant('remove' as const), key }),
  fc.record({ op: fc.constant('tick' as const), s: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ op: fc.constant('list' as const), prefix, offset: fc.integer({ min: 0, max: 50 }), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('next' as const), prefix, count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('otherApp' as const), key }),
);

describe('ApplicationStorage listing by offset pages', () => {
  const database = StateDatabase.memory();
  let app = 100;

  it('every page equals the offset page of the live rows, whatever happened since the last page', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        let nowMs = Date.UTC(2026, 0, 1);
        const store = new KeyValueStore(() => nowMs, new KvRows(database, ++app));
        const other = new KeyValueStore(() => nowMs, new KvRows(database, ++app));
        const model = new Map<string, number>(); // key -> expiry, Unix seconds
        const nextOffset = new Map<string, number>();
        for (const o of ops) {
          const nowS = Math.floor(nowMs / 1000);
          if (o.op === 'put') {
            store.put(o.key, 'v', o.ttlS);
            model.set(o.key, nowS + o.ttlS);
          } else if (o.op === 'remove') {
            store.remove(o.key);
            model.delete(o.key);
          } else if (o.op === 'tick') {
            nowMs += o.s * 1000;
          } else if (o.op === 'otherApp') {
            other.put(o.key, 'w', 5);
          } else {
            const offset = o.op === 'list' ? o.offset : (nextOffset.get(o.prefix) ?? 0);
            const live = [...model]
              .filter(([k, exp]) => k.startsWith(o.prefix) && exp > nowS)
              .map(([k]) => k)
              .sort();
            const page = store.list(o.prefix, offset, o.count);
            expect({ keys: page.items.map((i) => i.key), total: page.total }).toEqual({
              keys: live.slice(offset, offset + o.count),
              total: live.length,
            });
            nextOffset.set(o.prefix, offset + page.items.length);
          }
        }
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });

  it('rows that expire between two pages move the offsets, as on a fresh listing', () => {
    let nowMs = Date.UTC(2026, 0, 1);
    const store = new KeyValueStore(() => nowMs, new KvRows(database, ++app));
    const keys = Array.from({ length: 40 }, (_, i) => `order:${String(i).padStart(3, '0')}`);
    keys.forEach((k, i) => store.put(k, 'v', i % 2 === 0 ? 5 : 60));
    expect(store.list('order:', 0, 10).items.map((i) => i.key)).toEqual(keys.slice(0, 10));
    nowMs += 10_000; // the even keys expire; nothing is written
    const odd = keys.filter((_, i) => i % 2 === 1);
    const page = store.list('order:', 10, 10);
    expect({ keys: page.items.map((i) => i.key), total: page.total }).toEqual({ keys: odd.slice(10, 20), total: 20 });
  });

  it('a whole listing in pages of 50 returns every live row once, in key order', () => {
    const store = new KeyValueStore(() => Date.UTC(2026, 0, 1), new KvRows(database, ++app));
    for (let i = 0; i < 1234; i++) store.put(`order:${String(i).padStart(5, '0')}`, 'v', 60);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = store.list('order:', offset, 50);
      expect(page.total).toBe(1234);
      if (page.items.length === 0) break;
      seen.push(...page.items.map((i) => i.key));
    }
    expect(seen).toEqual(Array.from({ length: 1234 }, (_, i) => `order:${String(i).padStart(5, '0')}`));
  });
});
