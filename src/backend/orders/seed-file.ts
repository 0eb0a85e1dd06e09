import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { PARTY_ROLES, PartyRole } from '../../../contract/order-record';
import { maskPhonesInText } from '../../../contract/mask-text';
import { unknownNameMessage } from './did-you-mean';
import { SeedFileError } from './errors';
import type { OrderInput, OrderPartyInput } from './order-input';

/**
 * Seed files for `voxmask seed`: CSV with a header row, or JSON Lines (one OrderInput object per line).
 *
 * CSV columns (header names exact; only `order_id` and at least two `<role>_phone` columns are needed):
 * `order_id, courier_phone, customer_phone, restaurant_phone, courier_label, customer_label,
 * restaurant_label, expected_delivery_at, record, max_call_s`. An empty cell means "not given".
 * An unknown column makes the whole file unreadable (nothing is silently ignored).
 *
 * Every physical line gets exactly one fate, under its own 1-based number: the header, blank, or one
 * row (an order, or the reason it cannot be one). Lines end at `\n`, `\r\n` or `\r`. One CSV record is
 * one line: no order field may hold a line break (contract/order-record.ts), so a quote still open at
 * the end of a line is reported as unclosed on that line, and the next line is read as the next record
 * (an unclosed quote never swallows the rows behind it).
 */

/**
 * One row of a seed file: the order, or why the line cannot even be turned into one. `line` is 1-based.
 * `error` shows phone numbers masked; `revealedError` has them in full (for `--show-numbers` only).
 */
export type SeedRow = { line: number; input: OrderInput } | { line: number; error: string; revealedError?: string };

export type SeedFormat = 'csv' | 'jsonl';

/** A whole seed file, line by line: `headerLine + blankLines + rows` account for every one of `lineCount` lines. */
export interface SeedFileContents {
  format: SeedFormat;
  /** Physical lines (a line break at the very end does not start another line). */
  lineCount: number;
  /** The CSV header's line; undefined for JSON Lines. */
  headerLine?: number;
  /** Lines holding nothing but white space, skipped. */
  blankLines: number[];
  /** Every other line, in file order. */
  rows: SeedRow[];
}

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
 * Reads a seed file line by line (see SeedFileContents). A header-only CSV file gives no rows (nothing
 * to seed, not an error).
 * @throws SeedFileError when the file is missing, holds nothing but white space, or has a bad CSV header
 *   (unknown, repeated or malformed columns, no order_id)
 */
export function loadSeedFile(file: string, format: SeedFormat = seedFormatOf(file)): SeedFileContents {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new SeedFileError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseSeedText(text, format, file);
}

/** The rows of loadSeedFile, for callers that need no line accounting. @throws SeedFileError like loadSeedFile */
export function readSeedFile(file: string, format: SeedFormat = seedFormatOf(file)): SeedRow[] {
  return loadSeedFile(file, format).rows;
}

/** Seed file text (a BOM is dropped) → its lines' fates. @throws SeedFileError like loadSeedFile; `file` names the source in it */
export function parseSeedText(text: string, format: SeedFormat, file = format === 'csv' ? 'CSV' : 'JSON Lines'): SeedFileContents {
  const lines = physicalLines(text);
  const blankLines: number[] = [];
  /** True (and the line noted as blank) for a line of white space only. */
  const skipBlank = (line: string, number: number): boolean => {
    if (line.trim() !== '') return false;
    blankLines.push(number);
    return true;
  };
  if (lines.every((line) => line.trim() === '')) {
    throw new SeedFileError(
      file,
      `is empty (${lines.length} line(s), all blank): ${format === 'csv' ? 'a CSV seed file needs a header row' : 'no orders'}`,
    );
  }
  const rows: SeedRow[] = [];
  if (format === 'jsonl') {
    lines.forEach((line, i) => {
      if (!skipBlank(line, i + 1)) rows.push(jsonLineRow(line, i + 1));
    });
    return { format, lineCount: lines.length, blankLines, rows };
  }
  let header: { line: number; columns: string[] } | undefined;
  lines.forEach((line, i) => {
    if (skipBlank(line, i + 1)) return;
    if (!header) header = { line: i + 1, columns: csvHeader(line, i + 1, file) };
    else rows.push(csvLineRow(line, i + 1, header));
  });
  return { format, lineCount: lines.length, headerLine: header!.line, blankLines, rows };
}

