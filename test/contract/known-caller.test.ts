import {
  formatKnownCaller,
  KNOWN_CALLER_MAX_CHARS,
  KnownCaller,
  knownCallerKey,
  knownCallerPrefix,
  orderIdOfKnownCallerKey,
  parseKnownCaller,
} from '../../contract/known-caller';
import { KV_MAX_KEY_LENGTH } from '../../contract/storage-limits';

const entry: KnownCaller = { v: 1, orderId: 'A-1042', role: 'courier', pin: '48213' };

describe('known-caller keys', () => {
  it('keys by the caller canonical digits and the order id', () => {
    expect(knownCallerKey('+4915112345678', 'A-1042')).toBe('knowncaller:4915112345678:A-1042');
    expect(knownCallerKey('0049 151 12345678', 'A-1042')).toBe('knowncaller:4915112345678:A-1042');
    expect(knownCallerKey('015112345678', 'A-1042', '49')).toBe('knowncaller:4915112345678:A-1042');
    expect(knownCallerPrefix('+4915112345678')).toBe('knowncaller:4915112345678:');
  });

  it('ends the prefix with a colon so a shorter number never lists a longer one', () => {
    const shorter = knownCallerPrefix('+491511234567') as string;
    expect((knownCallerKey('+4915112345678', 'A-1042') as string).startsWith(shorter)).toBe(false);
  });

  it('has no key for a withheld caller or an order id outside the layout', () => {
    expect(knownCallerPrefix('anonymous')).toBeNull();
    expect(knownCallerKey('015112345678', 'A-1042')).toBeNull();
    expect(knownCallerKey('+4915112345678', 'A 1042')).toBeNull();
    expect(knownCallerKey('+4915112345678', 'x'.repeat(41))).toBeNull();
  });

  it('stays within the key rules at the longest caller and order id, and gives the order id back', () => {
    const key = knownCallerKey('+123456789012345', 'O'.repeat(40)) as string;
    expect(key.length).toBeLessThanOrEqual(KV_MAX_KEY_LENGTH);
    expect(key).toMatch(/^[A-Za-z0-9_\-:;.#+]+$/);
    expect(orderIdOfKnownCallerKey(key)).toBe('O'.repeat(40));
    expect(orderIdOfKnownCallerKey('route:4930500000101:4915112345678')).toBeNull();
  });
});

describe('parseKnownCaller', () => {
  it('reads a formatted entry back, with and without the PIN', () => {
    expect(parseKnownCaller(formatKnownCaller(entry))).toEqual({ ok: true, value: entry });
    expect(parseKnownCaller('{"v":1,"orderId":"A-1042","role":"customer","extra":true}')).toEqual({
      ok: true,
      value: { v: 1, orderId: 'A-1042', role: 'customer' },
    });
  });

  it('names the field of each problem', () => {
    const fieldOf = (value: unknown) => {
      const r = parseKnownCaller(JSON.stringify(value));
      return r.ok ? 'accepted' : r.field;
    };
    expect(fieldOf({ ...entry, v: '1' })).toBe('v');
    expect(fieldOf({ ...entry, orderId: 'A:1042' })).toBe('orderId');
    expect(fieldOf({ ...entry, role: 'operator' })).toBe('role');
    expect(fieldOf({ ...entry, pin: '12' })).toBe('pin');
    expect(fieldOf({ ...entry, pin: 48213 })).toBe('pin');
    expect(fieldOf(null)).toBe('');
  });

  it('fits its own size limit with every field at its maximum', () => {
    const longest = formatKnownCaller({ v: 1, orderId: 'O'.repeat(40), role: 'restaurant', pin: '1234567890' });
    expect(longest.length).toBeLessThanOrEqual(KNOWN_CALLER_MAX_CHARS);
  });

  it('refuses to format a bad entry', () => {
    expect(() => formatKnownCaller({ ...entry, role: 'boss' as never })).toThrow(/field "role"/);
  });
});
