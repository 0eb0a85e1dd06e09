import { OrderInputError } from '../../../src/backend/orders/errors';
import { prepareOrder, parseExpectedDelivery } from '../../../src/backend/orders/order-input';
import { normalizePhone } from '../../../src/backend/orders/phone';

const base = {
  orderId: 'A-1',
  parties: [
    { role: 'courier' as const, phone: '+4915112345678' },
    { role: 'customer' as const, phone: '+12025550143' },
  ],
};

describe('normalizePhone', () => {
  it('turns national and formatted numbers into E.164', () => {
    expect(normalizePhone('+49 (151) 123-456-78', 'f')).toBe('+4915112345678');
    expect(normalizePhone('030 12345678', 'f', 'DE')).toBe('+493012345678');
    expect(normalizePhone('(202) 555-0143', 'f', 'US')).toBe('+12025550143');
  });

  it('refuses, naming the field and masking the number', () => {
    expect(() => normalizePhone('030 12345678', 'parties[1].phone')).toThrow(
      /^parties\[1\]\.phone: \S*\*{5,}\S* has no country code; write it in E\.164 \(\+…\) or pass --default-region$/,
    );
    expect(() => normalizePhone('+49 30 1234 5678 999 999', 'p')).toThrow(/^p: \*+\d{0,3} is not a valid number for country DE$/);
    expect(() => normalizePhone('+1 555 0100', 'p')).toThrow(/^p: .* is not a/);
    for (const raw of ['+49 30 1234 5678 999 999', '030 12345678', '+1 555 0100 1']) {
      const message = (() => {
        try {
          normalizePhone(raw, 'p');
        } catch (e) {
          return (e as Error).message;
        }
      })();
      expect(message).not.toMatch(/\d{7}/);
    }
    expect(() => normalizePhone('', 'p')).toThrow('p: is missing');
    expect(() => normalizePhone('call me', 'p', 'DE')).toThrow(/is not a phone number/);
  });
});

describe('prepareOrder', () => {
  it('builds the contract record and the deadline', () => {
    const prepared = prepareOrder(
      { ...base, expectedDeliveryAt: '2026-05-01T20:30:00+02:00', settings: { record: true } },
      { graceS: 600 },
    );
    expect(prepared.text).toBe(
      '{"version":1,"orderId":"A-1","parties":[{"role":"courier","phone":"+4915112345678"},{"role":"customer","phone":"+12025550143"}],"settings":{"record":true}}',
    );
    expect(prepared.deadlineS).toBe(Date.parse('2026-05-01T18:30:00Z') / 1000 + 600);
  });

  it('reports contract violations as OrderInputError with the field', () => {
    const err = (() => {
      try {
        prepareOrder(
          { ...base, parties: [{ role: 'courier', phone: '+4915112345678', label: 'call 0151 1234567' }, base.parties[1]] },
          { graceS: 0 },
        );
      } catch (e) {
        return e as OrderInputError;
      }
    })();
    expect(err).toBeInstanceOf(OrderInputError);
    expect(err?.field).toBe('parties[0].label');
    expect(() => prepareOrder({ ...base, orderId: '' }, { graceS: 0 })).toThrow(/^orderId: /);
    expect(() => prepareOrder({ ...base, parties: [base.parties[0]] }, { graceS: 0 })).toThrow(/^parties: has 1 entries/);
    expect(() =>
      prepareOrder({ ...base, parties: [{ role: 'driver' as never, phone: '+4915112345678' }, base.parties[1]] }, { graceS: 0 }),
    ).toThrow(/parties\[0\]\.role/);
  });

  it('requires a time zone on ISO times', () => {
    expect(() => parseExpectedDelivery('2026-05-01T18:30:00')).toThrow(/with a time zone/);
    expect(parseExpectedDelivery('2026-05-01T18:30:00Z')).toBe(Date.parse('2026-05-01T18:30:00Z'));
    expect(parseExpectedDelivery(new Date(5))).toBe(5);
    expect(() => parseExpectedDelivery(-1)).toThrow(/positive epoch/);
    expect(parseExpectedDelivery(undefined)).toBeUndefined();
  });
});
