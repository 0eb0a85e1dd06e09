import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { PARTY_ROLES, PartyRole } from '../../../contract/order-record';
import { SeedFileError } from './errors';
import type { OrderInput, OrderPartyInput } from './order-input';

/**
 * Seed files for `voxmask seed`: CSV with a header row, or JSON Lines (one OrderInput object per line).
 *
 * CSV columns (header names exact; only `order_id` and at least two `<role>_phone` columns are needed):
 * `order_id, courier_phone, customer_phone, restaurant_phone, courier_label, customer_label,
 * restaurant_label, expected_delivery_at, record, max_call_s`. An empty cell means "not given".
 * An unknown column makes the whole file unreadable (nothing is silently ignored).
 */

/** One row of a seed file: the order, or why the row cannot even be turned into one. `line` is 1-based. */
export type SeedRow = { line: number; input: OrderInput } | { line: number; error: string };

export type SeedFormat = 'csv' | 'jsonl';

/** Known CSV columns. */
export const CSV_COLUMNS = [
  'order_id',
  ...PARTY_ROLES.map((r) => `${r}_phone`),
  ...PARTY_ROLES.map((r) => `${r}_label`),
  'expected_delivery_at',
  'record',
  'max_call_s',
] as const;

const FORMAT_BY_EXTENSION: Record<string, SeedFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** The format of a file by its extension (`.csv`, `.jsonl`, `.ndjson`). @throws SeedFileError for others */
export function seedFormatOf(file: string): SeedFormat {
  const format = FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
  if (!format) throw new SeedFileError(file, `unknown seed file type "${extname(file)}"; use .csv, .jsonl or .ndjson, or pass --format`);
  return format;
}

/**
 * Reads every row of a seed file. Rows that cannot be read (bad JSON, wrong CSV column count, bad
 * cell) come back with `error`; they are not dropped.
 * @throws SeedFileError when the file is missing, empty of a header, or has unknown CSV columns
 */
export function readSeedFile(file: string, format: SeedFormat = seedFormatOf(file)): SeedRow[] {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new SeedFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return format === 'csv' ? parseCsv(text, file) : parseJsonLines(text);
}

/** Rows of JSON Lines text; blank lines are skipped (and counted). */
export function parseJsonLines(text: string): SeedRow[] {
  const rows: SeedRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value = JSON.parse(line) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) rows.push({ line: i + 1, error: 'line is not a JSON object' });
      else rows.push({ line: i + 1, input: value as OrderInput });
    } catch (err) {
      rows.push({ line: i + 1, error: `not valid JSON (${(err as Error).message})` });
    }
  });
  return rows;
}

interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number };
}

/** Rows of CSV text with a header. @throws SeedFileError for a missing header or unknown columns */
export function parseCsv(text: string, file = 'CSV'): SeedRow[] {
  const rows: SeedRow[] = [];
  let header: string[] | undefined;
  const records = parse(text, {
    columns: (names: string[]) => {
      header = names.map((n) => n.trim());
      const unknown = header.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
      if (unknown.length) throw new SeedFileError(file, `unknown column(s) ${unknown.join(', ')}; known: ${CSV_COLUMNS.join(', ')}`);
      if (!header.includes('order_id')) throw new SeedFileError(file, 'the header has no order_id column');
      return header;
    },
    info: true,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err) rows.push({ line: Number(err.lines), error: err.message.replace(/ on line \d+$/, '') });
      return undefined;
    },
  }) as unknown as CsvRecord[];
  for (const { record, info } of records) {
    const embeddedNewlines = Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - embeddedNewlines;
    try {
      rows.push({ line, input: csvRecordToOrder(record) });
    } catch (err) {
      rows.push({ line, error: (err as Error).message });
    }
  }
  if (header === undefined && text.trim() !== '') throw new SeedFileError(file, 'has no header row');
  return rows.sort((a, b) => a.line - b.line);
}

/** One CSV record → OrderInput. @throws Error naming the column for a bad `record`/`max_call_s` cell or a label without its phone */
export function csvRecordToOrder(record: Record<string, string>): OrderInput {
  const cell = (name: string) => (record[name] ?? '').trim();
  const parties: OrderPartyInput[] = [];
  for (const role of PARTY_ROLES as readonly PartyRole[]) {
    const phone = cell(`${role}_phone`);
    const label = cell(`${role}_label`);
    if (!phone && label) throw new Error(`${role}_label is set but ${role}_phone is empty`);
    if (phone) parties.push(label ? { role, phone, label } : { role, phone });
  }
  const input: OrderInput = { orderId: cell('order_id'), parties };
  if (cell('expected_delivery_at')) input.expectedDeliveryAt = cell('expected_delivery_at');
  const settings: NonNullable<OrderInput['settings']> = {};
  const recordCell = cell('record').toLowerCase();
  if (recordCell) {
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(recordCell)) throw new Error(`record is "${cell('record')}"; use true or false`);
    settings.record = ['true', '1', 'yes'].includes(recordCell);
  }
  if (cell('max_call_s')) {
    const n = Number(cell('max_call_s'));
    if (!Number.isInteger(n)) throw new Error(`max_call_s is "${cell('max_call_s')}"; use a whole number of seconds`);
    settings.maxCallS = n;
  }
  if (Object.keys(settings).length > 0) input.settings = settings;
  return input;
}
