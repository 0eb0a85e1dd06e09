import fc from 'fast-check';
import { maskPhonesInJson, maskPhonesInText } from '../../contract/mask-text';
import { formatOffset } from '../../src/sandbox/runtime/trace/timeline';
import { digitStreams, numbersShownIn } from './number-needles';

/** Zero of a few decimal digit scripts: ASCII, full-width, Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai, mathematical bold. */
const DIGIT_ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0x1d7ce];
/** Characters that are no letters, written between the digits of a number. */
const SEPARATORS = [
  ' ',
  '\u00a0',
  '\u2009',
  '\u202f',
  '-',
  '\u2010',
  '\u2013',
  '\u2014',
  '\u2212',
  '.',
  ',',
  '/',
  '(',
  ')',
  ':',
  '_',
  '*',
  '\t',
  ' / ',
  ' - ',
  '·',
  '\u200b',
  '\u3164',
  '\u2060',
  "'",
];
const COUNTRY_CODES = ['1', '7', '33', '44', '49', '380', '86', '91', '971', '39'];

const digitIn = (zero: number, d: number) => String.fromCodePoint(zero + d);

/** A phone number: its digits (ASCII, for the needle) and how it is written (scripts, separators, prefix). */
const writtenNumber = fc
  .record({
    cc: fc.constantFrom(...COUNTRY_CODES),
    subscriber: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 11 }),
    prefix: fc.constantFrom('+', '00', '', '+ ', '＋', '0'),
    zero: fc.constantFrom(...DIGIT_ZEROS),
    seps: fc.array(fc.option(fc.constantFrom(...SEPARATORS), { freq: 2 }), { minLength: 20, maxLength: 20 }),
  })
  .map(({ cc, subscriber, prefix, zero, seps }) => {
    const digits = prefix === '0' ? `0${subscriber.join('')}` : `${cc}${subscriber.join('')}`;
    const written = [...digits].map((d, i) => digitIn(zero, Number(d)) + (i < digits.length - 1 ? (seps[i] ?? '') : '')).join('');
    return { digits, written: prefix === '0' ? written : `${prefix === '00' ? digitIn(zero, 0).repeat(2) : prefix}${written}` };
  });

