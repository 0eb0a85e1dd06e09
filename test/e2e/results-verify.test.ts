import resultSchema from '../../schemas/call-result.schema.json';
import {
  CALL_MODES,
  CALL_OUTCOMES,
  CallResult,
  ENDED_BY,
  LEG_KINDS,
  OPERATOR_REASONS,
  PIN_OUTCOMES,
  WARNING_CODES,
} from '../../contract/call-result';
import {
  DEFAULT_REPLAY_RETENTION_S,
  MemoryReplayStore,
  ResultRejectedError,
  ResultReplayGuard,
  ResultVerifierOptionError,
  signResultBody,
  verifySignedDeadLetter,
  verifySignedResult,
} from '../../src/backend/results';

const NOW_MS = Date.parse('2026-01-01T00:10:00Z');
const SECRET = 'topsecret';

const result: CallResult = {
  version: 1,
  resultId: '42-7fa5e68c-95e1-4293-b4d7-01c7da40f881',
  sessionId: 42,
  mode: 'pin',
  virtualNumber: '+4930000000000',
  caller: '+49********678',
  orderId: 'A-1042',
  pin: { outcome: 'matched', attempts: 1 },
  callerRole: 'courier',
  calleeRole: 'customer',
  outcome: 'connected',
  operatorReason: null,
  endedBy: 'callee',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:00:16.205Z',
  durationS: 16.205,
  recordingUrl: null,
  legs: [
    {
      kind: 'inbound',
      number: '+49********678',
      startedAt: '2026-01-01T00:00:00.000Z',
      answeredAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:16.205Z',
      ringS: 0,
      talkS: 16.205,
      failureCode: null,
      failureReason: null,
    },
  ],
  warnings: [],
};
const body = JSON.stringify(result);
const signedAt = Math.floor(NOW_MS / 1000) - 5;