/** Rows of JSON Lines text. @throws SeedFileError for text with no non-blank line */
export function parseJsonLines(text: string, file?: string): SeedRow[] {
  return parseSeedText(text, 'jsonl', file).rows;
}

/** Rows of CSV text with a header. @throws SeedFileError for an empty text, a bad header or unknown columns */
export function parseCsv(text: string, file?: string): SeedRow[] {
  return parseSeedText(text, 'csv', file).rows;
}

/** The text's lines without their terminators (`\r\n`, `\n`, `\r`); a terminator at the very end ends the last line. */
function physicalLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A row whose line cannot be an order: the reason masked, and in full for `--show-numbers`. */
function errorRow(line: number, reason: string): SeedRow {
  const masked = maskPhonesInText(reason);
  return masked === reason ? { line, error: reason } : { line, error: masked, revealedError: reason };
}

function jsonLineRow(text: string, line: number): SeedRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the input around the error, so it is masked like every other reason.
    return errorRow(line, `not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return errorRow(line, `is ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}, not a JSON object`);
  return { line, input: value as OrderInput };
}

/** The cells of one CSV line (RFC 4180 quoting within the line), or a reason naming the cell. */
function csvCells(text: string, columnName: (index: number) => string): { cells: string[] } | { problem: string } {
  try {
    const [cells] = parse(text, { trim: true, relax_column_count: true, bom: false }) as string[][];
    return { cells: cells.map((cell) => cell.trim()) };
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const at = typeof err.index === 'number' ? ` in ${columnName(err.index)}` : '';
    if (err.code === 'CSV_QUOTE_NOT_CLOSED')
      return { problem: `a quote opened${at} is not closed on this line (a cell cannot span lines)` };
    if (err.code === 'INVALID_OPENING_QUOTE')
      return { problem: `a quote inside an unquoted cell${at}; quote the whole cell and double inner quotes ("")` };
    if (err.code === 'CSV_INVALID_CLOSING_QUOTE') return { problem: `text after the closing quote${at}` };
    return { problem: `malformed CSV (${err.message.replace(/ at line \d+.*$/, '')})` };
  }
}

/** The header's column names. @throws SeedFileError for malformed, unknown or repeated columns, or no order_id */
function csvHeader(text: string, line: number, file: string): string[] {
  const split = csvCells(text, (i) => `column ${i + 1}`);
  if ('problem' in split) throw new SeedFileError(file, `header row (line ${line}): ${split.problem}`);
  const columns = split.cells;
  const problems = columns
    .filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name))
    .map((name) => (name === '' ? 'an unnamed column' : unknownNameMessage(name, CSV_COLUMNS, 'column')));
  const repeated = columns.filter((name, i) => name !== '' && columns.indexOf(name) !== i);
  if (repeated.length) problems.push(`column(s) ${[...new Set(repeated)].join(', ')} more than once`);
  if (problems.length) throw new SeedFileError(file, `header row (line ${line}): ${problems.join('; ')}`);
  if (!columns.includes('order_id')) throw new SeedFileError(file, `header row (line ${line}): no order_id column`);
  return columns;
}

function csvLineRow(text: string, line: number, header: { line: number; columns: string[] }): SeedRow {
  const split = csvCells(text, (i) => `cell ${i + 1}${i < header.columns.length ? ` (${header.columns[i]})` : ''}`);
  if ('problem' in split) return errorRow(line, split.problem);
  if (split.cells.length !== header.columns.length) {
    return errorRow(line, `has ${split.cells.length} cell(s); the header (line ${header.line}) has ${header.columns.length}`);
  }
  try {
    return { line, input: csvRecordToOrder(Object.fromEntries(header.columns.map((name, i) => [name, split.cells[i]]))) };
  } catch (err) {
    return errorRow(line, (err as Error).message);
  }
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
