/**
 * The spoken-text rule (contract/spoken-text.ts) in both directions: every layout and script of a phone
 * number is refused, the order ids and labels a delivery service really uses are accepted, and the
 * order record validator (the seeder's check) applies it with the parties known.
 */
import fc from 'fast-check';
import { formatOrderRecord, OrderRecordError, parseOrderRecord } from '../../contract/order-record';
import { labelProblem, orderIdProblem, spokenDigitsOf, spokenTogetherProblem } from '../../contract/spoken-text';

const COURIER = '+4915112345678';
const CUSTOMER = '+4930123456789';
const PHONES = [COURIER, CUSTOMER];
const fullWidth = (s: string) => s.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const arabicIndic = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0x0660 + Number(c)));
const devanagari = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0x0966 + Number(c)));

describe('labels', () => {
  it.each([
    'Max 0151,1234,5678',
    'Max +49 151 1234 5678',
    'Max 0151–1234–5678',
    'Max 0151—1234—5678',
    `Max ${fullWidth('01511234')}`,
    `Max ${arabicIndic('01511234')}`,
    `Max ${devanagari('0151 1234')}`,
    'Max ⒂⒈⒉⒊⒋⒌', // six characters, seven digits in NFKC: (15)1.2.3.4.5.
    'Max 0 1 5 1 a 1 2 3 4',
    'call 1234567',
    'Max one five one one two three four', // digit names are read out as digits
    'null eins fünf eins zwei drei vier',
    'Max ＯＮＥ two 3 4 5 6 7', // full-width letters: NFKC first
  ])('refuses %p', (label) => {
    expect(labelProblem(label, PHONES)).toMatch(/at most 6/);
  });

  it.each([
    'Max',
    'Max 2',
    'Flat 12B',
    'Tür 3, 2. OG',
    'Pizzeria 4 Jahreszeiten',
    'Kurier №123456',
    'Ana María',
    'One Stop Pizza',
    'Ein Kurier',
    'Oneida Twofold',
  ])('accepts %p', (label) => {
    expect(labelProblem(label, PHONES)).toBeNull();
  });
});

describe('order ids', () => {
  it.each(['ORD-2026-0512', 'A-1042', '2026-05-12', '20260512', 'B_2103', 'X'])('accepts %p', (orderId) => {
    expect(orderIdProblem(orderId, PHONES)).toBeNull();
  });

  it.each(['0151-1234-5678', '030-1234567', '491511234', 'ORD-2026-05-12-7'])('refuses %p (more than 8 digits)', (orderId) => {
    expect(orderIdProblem(orderId, PHONES)).toMatch(/at most 8/);
  });

  it('refuses the last seven digits of a party phone, however few digits it has', () => {
    expect(orderIdProblem('X-2345678', PHONES)).toMatch(/party's phone/);
    expect(orderIdProblem('X-2345678', ['+4930999999999'])).toBeNull();
  });
});

describe('digits heard together', () => {
  it('digit names count only as whole words', () => {
    expect(spokenDigitsOf('Max one two ٣ Oneida')).toBe('123');
    expect(spokenDigitsOf('Zwei-Drei')).toBe('23');
  });

  it('a party number split between the label and the order id is refused, each part alone is fine', () => {
    expect(labelProblem('Max 2345', PHONES)).toBeNull();
    expect(orderIdProblem('A-678', PHONES)).toBeNull();
    expect(spokenTogetherProblem(['Max 2345', 'A-678'], PHONES)).toMatch(/party's phone/);
    expect(spokenTogetherProblem(['Max two three four five', 'A-678'], PHONES)).toMatch(/party's phone/);
    expect(spokenTogetherProblem(['Max 2345', 'A-679'], PHONES)).toBeNull();
  });
});

describe('property: a party number in any script and layout never passes', () => {
  const separators = [',', ' ', '-', '–', '—', '.', '/', '+', '(', ')', '\u00a0', 'x'];
  const scripts = [(s: string) => s, fullWidth, arabicIndic, devanagari];
  it('as a label or as an order id, embedded anywhere', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PHONES),
        fc.constantFrom(...scripts),
        fc.array(fc.constantFrom(...separators), { minLength: 20, maxLength: 20 }),
        fc.string({ maxLength: 5 }),
        (phone, script, seps, prefix) => {
          const digits = phone.slice(-9);
          const written = prefix + [...digits].map((d, i) => script(d) + (seps[i] ?? '')).join('');
          return labelProblem(written, PHONES) !== null && orderIdProblem(written, PHONES) !== null;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the order record applies the rule (the seeder writes through formatOrderRecord)', () => {
  const record = (label: string, orderId = 'A-1042') => ({
    version: 1 as const,
    orderId,
    parties: [
      { role: 'courier' as const, phone: COURIER, label },
      { role: 'customer' as const, phone: CUSTOMER },
    ],
  });

  it('refuses a phone-like label, naming the field', () => {
    const err = (() => {
      try {
        formatOrderRecord(record(`Max ${fullWidth('0151')},1234,5678`));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(OrderRecordError);
    expect(err).toMatchObject({ field: 'parties[0].label', code: 'phone_like' });
  });

  it('refuses a label and order id that spell a party number together, naming the label', () => {
    expect(() => formatOrderRecord(record('Max 2345', 'A-678'))).toThrow(/parties\[0\]\.label.*together with the order id/);
  });

  it('accepts ORD-2026-0512 and refuses a party number as the order id', () => {
    expect(formatOrderRecord(record('Max', 'ORD-2026-0512'))).toContain('ORD-2026-0512');
    expect(() => formatOrderRecord(record('Max', 'P-2345678'))).toThrow(/party's phone/);
  });

  it('the scenario reader keeps such a record and leaves the check to the moment of speaking', () => {
    const text = JSON.stringify(record('Max 0151,1234,5678'));
    expect(() => parseOrderRecord(text)).toThrow(OrderRecordError);
    expect(parseOrderRecord(text, { speakableTextOnly: false }).parties[0].label).toBe('Max 0151,1234,5678');
  });
});
