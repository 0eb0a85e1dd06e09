import fc from 'fast-check';
import { maskPhonesInText } from '../../contract/mask-text';
import { countryCodeLength, countryCodeOf, internationalDigits, maskPhone, samePhone } from '../../contract/phone';

describe('phone helpers', () => {
  it.each([
    ['+4915112345678', '4915112345678'],
    ['4915112345678', '4915112345678'],
    ['004915112345678', '4915112345678'],
    [' +12025550143 ', '12025550143'],
    ['anonymous', null],
    ['', null],
    ['+49 151 1234', '491511234'],
    ['+0049 151 12345678', '4915112345678'],
    ['00049-151-12345678', '4915112345678'],
    ['+49 (151) 1234–5678', '4915112345678'],
    ['０１５１１２３４５６７８', null],
    ['015112345678', null],
    ['sip:+4915112345678@example.org', null],
    ['+4915112345678901', null],
    ['+49 (0)151 12345678', '4915112345678'],
    ['+49015112345678', '4915112345678'],
    ['+39 06 1234 5678', '390612345678'],
    ['+225 07 12 34 56 78', '2250712345678'],
  ])('internationalDigits(%p) = %p', (raw, digits) => {
    expect(internationalDigits(raw)).toBe(digits);
  });

  it.each([
    ['015112345678', '49', '4915112345678'],
    ['+015112345678', '49', '4915112345678'],
    ['０１５１１２３４５６７８', '49', '4915112345678'],
    ['٠١٥١١٢٣٤٥٦٧٨', '49', '4915112345678'],
    ['0612345678', '39', '390612345678'],
    ['89161234567', '7', '79161234567'],
    ['+89161234567', '7', '89161234567'],
    ['004915112345678', '43', '4915112345678'],
    ['4915112345678', '43', '4915112345678'],
  ])('internationalDigits(%p, %p) = %p: the national form resolved with the default country code', (raw, cc, digits) => {
    expect(internationalDigits(raw, cc)).toBe(digits);
  });

  it('one number, one canonical form: every prefix and national variant of a German number gives the same digits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^1[5-7][0-9]{8,9}$/),
        fc.constantFrom('+49', '0049', '+0049', '00049', '49', '0', '+0', '+49 (0)', '0049 (0) ', '490'),
        (national, prefix) => {
          expect(internationalDigits(`${prefix}${national}`, '49')).toBe(`49${national}`);
        },
      ),
    );
  });

  it('countryCodeOf gives the country calling code of an international number', () => {
    expect([
      countryCodeOf('+4930500000001'),
      countryCodeOf('+12025550143'),
      countryCodeOf('+380441234567'),
      countryCodeOf('anonymous'),
    ]).toEqual(['49', '1', '380', null]);
  });

  it('compares numbers by digits', () => {
    expect(samePhone('+4915112345678', '4915112345678')).toBe(true);
    expect(samePhone('+4915112345678', '+4915112345679')).toBe(false);
    expect(samePhone('anonymous', 'anonymous')).toBe(false);
    expect(samePhone('+4915112345678', '015112345678', '49')).toBe(true);
    expect(samePhone('+4915112345678', '015112345678')).toBe(false);
  });

  it.each([
    ['+4915112345678', '+49********678'],
    ['+12025550143', '+1*******143'],
    ['+79161234567', '+7*******567'],
    ['+380441234567', '+380******567'],
    ['anonymous', '<withheld>'],
  ])('maskPhone(%p) = %p', (raw, masked) => {
    expect(maskPhone(raw)).toBe(masked);
  });

  it('knows one-, two- and three-digit country codes', () => {
    expect([countryCodeLength('1202'), countryCodeLength('4930'), countryCodeLength('3804')]).toEqual([1, 2, 3]);
  });

  it('masks whole runs in free text and keeps ISO dates', () => {
    const line = 'call from +4915112345678 to 030 1234 5678 at 2026-01-31T10:00:00Z, order A-1042';
    const masked = maskPhonesInText(line);
    expect(masked).not.toMatch(/12345678|1234 5678|345678/);
    expect(masked).toContain('2026-01-31T10:00:00Z');
    expect(masked).toContain('A-1042');
  });

  it('leaves at most the country code and three last digits of any number in masked text', () => {
    const letters = fc.string({ unit: fc.constantFrom(...'abc XYZ:,'), maxLength: 20 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 13 }),
        letters,
        letters,
        (first, rest, before, after) => {
          const digits = `${first}${rest}`;
          const visible = maskPhonesInText(`${before} +${digits} ${after}`).replace(/[^0-9]/g, '');
          expect(visible.length).toBeLessThanOrEqual(countryCodeLength(digits) + 3);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});
