/**
 * `voxmask seed` refuses a row whose label or order id could read like a phone number, in any script
 * or layout, and reports it with its line and the reason (the seeder writes through the order record's
 * validator, contract/order-record.ts formatOrderRecord, which applies contract/spoken-text.ts).
 */
import { formatSeedSummary, seedRows } from '../../../src/backend/orders/seed';
import { parseSeedText } from '../../../src/backend/orders/seed-file';
import { memoryKv, orderStoreOn } from './memory-kv';

const NOW = Date.parse('2026-05-01T12:00:00Z');
const HEADER = 'order_id,courier_phone,customer_phone,restaurant_phone,courier_label,customer_label,expected_delivery_at,record,max_call_s';
const row = (orderId: string, courierLabel: string) =>
  `${orderId},+49 151 12345678,+49 30 12345678,,"${courierLabel}",,2026-05-01T18:30:00Z,,`;

describe('voxmask seed and spoken text', () => {
  it('reports each phone-like label or order id with its line and reason, and writes the safe rows', async () => {
    const text = [
      HEADER,
      row('ORD-2026-0512', 'Max'), // line 2: a date-like id is fine
      row('A-1042', 'Max 0151,1234,5678'), // 3
      row('A-1043', 'Max \uff10\uff11\uff15\uff11\uff11\uff12\uff13\uff14'), // 4: full-width
      row('A-1044', 'Max \u0660\u0661\u0665\u0661\u2013\u0661\u0662\u0663'), // 5: Arabic-Indic, en dash
      row('A-1045', 'Max +49\u2014151\u20141234'), // 6: em dashes and +
      row('0151-1234-5678', 'Max'), // 7
      row('X-2345678', 'Max'), // 8: the courier's last seven digits
    ].join('\n');
    const mem = memoryKv(() => NOW);
    const store = orderStoreOn(mem, () => NOW);
    const summary = await seedRows(parseSeedText(text, 'csv'), { store, concurrency: 2 });
    expect(summary.written).toBe(1);
    expect(summary.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, expect.stringMatching(/^parties\[0\]\.label: holds 12 digits; a label may hold at most 6/)],
      [4, expect.stringMatching(/^parties\[0\]\.label: holds 8 digits/)],
      [5, expect.stringMatching(/^parties\[0\]\.label: holds 7 digits/)],
      [6, expect.stringMatching(/^parties\[0\]\.label: holds 9 digits/)],
      [7, expect.stringMatching(/^orderId: holds 12 digits; an order id may hold at most 8/)],
      [8, expect.stringMatching(/^orderId: contains the last 7 digits of a party's phone number/)],
    ]);
    // The report names the line and never repeats the number it refused.
    const report = formatSeedSummary(summary).join('\n');
    expect(report).toContain('rejected line 3');
    expect(report).not.toMatch(/1234,5678|12345678/);
  });
});
