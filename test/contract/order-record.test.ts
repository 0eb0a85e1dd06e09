import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020';
import orderSchema from '../../schemas/order-record.schema.json';
import {
  formatOrderRecord,
  LABEL_PATTERN_SOURCE,
  ORDER_ID_PATTERN_SOURCE,
  ORDER_RECORD_MAX_CHARS,
  OrderRecordError,
  orderKey,
  parseOrderRecord,
  validateOrderRecord,
} from '../../contract/order-record';
import { E164_PATTERN_SOURCE } from '../../contract/phone';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const schemaAccepts = ajv.compile(orderSchema);

const valid = {
  version: 1,
  orderId: 'A-1042',
  parties: [
    { role: 'courier', phone: '+4915112345678', label: 'Max' },
    { role: 'customer', phone: '+4930123456789' },
  ],
  settings: { record: true, maxCallS: 900 },
};

/** The code's verdict on a parsed record: 'ok', or the error code it refuses with. */
function tsVerdict(value: unknown): string {
  try {
    validateOrderRecord(value);
    return 'ok';
  } catch (err) {
    if (err instanceof OrderRecordError) return err.code;
    throw err;
  }
}

function errorOf(text: string): OrderRecordError {
  try {
    parseOrderRecord(text);
  } catch (err) {
    if (err instanceof OrderRecordError) return err;
    throw err;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('order record key', () => {
  it('builds order:<pin> for 4-10 digits', () => {
    expect(orderKey('12345')).toBe('order:12345');
    expect(orderKey('0000')).toBe('order:0000');
  });
  it.each(['123', '12345678901', '12a45', '', ' 1234'])('rejects pin %p naming the field', (pin) => {
    expect(() => orderKey(pin)).toThrow(expect.objectContaining({ field: 'pin', code: 'bad_format' }));
  });
});

describe('parseOrderRecord', () => {
  it('returns the record with only known fields', () => {
    expect(parseOrderRecord(JSON.stringify(valid))).toEqual(valid);
  });

  it('accepts a restaurant that is also the courier (same phone, different roles)', () => {
    const r = { ...valid, parties: [...valid.parties, { role: 'restaurant', phone: '+4915112345678' }] };
    expect(parseOrderRecord(JSON.stringify(r)).parties).toHaveLength(3);
  });

  const cases: [string, unknown, string, string][] = [
    ['not JSON', '{', '', 'not_json'],
    ['an array', [], '', 'not_object'],
    ['version 2', { ...valid, version: 2 }, 'version', 'unsupported_version'],
    ['missing orderId', { version: 1, parties: valid.parties }, 'orderId', 'missing_field'],
    ['unknown top-level field', { ...valid, pin: '12345' }, 'pin', 'unknown_field'],
    ['order id that reads like a phone number', { ...valid, orderId: '030-1234567' }, 'orderId', 'phone_like'],
    ['one party', { ...valid, parties: [valid.parties[0]] }, 'parties', 'out_of_range'],
    [
      'phone without +',
      { ...valid, parties: [valid.parties[0], { role: 'customer', phone: '4930123456789' }] },
      'parties[1].phone',
      'bad_format',
    ],
    [
      'unknown role',
      { ...valid, parties: [valid.parties[0], { role: 'driver', phone: '+4930123456789' }] },
      'parties[1].role',
      'bad_format',
    ],
    [
      'role twice',
      { ...valid, parties: [valid.parties[0], { role: 'courier', phone: '+4930123456789' }] },
      'parties[1].role',
      'duplicate_role',
    ],
    [
      'label holding a number',
      { ...valid, parties: [{ ...valid.parties[0], label: 'call me 0151 123 4567' }, valid.parties[1]] },
      'parties[0].label',
      'phone_like',
    ],
    [
      'unknown party field',
      { ...valid, parties: [{ ...valid.parties[0], email: 'x@y' }, valid.parties[1]] },
      'parties[0].email',
      'unknown_field',
    ],
    ['maxCallS too small', { ...valid, settings: { maxCallS: 10 } }, 'settings.maxCallS', 'out_of_range'],
    ['maxCallS fractional', { ...valid, settings: { maxCallS: 90.5 } }, 'settings.maxCallS', 'wrong_type'],
    ['record as string', { ...valid, settings: { record: 'yes' } }, 'settings.record', 'wrong_type'],
  ];
  it.each(cases)('rejects %s, naming field %p', (_what, value, field, code) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const err = errorOf(text);
    expect(err.field).toBe(field);
    expect(err.code).toBe(code);
    expect(err.message).toContain(field);
  });

  it('rejects a value over the 2000-character storage limit', () => {
    expect(errorOf(' '.repeat(2001)).code).toBe('too_long');
  });
});

describe('order record size', () => {
  it('a record with every field at its maximum stays under ORDER_RECORD_MAX_CHARS (room in the 2000-char value)', () => {
    const label = '\u{1F600}'.repeat(20) + '"'.repeat(20); // 40 code points, worst-case JSON escaping
    const phone = `+1${'2'.repeat(14)}`;
    const biggest = {
      version: 1 as const,
      orderId: `A${'-'.repeat(39)}`,
      parties: (['restaurant', 'customer', 'courier'] as const).map((role) => ({ role, phone, label })),
      settings: { record: false, maxCallS: 14_400 },
    };
    const text = formatOrderRecord(biggest);
    expect(schemaAccepts(biggest)).toBe(true);
    expect(text.length).toBeLessThan(ORDER_RECORD_MAX_CHARS);
  });
});

describe('JSON Schema and TypeScript validator are one definition', () => {
  it('share their pattern sources', () => {
    expect(orderSchema.properties.orderId.pattern).toBe(ORDER_ID_PATTERN_SOURCE);
    expect(orderSchema.$defs.party.properties.phone.pattern).toBe(E164_PATTERN_SOURCE);
    expect(orderSchema.$defs.party.properties.label.pattern).toBe(LABEL_PATTERN_SOURCE);
  });

  // Values near the boundary of the format: each piece is valid most of the time (weight 4) and
  // defective or borderline otherwise, so whole records land on both sides of the boundary.
  const often = <T, U>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) =>
    fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: odd, weight: 1 });
  const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
  const phone = often(
    fc.tuple(fc.constantFrom(...'123456789'), digits(6, 13)).map(([a, b]) => `+${a}${b}`),
    fc.oneof(
      digits(5, 16).map((d) => `+${d}`),
      digits(6, 16),
      fc.constantFrom('+0123456789', '+49 151 1234567', '', 4915112345678),
    ),
  );
  const label = often(
    fc.string({ unit: fc.constantFrom(...'abcXYZ é-_.0123'), minLength: 1, maxLength: 40 }),
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...'ab 07./()-\u0001\u007f"'), maxLength: 45 }),
      // digits of other scripts and separators the old layout rule missed
      fc.string({ unit: fc.constantFrom(...'a 0,+\u2013\u2014\uff10\uff15\u0661\u0969'), maxLength: 14 }),
      fc.string({ unit: 'grapheme', maxLength: 42 }),
      fc.constantFrom('555-123-4567', '12 34 56 7', '1234567', '123456', 'A'.repeat(40), 'A'.repeat(41), '', 7),
    ),
  );
  const orderId = often(
    fc.tuple(fc.constantFrom(...'aZ09'), fc.string({ unit: fc.constantFrom(...'abXY01_-'), maxLength: 39 })).map(([a, b]) => a + b),
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...'a0_- .9'), maxLength: 42 }),
      fc.constantFrom('1234567', '123456', '12-34-567', 'é', 12345),
    ),
  );
  const role = often(fc.constantFrom('courier', 'customer', 'restaurant'), fc.constantFrom('driver', 'Courier', 1));
  const party = fc.tuple(fc.record({ role, phone, label }, { requiredKeys: [] }), fc.nat(3), fc.nat(39)).map(([p, keep, dice]) => {
    // role and phone are present in 39 of 40 parties; one in 40 gets an unknown field.
    const full = dice === 0 ? p : { ...p, role: p.role ?? 'courier', phone: p.phone ?? '+4915112345678' };
    const trimmed = keep === 0 ? full : (({ label: _l, ...rest }) => rest)(full as { label?: unknown });
    return dice === 1 ? { ...trimmed, email: 'x@y' } : trimmed;
  });
  const settings = often(
    fc.record(
      {
        record: often(fc.boolean(), fc.constant('true')),
        maxCallS: often(fc.integer({ min: 30, max: 14_400 }), fc.constantFrom(0, 29, 14_401, 60.5, -0, 20_000)),
      },
      { requiredKeys: [] },
    ),
    fc.constantFrom(null, [], 'x'),
  );
  const partyList = often(
    fc.uniqueArray(party, { minLength: 2, maxLength: 3, selector: (p) => (p as { role?: unknown }).role }),
    fc.array(party, { minLength: 0, maxLength: 4 }),
  );
  const record = fc
    .tuple(
      fc.record(
        { version: often(fc.constant(1), fc.constantFrom(2, '1', 0)), orderId, parties: partyList, settings },
        { requiredKeys: ['version', 'orderId', 'parties'] },
      ),
      fc.nat(29),
    )
    .map(([r, dice]) => (dice === 0 ? { ...r, pin: '12345' } : dice === 1 ? (({ orderId: _o, ...rest }) => rest)(r) : r));

  // JSON Schema cannot apply NFKC nor compare a text with the parties' phones (docs/scenario.md, Spoken
  // text): there, and only there, the code is stricter, refusing with `phone_like`.
  it('ajv and parseOrderRecord agree on 3,000 random near-valid records, except the two documented gaps', () => {
    let accepted = 0;
    fc.assert(
      fc.property(record, (value) => {
        const bySchema = schemaAccepts(value);
        const verdict = tsVerdict(JSON.parse(JSON.stringify(value)));
        if (bySchema) accepted += 1;
        const agrees = bySchema === (verdict === 'ok') || (bySchema && verdict === 'phone_like');
        expect({ value, bySchema, verdict, agrees }).toEqual({ value, bySchema, verdict, agrees: true });
      }),
      { numRuns: 3000, seed: 20260101 },
    );
    // The generator must exercise both sides of the boundary, or the agreement proves nothing.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(2900);
  });

  const withText = (label: string, orderId = 'A-1042') => ({
    ...valid,
    orderId,
    parties: [{ ...valid.parties[0], label }, valid.parties[1]],
  });

  it.each([
    ['commas', 'Max 0151,1234,5678'],
    ['full-width digits', 'Max \uff10\uff11\uff15\uff11\uff11\uff12\uff13'],
    ['Arabic-Indic digits', 'Max \u0660\u0661\u0665\u0661\u0661\u0662\u0663'],
    ['en dashes and plus', 'Max +49\u2013151\u20131234'],
  ])('both refuse a label holding seven or more digits (%s)', (_how, label) => {
    expect(schemaAccepts(withText(label))).toBe(false);
    expect(tsVerdict(withText(label))).toBe('phone_like');
  });

  it('both accept date-like order ids and refuse phone-like ones', () => {
    for (const orderId of ['ORD-2026-0512', 'A-1042', '2026-05-12']) {
      expect([orderId, schemaAccepts(withText('Max', orderId)), tsVerdict(withText('Max', orderId))]).toEqual([orderId, true, 'ok']);
    }
    for (const orderId of ['0151-1234-5678', '030-1234567-0']) {
      expect([orderId, schemaAccepts(withText('Max', orderId)), tsVerdict(withText('Max', orderId))]).toEqual([
        orderId,
        false,
        'phone_like',
      ]);
    }
  });

  it("the gaps: only the code sees NFKC digits and a party phone's tail", () => {
    // ⒂ is one character in the schema's count, "(15)" in NFKC: seven digits in six characters.
    expect(schemaAccepts(withText('Max \u2482\u2488\u2489\u248a\u248b\u248c'))).toBe(true);
    expect(tsVerdict(withText('Max \u2482\u2488\u2489\u248a\u248b\u248c'))).toBe('phone_like');
    // Seven digits are a valid order id, unless they are the last seven of a party's phone.
    expect(schemaAccepts(withText('Max', 'X-2345678'))).toBe(true);
    expect(tsVerdict(withText('Max', 'X-2345678'))).toBe('phone_like');
  });
});
