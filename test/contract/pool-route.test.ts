import { formatPoolRoute, isPoolRouteLive, parsePoolRoute, poolRouteKey, poolRoutePrefix, PoolRoute } from '../../contract/pool-route';
import { StoredJsonError } from '../../contract/stored-json';
import { KV_MAX_KEY_LENGTH } from '../../contract/storage-limits';

const route: PoolRoute = {
  v: 1,
  sessionId: 's-8f2k',
  orderId: 'A-1042',
  callerRole: 'courier',
  calleeRole: 'customer',
  callee: '+4930123456789',
  expiresAt: 1_767_225_600,
  settings: { callTimeLimitS: 900, ringTimeoutS: 30, record: true },
};

function problemOf(value: unknown): { field: string; problem: string } {
  const result = parsePoolRoute(typeof value === 'string' ? value : JSON.stringify(value));
  if (result.ok) throw new Error(`accepted ${JSON.stringify(value)}`);
  return { field: result.field, problem: result.problem };
}

describe('poolRouteKey', () => {
  it('keys by the canonical digits of the dialed number and the caller, whatever form they come in', () => {
    expect(poolRouteKey('+4930500000101', '+4915112345678')).toBe('route:4930500000101:4915112345678');
    expect(poolRouteKey('4930500000101', '004915112345678')).toBe('route:4930500000101:4915112345678');
    // A national caller ID is resolved with the dialed number's country code by default.
    expect(poolRouteKey('+4930500000101', '015112345678')).toBe('route:4930500000101:4915112345678');
    expect(poolRouteKey('+4930500000101', '015112345678', null)).toBeNull();
    expect(poolRouteKey('+4930500000101', '07911123456', '44')).toBe('route:4930500000101:447911123456');
  });

  it('has no key for a withheld or unreadable caller ID, or an unreadable dialed number', () => {
    expect(poolRouteKey('+4930500000101', 'anonymous')).toBeNull();
    expect(poolRouteKey('+4930500000101', 'sip:courier@example.com')).toBeNull();
    expect(poolRouteKey('', '+4915112345678')).toBeNull();
  });

  it('stays within the platform key rules at the longest numbers', () => {
    const key = poolRouteKey('+123456789012345', '+987654321098765') as string;
    expect(key.length).toBeLessThanOrEqual(KV_MAX_KEY_LENGTH);
    expect(key).toMatch(/^[A-Za-z0-9_\-:;.#+]+$/);
    expect(poolRoutePrefix('+123456789012345')).toBe('route:123456789012345:');
    expect(key.startsWith(poolRoutePrefix('+123456789012345') as string)).toBe(true);
  });
});

describe('parsePoolRoute', () => {
  it('reads a formatted route back field for field', () => {
    const parsed = parsePoolRoute(formatPoolRoute(route));
    expect(parsed).toEqual({ ok: true, value: route });
  });

  it('ignores fields it does not know (a newer writer) but keeps them out of the result', () => {
    const parsed = parsePoolRoute(JSON.stringify({ ...route, playUrl: 'https://example.com/a.mp3' }));
    expect(parsed).toEqual({ ok: true, value: route });
  });

  it('names the field of each problem', () => {
    expect(problemOf('not json').field).toBe('');
    expect(problemOf([route]).field).toBe('');
    expect(problemOf('x'.repeat(2001)).problem).toMatch(/2001 characters/);
    expect(problemOf({ ...route, v: 2 })).toEqual({ field: 'v', problem: expect.stringMatching(/version 1/) });
    expect(problemOf({ ...route, sessionId: 'has space' }).field).toBe('sessionId');
    expect(problemOf({ ...route, orderId: undefined }).problem).toBe('is required');
    expect(problemOf({ ...route, orderId: '-starts-with-dash' }).field).toBe('orderId');
    expect(problemOf({ ...route, callerRole: 'driver' }).field).toBe('callerRole');
    expect(problemOf({ ...route, calleeRole: 'courier' })).toEqual({
      field: 'calleeRole',
      problem: expect.stringMatching(/caller's own role/),
    });
    expect(problemOf({ ...route, callee: '030123456789' }).field).toBe('callee');
    expect(problemOf({ ...route, callee: 4930123456789 }).problem).toBe('must be a string');
    expect(problemOf({ ...route, expiresAt: undefined }).field).toBe('expiresAt');
    expect(problemOf({ ...route, expiresAt: 1.5 }).field).toBe('expiresAt');
    expect(problemOf({ ...route, expiresAt: Date.UTC(2026, 0, 1) * 1000 }).field).toBe('expiresAt');
    expect(problemOf({ ...route, settings: 'fast' }).field).toBe('settings');
    expect(problemOf({ ...route, settings: { callTimeLimitS: 10 } }).field).toBe('settings.callTimeLimitS');
    expect(problemOf({ ...route, settings: { ringTimeoutS: 61 } }).problem).toMatch(/5-60 seconds/);
    expect(problemOf({ ...route, settings: { record: 'yes' } }).field).toBe('settings.record');
  });

  it('fits the value limit with every field at its maximum', () => {
    const longest = formatPoolRoute({
      ...route,
      sessionId: 's'.repeat(40),
      orderId: 'o'.repeat(40),
      callerRole: 'restaurant',
      callee: '+123456789012345',
      expiresAt: 253_402_300_799,
    });
    expect(longest.length).toBeLessThan(400);
  });
});

describe('formatPoolRoute', () => {
  it('refuses a bad route with an error naming the field', () => {
    expect(() => formatPoolRoute({ ...route, callee: '+49 30 123' })).toThrow(StoredJsonError);
    expect(() => formatPoolRoute({ ...route, callee: '+49 30 123' })).toThrow(/field "callee"/);
  });
});

describe('isPoolRouteLive', () => {
  it('is live strictly before expiresAt', () => {
    expect(isPoolRouteLive(route, route.expiresAt - 1)).toBe(true);
    expect(isPoolRouteLive(route, route.expiresAt)).toBe(false);
  });
});
