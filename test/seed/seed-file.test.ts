import { join } from 'node:path';
import { SeedFileError } from '../../src/backend/orders/errors';
import { parseCsv, readSeedFile, seedFormatOf } from '../../src/backend/orders/seed-file';

const fixtures = join(__dirname, '..', 'fixtures', 'seed');

describe('seed files', () => {
  it('reads CSV rows with their line numbers and turns cells into orders', () => {
    const rows = readSeedFile(join(fixtures, 'orders.csv'));
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows[0]).toEqual({
      line: 2,
      input: {
        orderId: 'A-1001',
        parties: [
          { role: 'courier', phone: '+49 151 12345678', label: 'Max' },
          { role: 'customer', phone: '+49 30 12345678' },
        ],
        expectedDeliveryAt: '2026-05-01T18:30:00Z',
      },
    });
    expect(rows[1]).toMatchObject({ input: { parties: [{}, { label: 'Anna' }, { role: 'restaurant' }], settings: { record: true, maxCallS: 600 } } });
    expect(rows[3]).toEqual({ line: 5, error: 'record is "maybe"; use true or false' });
    expect(rows[4]).toMatchObject({ line: 6, error: expect.stringContaining('Invalid Record Length') });
    expect(rows[8]).toMatchObject({ input: { orderId: 'A-1009', parties: [{ label: 'Dr. "Who"' }, {}], settings: { record: false } } });
  });

  it('reads JSON Lines, rejecting lines that are not JSON objects', () => {
    const rows = readSeedFile(join(fixtures, 'orders.jsonl'));
    expect(rows.map((r) => [r.line, 'error' in r ? 'error' : 'input'])).toEqual([
      [1, 'input'],
      [3, 'input'],
      [4, 'error'],
      [5, 'error'],
      [6, 'input'],
    ]);
  });

  it('refuses the whole file for unknown columns, a missing order_id column, or an unknown extension', () => {
    expect(() => parseCsv('order_id,courier_phone,customer_fone\n', 'f.csv')).toThrow(/unknown column\(s\) customer_fone/);
    expect(() => parseCsv('courier_phone,customer_phone\n', 'f.csv')).toThrow(/no order_id column/);
    expect(() => seedFormatOf('orders.xlsx')).toThrow(SeedFileError);
    expect(() => readSeedFile(join(fixtures, 'missing.csv'))).toThrow(/cannot be read \(ENOENT\)/);
  });

  it('reports a multi-line quoted cell at the line it starts on', () => {
    const rows = parseCsv('order_id,courier_label,courier_phone,customer_phone\nA-1,"two\nlines",+4915112345678,+493012345678\nA-2,x,+4915112345678,+493012345678\n');
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });
});
