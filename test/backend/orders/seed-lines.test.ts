import fc from 'fast-check';
import { SeedFileError } from '../../../src/backend/orders/errors';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { formatSeedSummary, seedExitCode, seedRows } from '../../../src/backend/orders/seed';
import { parseSeedText, SeedFileContents } from '../../../src/backend/orders/seed-file';
import { memoryKv } from './memory-kv';

/** Every physical line of a seed file gets exactly one fate under its own number (issue: rows lost behind an unclosed quote). */

const NOW = Date.parse('2026-05-01T12:00:00Z');
const HEADER = 'order_id,courier_phone,customer_phone,courier_label';
const row = (id: string, n: number) => `${id},+4915112${String(345600 + n)},+4930123${String(45600 + n)},Max`;

function storeOn() {
  return new OrderStore({
    kv: memoryKv(() => NOW).kv,
    pinLength: 6,
    graceS: 3600,
    defaultTtlS: 86_400,
    maxPinAttempts: 20,
    now: () => NOW,
  });
}

/** Line numbers in the header, the blank list and the rows, in order. */
function accountedLines(contents: SeedFileContents): number[] {
  return [...(contents.headerLine ? [contents.headerLine] : []), ...contents.blankLines, ...contents.rows.map((r) => r.line)].sort(
    (a, b) => a - b,
  );
}

describe('seed file line accounting', () => {
  it('an unclosed quote mid-file is reported on its line and the rows behind it are still read', () => {
    const lines = [
      HEADER,
      row('A-1', 1),
      `A-2,+4915112345602,"+493012345602,Max`,
      ...Array.from({ length: 8 }, (_, i) => row(`B-${i}`, 10 + i)),
      `B-9,+4915112345699,+493012345699,"Dr. ""Who"""`,
    ];
    const contents = parseSeedText(lines.join('\n') + '\n', 'csv');
    expect(contents.rows.map((r) => [r.line, 'input' in r ? r.input.orderId : r.error])).toEqual([
      [2, 'A-1'],
      [3, 'a quote opened in cell 3 (customer_phone) is not closed on this line (a cell cannot span lines)'],
      ...Array.from({ length: 8 }, (_, i) => [4 + i, `B-${i}`]),
      [12, 'B-9'],
    ]);
    expect(accountedLines(contents)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('an unclosed quote on the last line is reported on that line, not past the end of the file', () => {
    for (const ending of ['', '\n', '\r\n']) {
      const contents = parseSeedText(
        [HEADER, row('A-1', 1), row('A-2', 2), `A-3,"+4915112345603,+493012345603,Max`].join('\r\n') + ending,
        'csv',
      );
      expect(contents.lineCount).toBe(4);
      expect(contents.rows.map((r) => [r.line, 'error' in r])).toEqual([
        [2, false],
        [3, false],
        [4, true],
      ]);
    }
  });

  it('keeps line numbers right after a quoted CRLF, reporting each half once and counting each line once', async () => {
    const text = [HEADER, `A-1,+4915112345601,+493012345601,"two`, `lines"`, row('A-2', 2), '', row('A-3', 3)].join('\r\n') + '\r\n';
    const contents = parseSeedText(text, 'csv');
    expect(contents.rows.map((r) => [r.line, 'input' in r ? r.input.orderId : 'error'])).toEqual([
      [2, 'error'],
      [3, 'error'],
      [4, 'A-2'],
      [6, 'A-3'],
    ]);
    const summary = await seedRows(contents, { store: storeOn(), concurrency: 2 });
    expect(summary).toMatchObject({ lines: 6, headerLine: 1, blankLines: [5], total: 4, created: 2 });
    expect(summary.rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(formatSeedSummary(summary)[0]).toMatch(
      /^Seeded 4 row\(s\) \(6 line\(s\): 1 header, 1 blank, 4 order row\(s\)\) in .* 2 written \(2 new, 0 updated\), 0 unchanged, 2 rejected, 0 failed$/,
    );
  });

  it('property: any mix of good, broken, blank and quoted-break lines with any line endings accounts for every line exactly once', () => {
    const good = fc.integer({ min: 0, max: 999 }).map((n) => row(`G-${n}`, n));
    const broken = fc.constantFrom(
      `X-1,"+4915112345601,+493012345601,Max`,
      `X-2,+4915112345601,+493012345601,M"ax`,
      `X-3,+4915112345601,"+493012345601"x,Max`,
      `X-4,+4915112345601`,
      `X-5,+4915112345601,+493012345601,Max,extra`,
      `"`,
      `","`,
      ',,,',
      `lines",+4915112345601,+493012345601,Max`,
    );
    const blank = fc.constantFrom('', '  ', '\t');
    fc.assert(
      fc.property(
        fc.array(fc.oneof(good, broken, blank), { maxLength: 25 }),
        fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 26, maxLength: 26 }),
        fc.boolean(),
        (body, breaks, endsWithBreak) => {
          const lines = [HEADER, ...body];
          // An empty last line exists only with its line break; a CR ending a line followed by an empty line ending in LF is one CRLF.
          const terminated = (i: number) => i < lines.length - 1 || endsWithBreak || lines[i] === '';
          fc.pre(
            lines.every((_line, i) => !(breaks[i] === '\r' && lines[i + 1] === '' && terminated(i + 1) && breaks[i + 1].startsWith('\n'))),
          );
          const text = lines.map((line, i) => line + (terminated(i) ? breaks[i] : '')).join('');
          const contents = parseSeedText(text, 'csv');
          const expectedCount = lines.length;
          expect(contents.lineCount).toBe(expectedCount);
          expect(accountedLines(contents)).toEqual(Array.from({ length: expectedCount }, (_, i) => i + 1));
          lines.forEach((line, i) => {
            if (!line.startsWith('G-')) return;
            expect(contents.rows.find((r) => r.line === i + 1)).toEqual({
              line: i + 1,
              input: expect.objectContaining({ orderId: line.split(',')[0] }),
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('JSON Lines: every line is one row or blank, with its number', () => {
    const contents = parseSeedText('{"orderId":"J-1"}\r\n\r\n{"orderId":\n[1]\n"x"\n{"orderId":"J-2"}', 'jsonl');
    expect(contents.rows.map((r) => [r.line, 'input' in r ? 'input' : r.error])).toEqual([
      [1, 'input'],
      [3, expect.stringMatching(/^not valid JSON/)],
      [4, 'is an array, not a JSON object'],
      [5, 'is a string, not a JSON object'],
      [6, 'input'],
    ]);
    expect(contents.blankLines).toEqual([2]);
  });

  it('an empty file is an error; a header-only file is "nothing to seed" with exit 0', async () => {
    for (const text of ['', '\n\n', '\uFEFF', '  \r\n']) {
      expect(() => parseSeedText(text, 'csv', 'f.csv')).toThrow(SeedFileError);
      expect(() => parseSeedText(text, 'csv', 'f.csv')).toThrow(/^f\.csv: is empty .*needs a header row/);
      expect(() => parseSeedText(text, 'jsonl', 'f.jsonl')).toThrow(/^f\.jsonl: is empty .*no orders/);
    }
    const summary = await seedRows(parseSeedText(`${HEADER}\n\n`, 'csv'), { store: storeOn(), concurrency: 1 });
    expect(summary).toMatchObject({ total: 0, lines: 2, headerLine: 1, blankLines: [2] });
    expect(seedExitCode(summary)).toBe(0);
    expect(formatSeedSummary(summary)).toContain('  nothing to seed: the file has a header but no order rows');
  });
});