/** Surrounding text: words, spaces and punctuation, no digits. */
const words = fc.stringMatching(/^[A-Za-zÀ-ÿ .,;:!?"()[\]{}=→–-]{0,30}$/);

describe('maskPhonesInText', () => {
  it.each([
    ['outbound call to +4930123456789, caller ID shown +4915112345678', 'outbound call to +49********789, caller ID shown +49********678'],
    ['+49 (0) 151 / 123-45.67', '+49*******567'],
    ['０１５１ ２３４５６７８', '********678'],
    ['٠١٥١٢٣٤٥٦٧', '*******567'],
    ['0151,1234', '*****234'],
    ['+49 151–1234 567', '+49*******567'],
    ['030:1234:5678', '********678'],
    ['+49:15:11:23:45:67', '+49*******567'],
    ['12:34:56.789 0151 2345', '**************345'],
    ['sip:+4915112345678@voximplant.com', 'sip:+49********678@voximplant.com'],
    ['(030) 1234 5678 ok', '********678 ok'],
    ['①②③④⑤⑥⑦', '+1***567'],
    ['015112\u3164345678', '*********678'],
    ['PIN 12345, order A-1042, 52 orders', 'PIN 12345, order A-1042, 52 orders'],
  ])('masks %j', (text, masked) => {
    expect(maskPhonesInText(text)).toBe(masked);
  });

  it.each([
    '2026-11-21',
    '2026-11-21T06:31:05.794Z',
    'at 2026-11-21T06:31:05.794+01:00 then',
    '2026-11-21 06:31:05',
    '2026-11-21 – 2026-11-22',
    '12:34:56.789',
    '00:01:05.794 s1   session start',
    '1:02:03.004 s12',
    'connect ECONNREFUSED 127.0.0.1:8443',
    'https://127.0.0.1:12092/platform_api',
    'Call.Disconnected [1.2] {internalCode=200, duration=30, cost=0}\n00:43.805 s1   log: voxmask caller_gone',
    '+49********678, +49********789',
    '    +  7.6s  presses 86833\n    +  8.8s  hears "Connecting you to Mehmet."',
    'recording https://storage.example.com/2026/12/04/session-4-call-4-1.mp3',
  ])('keeps %j readable', (text) => {
    expect(maskPhonesInText(text)).toBe(text);
  });

  it('keeps listed numbers visible, compared by digits, and masks what is joined to them', () => {
    const keep = { keep: ['+493025550100'] };
    expect(maskPhonesInText('dials +49 30 2555 0100 from +4915112345678', keep)).toBe('dials +49 30 2555 0100 from +49********678');
    expect(maskPhonesInText('+493025550100, +4915112345678', keep)).toBe('+493025550100, +49********678');
    expect(maskPhonesInText('0049302555 0100', keep)).toBe('0049302555 0100');
    // A kept prefix must not reveal a longer number.
    expect(maskPhonesInText('+49 30 2555 0100 12', keep)).toBe('+49 30 2555 0100 **');
    expect(maskPhonesInText('+4930255501001', keep)).toBe('+49********001');
  });

  it('masks every number in any script and layout inside any text (property)', () => {
    fc.assert(
      fc.property(words, writtenNumber, words, writtenNumber, words, (a, first, b, second, c) => {
        const text = `${a} ${first.written} ${b} ${second.written} ${c}`;
        const masked = maskPhonesInText(text);
        expect(numbersShownIn(masked, [first.digits, second.digits])).toEqual([]);
        expect(maskPhonesInText(masked)).toBe(masked);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps ISO timestamps, dates and timeline offsets next to numbers and text (property)', () => {
    const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.nat({ max: 30 * 3600 * 1000 }), words, writtenNumber, (at, offsetMs, text, number) => {
        const iso = at.toISOString();
        const lines = [
          `${formatOffset(offsetMs)} s1   ${text}`,
          `at ${iso} or ${iso.slice(0, 10)} ${iso.slice(11, 19)}`,
          `call ${number.written}`,
        ];
        const masked = maskPhonesInText(lines.join('\n')).split('\n');
        expect(masked[0]).toBe(lines[0]);
        expect(masked[1]).toBe(lines[1]);
        expect(numbersShownIn(masked.join('\n'), [number.digits])).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps text without seven digits in a run unchanged (property)', () => {
    const short = fc.stringMatching(/^[0-9]{1,6}$/);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            words.filter((w) => /[A-Za-z]/.test(w)),
            short,
          ),
          { maxLength: 6 },
        ),
        (parts) => {
          const text = parts.map(([w, n]) => `${w}x${n}`).join('');
          expect(maskPhonesInText(text)).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('maskPhonesInJson', () => {
  it('masks every string and key, keeps listed numbers, numbers and shape', () => {
    const value = {
      from: '+4915112345678',
      to: '+493025550100',
      partyRoles: { '+4930123456789': 'customer' },
      lines: ['talks with +4930123456789 at 2026-11-21T06:31:05.794Z'],
      atMs: 1795000000000,
      ok: true,
      none: null,
    };
    const masked = maskPhonesInJson(value, { keep: ['+493025550100'] });
    expect(masked).toEqual({
      from: '+49********678',
      to: '+493025550100',
      partyRoles: { '+49********789': 'customer' },
      lines: ['talks with +49********789 at 2026-11-21T06:31:05.794Z'],
      atMs: 1795000000000,
      ok: true,
      none: null,
    });
    expect(numbersShownIn(JSON.stringify(masked), ['+4915112345678', '+4930123456789'])).toEqual([]);
    expect(value.from).toBe('+4915112345678');
  });
});

describe('the needle of these tests', () => {
  it('finds a number in any script and layout, within one run only', () => {
    expect(numbersShownIn('call ٤٩ ٣٠-١٢٣٤ ٥٦٧٨٩ now', ['+4930123456789'])).toEqual(['+4930123456789']);
    expect(numbersShownIn('+49 30 123 then 456789', ['+4930123456789'])).toEqual([]);
    expect(digitStreams('a 1-2 b ３')).toEqual(['12', '3']);
  });
});
