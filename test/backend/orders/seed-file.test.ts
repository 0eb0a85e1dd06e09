import { join } from 'node:path';
import { SeedFileError } from '../../../src/backend/orders/errors';
import { parseCsv, readSeedFile, seedFormatOf } from '../../../src/backend/orders/seed-file';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'seed');

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
    expect(rows[1]).toMatchObject({
      input: { parties: [{}, { label: 'Anna' }, { role: 'restaurant' }], settings: { record: true, maxCallS: 600 } },
    });
    expect(rows[3]).toEqual({ line: 5, error: 'record is "maybe"; use true or false' });
    expect(rows[4]).toEqual({ line: 6, error: 'has 7 cell(s); the header (line 1) has 9' });
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
    expect(() => parseCsv('order_id,courier_phone,customer_fone\n', 'f.csv')).toThrow(
      "f.csv: header row (line 1): unknown column 'customer_fone' (did you mean 'customer_phone'?)",
    );
    expect(() => parseCsv('courier_phone,customer_phone\n', 'f.csv')).toThrow(/no order_id column/);
    expect(() => parseCsv('order_id,courier_phone,courier_phone\n', 'f.csv')).toThrow(/courier_phone more than once/);
    expect(() => seedFormatOf('orders.xlsx')).toThrow(SeedFileError);
    expect(() => readSeedFile(join(fixtures, 'missing.csv'))).toThrow(/cannot be read \(ENOENT\)/);
  });

  it('reads a quoted line break as the end of its line: both halves are reported, the next row keeps its number', () => {
    const rows = parseCsv(
      'order_id,courier_label,courier_phone,customer_phone\nA-1,"two\nlines",+4915112345678,+493012345678\nA-2,x,+4915112345678,+493012345678\n',
    );
    expect(rows).toEqual([
      { line: 2, error: 'a quote opened in cell 2 (courier_label) is not closed on this line (a cell cannot span lines)' },
      { line: 3, error: 'a quote inside an unquoted cell in cell 1 (order_id); quote the whole cell and double inner quotes ("")' },
      { line: 4, input: expect.objectContaining({ orderId: 'A-2' }) },
    ]);
  });
});
