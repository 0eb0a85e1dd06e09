import type { PoolSession } from '../../src/backend/sessions';
import { DemoScriptError, demoScriptSchema } from '../../src/demo/demo-script';
import { poolNumberFor } from '../../src/demo/demo-sessions';

const session: PoolSession = {
  v: 1,
  mode: 'pool',
  sessionId: 'sDemo',
  orderId: 'B-2122',
  createdAt: 0,
  expiresAt: 7200,
  parties: [
    { role: 'courier', phone: '+4917667890106' },
    { role: 'customer', phone: '+4915199887706' },
    { role: 'restaurant', phone: '+493012345601' },
  ],
  pairs: [
    { roles: ['courier', 'customer'], number: '+493025550110' },
    { roles: ['courier', 'restaurant'], number: '+493025550111' },
    { roles: ['customer', 'restaurant'], number: '+493025550112' },
  ],
};
const sessions = new Map([['B-2122', session]]);
const to = (order: string, callee: 'courier' | 'customer' | 'restaurant') => ({ pool: { order, callee } });

describe('the demo script pool calls', () => {
  it('a party dials the number of its pair with the callee', () => {
    expect(poolNumberFor(sessions, to('B-2122', 'courier'), 'restaurant', 'c')).toBe('+493025550111');
    expect(poolNumberFor(sessions, to('B-2122', 'restaurant'), 'customer', 'c')).toBe('+493025550112');
    expect(poolNumberFor(sessions, to('B-2122', 'customer'), 'courier', 'c')).toBe('+493025550110');
  });

  it('names the call and the problem when the script asks for a session or pair that does not exist', () => {
    expect(() => poolNumberFor(sessions, to('B-9999', 'courier'), 'customer', 'late call')).toThrow(
      new DemoScriptError('call "late call": no session was opened for order B-9999 (add it to "sessions")'),
    );
    expect(() => poolNumberFor(sessions, to('B-2122', 'courier'), 'courier', 'self')).toThrow(/has no pair courier <-> courier/);
  });

  it('reads sessions and pool targets, and names a bad field', () => {
    const parsed = demoScriptSchema.parse({
      sessions: [{ order: 'B-2120' }, { order: 'B-2124', close: true }],
      calls: [{ name: 'n', from: '+4915112345678', to: to('B-2120', 'customer'), expect: { outcome: 'connected' } }],
    });
    expect(parsed.sessions).toEqual([
      { order: 'B-2120', close: false },
      { order: 'B-2124', close: true },
    ]);
    const bad = demoScriptSchema.safeParse({
      calls: [{ name: 'n', from: '+4915112345678', to: { pool: { order: 'B-1', callee: 'cook' } }, expect: { outcome: 'connected' } }],
    });
    expect(bad.success).toBe(false);
  });
});