function rejection(headers: Record<string, string>, text = body, nowMs = NOW_MS): ResultRejectedError {
  try {
    verifySignedResult({ headers, body: text }, { secret: SECRET, nowMs });
  } catch (err) {
    if (err instanceof ResultRejectedError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('verifySignedResult', () => {
  it('accepts a correctly signed result, header names in any case', () => {
    const headers = Object.fromEntries(Object.entries(signResultBody(body, SECRET, signedAt)).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifySignedResult({ headers, body }, { secret: SECRET, nowMs: NOW_MS })).toEqual(result);
  });

  it('rejects a tampered body, a wrong secret and a malformed signature with 401', () => {
    const headers = signResultBody(body, SECRET, signedAt);
    expect(rejection(headers, body.replace('"callee"', '"caller"'))).toMatchObject({ code: 'bad_signature', status: 401 });
    expect(rejection(signResultBody(body, 'other', signedAt))).toMatchObject({ code: 'bad_signature' });
    expect(rejection({ ...headers, 'X-Voxmask-Signature': 'sha256=abc' })).toMatchObject({ code: 'bad_signature' });
  });

  it('rejects missing headers and timestamps outside the replay window', () => {
    const headers = signResultBody(body, SECRET, signedAt);
    expect(rejection({ 'X-Voxmask-Signature': headers['X-Voxmask-Signature'] })).toMatchObject({ code: 'missing_timestamp' });
    expect(rejection({ 'X-Voxmask-Timestamp': headers['X-Voxmask-Timestamp'] })).toMatchObject({ code: 'missing_signature' });
    expect(rejection({ ...headers, 'X-Voxmask-Timestamp': 'yesterday' })).toMatchObject({ code: 'bad_timestamp' });
    expect(rejection(signResultBody(body, SECRET, signedAt - 400))).toMatchObject({ code: 'stale_timestamp' });
  });

  it('rejects a signed body that breaks the schema with 422 naming the field', () => {
    const bad = JSON.stringify({ ...result, outcome: 'teleported' });
    expect(rejection(signResultBody(bad, SECRET, signedAt), bad)).toMatchObject({
      code: 'invalid_body',
      status: 422,
      message: expect.stringContaining('/outcome'),
    });
    const unmasked = JSON.stringify({ ...result, caller: '+4915112345678' });
    expect(rejection(signResultBody(unmasked, SECRET, signedAt), unmasked)).toMatchObject({
      code: 'invalid_body',
      message: expect.stringContaining('/caller'),
    });
  });
});

describe('verifier options', () => {
  const headers = signResultBody(body, SECRET, signedAt);
  const optionError = (options: object) => {
    try {
      verifySignedResult({ headers, body }, options as never);
    } catch (err) {
      return err;
    }
    throw new Error('expected an option error');
  };

  it.each([
    [{ secret: '', nowMs: NOW_MS }, 'secret'],
    [{ secret: '   \t', nowMs: NOW_MS }, 'secret'],
    [{ secret: undefined, nowMs: NOW_MS }, 'secret'],
    [{ secret: SECRET, nowMs: NOW_MS, toleranceS: NaN }, 'toleranceS'],
    [{ secret: SECRET, nowMs: NOW_MS, toleranceS: Infinity }, 'toleranceS'],
    [{ secret: SECRET, nowMs: NOW_MS, toleranceS: -1 }, 'toleranceS'],
    [{ secret: SECRET, nowMs: NOW_MS, toleranceS: '300' }, 'toleranceS'],
    [{ secret: SECRET, nowMs: NaN }, 'nowMs'],
  ])('refuses %p naming %s, before looking at the request', (options, option) => {
    const err = optionError(options);
    expect(err).toBeInstanceOf(ResultVerifierOptionError);
    expect(err).toMatchObject({ option, message: expect.stringMatching(new RegExp(`^${option}: `)) });
  });

  it('an empty secret cannot verify a result signed with an empty secret (nobody can forge with it)', () => {
    const forged = signResultBody.bind(null, body);
    expect(() => forged('', signedAt)).toThrow(ResultVerifierOptionError);
    expect(() => verifySignedResult({ headers, body }, { secret: SECRET, nowMs: NOW_MS, toleranceS: NaN })).toThrow(
      /toleranceS: must be a finite number/,
    );
    expect(() => new ResultReplayGuard({ retentionS: NaN })).toThrow(/retentionS: must be a finite number of seconds > 0/);
    expect(() => new ResultReplayGuard(-5)).toThrow(ResultVerifierOptionError);
  });
});

describe('verifySignedDeadLetter', () => {
  const DAY_S = 86_400;
  it('accepts a days-old signature within maxAgeS, refuses older ones and ones from the future', () => {
    const weekOld = signResultBody(body, SECRET, signedAt - 7 * DAY_S);
    expect(verifySignedDeadLetter({ headers: weekOld, body }, { secret: SECRET, nowMs: NOW_MS })).toEqual(result);
    expect(() => verifySignedDeadLetter({ headers: weekOld, body }, { secret: SECRET, nowMs: NOW_MS, maxAgeS: DAY_S })).toThrow(
      expect.objectContaining({ code: 'stale_timestamp' }),
    );
    expect(() =>
      verifySignedDeadLetter({ headers: signResultBody(body, SECRET, signedAt + 3600), body }, { secret: SECRET, nowMs: NOW_MS }),
    ).toThrow(/in the future/);
    expect(() =>
      verifySignedDeadLetter({ headers: weekOld, body: body.replace('16.205', '99.999') }, { secret: SECRET, nowMs: NOW_MS }),
    ).toThrow(expect.objectContaining({ code: 'bad_signature' }));
    expect(() => verifySignedDeadLetter({ headers: weekOld, body }, { secret: SECRET, nowMs: NOW_MS, maxAgeS: NaN })).toThrow(/maxAgeS: /);
  });
});

describe('ResultReplayGuard', () => {
  it('by default remembers an id as long as a dead letter can live (90 days + 1 h), not 600 s', () => {
    const guard = new ResultReplayGuard();
    expect(guard.retentionS).toBe(DEFAULT_REPLAY_RETENTION_S);
    expect(DEFAULT_REPLAY_RETENTION_S).toBe(90 * 86_400 + 3600);
    expect(guard.admit('a', 0)).toBe('new');
    expect(guard.admit('a', 7 * 86_400_000)).toBe('duplicate');
    expect(guard.admit('a', 90 * 86_400_000)).toBe('duplicate');
    expect(guard.admit('a', (90 * 86_400 + 3601) * 1000)).toBe('new');
  });

  it('claims for a drain: pending blocks others until completed or released; a claim past its lease may be taken over', async () => {
    const guard = new ResultReplayGuard({ store: new MemoryReplayStore(), leaseS: 60 });
    await expect(guard.claim('r', 0)).resolves.toBe('claimed');
    await expect(guard.claim('r', 1000)).resolves.toBe('pending');
    expect(guard.admit('r', 1000)).toBe('duplicate');
    await guard.release('r');
    await expect(guard.claim('r', 2000)).resolves.toBe('claimed');
    await expect(guard.claim('r', 61_000)).resolves.toBe('pending');
    await expect(guard.claim('r', 62_001)).resolves.toBe('claimed');
    await guard.complete('r', 63_000);
    await expect(guard.claim('r', 10_000_000)).resolves.toBe('done');
  });

  it('admit() refuses an asynchronous store instead of answering a Promise', async () => {
    const asyncStore = { claim: async () => 'claimed' as const, settle: async () => undefined, release: async () => undefined };
    const guard = new ResultReplayGuard({ store: asyncStore });
    expect(() => guard.admit('a', 0)).toThrow(/admitAsync/);
    await expect(guard.admitAsync('a', 0)).resolves.toBe('new');
  });

  it('admits a result id once within the window and again after it', () => {
    const guard = new ResultReplayGuard(60_000);
    expect(guard.admit('a', 0)).toBe('new');
    expect(guard.admit('a', 30_000)).toBe('duplicate');
    expect(guard.admit('b', 30_000)).toBe('new');
    expect(guard.admit('a', 90_001)).toBe('new');
  });

  it('forgets only the ids whose window has passed', () => {
    const guard = new ResultReplayGuard(60_000);
    for (const [id, at] of [
      ['a', 0],
      ['b', 10_000],
      ['c', 20_000],
    ] as const)
      expect(guard.admit(id, at)).toBe('new');
    expect(guard.admit('a', 65_000)).toBe('new');
    expect(guard.admit('b', 65_000)).toBe('duplicate');
    expect(guard.admit('c', 75_000)).toBe('duplicate');
    expect(guard.admit('b', 75_000)).toBe('new');
    expect(guard.admit('a', 75_000)).toBe('duplicate');
  });
});

describe('call-result schema', () => {
  it('uses the contract enums', () => {
    expect(resultSchema.properties.mode.enum).toEqual([...CALL_MODES]);
    expect(resultSchema.properties.outcome.enum).toEqual([...CALL_OUTCOMES]);
    expect(resultSchema.properties.pin.properties.outcome.enum).toEqual([...PIN_OUTCOMES]);
    expect(resultSchema.properties.endedBy.enum).toEqual([...ENDED_BY]);
    expect(resultSchema.properties.operatorReason.enum).toEqual([...OPERATOR_REASONS, null]);
    expect(resultSchema.properties.legs.items.properties.kind.enum).toEqual([...LEG_KINDS]);
    expect(resultSchema.properties.warnings.items.enum).toEqual([...WARNING_CODES]);
  });
});
