import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallResult, deadLetterKey } from '../../../contract/call-result';
import { openApplicationStorage } from '../../../src/backend/orders';
import type { KeyValueBackend } from '../../../src/backend/orders/kv-backend';
import { collectDeadLetters, FileReplayStore, ResultReplayGuard, signResultBody } from '../../../src/backend/results';
import { PlatformApi } from '../../../src/platform/api';
import { connectPlatform } from '../../../src/platform/client';
import { ApiHarness, startApi } from '../../sandbox/management-api/harness';
import { TEST_RETRY } from '../../deploy/sandbox-harness';

/** Draining dead letters through the REAL official client against the sandbox's Management API. */
const NOW = Date.parse('2026-05-08T12:00:00Z');
const SECRET = 'dead-letter-secret';
const DAY_MS = 86_400_000;

function resultOf(sessionId: number): CallResult {
  return {
    version: 1,
    resultId: `${sessionId}-7fa5e68c-95e1-4293-b4d7-01c7da40f881`,
    sessionId,
    mode: 'pin',
    virtualNumber: '+493025550100',
    caller: '+49********678',
    orderId: 'A-1042',
    pin: { outcome: 'matched', attempts: 1 },
    callerRole: 'courier',
    calleeRole: 'customer',
    outcome: 'connected',
    operatorReason: null,
    endedBy: 'callee',
    startedAt: '2026-05-01T12:00:00.000Z',
    endedAt: '2026-05-01T12:00:16.205Z',
    durationS: 16.205,
    recordingUrl: null,
    legs: [
      {
        kind: 'inbound',
        number: '+49********678',
        startedAt: '2026-05-01T12:00:00.000Z',
        answeredAt: '2026-05-01T12:00:00.000Z',
        endedAt: '2026-05-01T12:00:16.205Z',
        ringS: 0,
        talkS: 16.205,
        failureCode: null,
        failureReason: null,
      },
    ],
    warnings: [],
  };
}

/** The stored form: the request the webhook would have received (dead-letters.ts). */
function envelope(result: CallResult, signedAtMs: number, secret = SECRET): string {
  const body = JSON.stringify(result);
  return JSON.stringify({ headers: signResultBody(body, secret, Math.floor(signedAtMs / 1000)), body });
}

describe('collectDeadLetters against the sandbox Management API', () => {
  let h: ApiHarness;
  let api: PlatformApi;
  let kv: KeyValueBackend;
  let appId: number;
  let dir: string;
  const storage = () => h.opened.state.storageOf(appId);

  beforeEach(async () => {
    h = await startApi({ clockStart: NOW });
    api = await connectPlatform({ credentialsFile: h.opened.credentialsFile, host: h.host, retry: TEST_RETRY });
    appId = (await api.call('AddApplication', { applicationName: 'voxmask' })).applicationId;
    kv = await openApplicationStorage(api, 'voxmask');
    dir = mkdtempSync(join(tmpdir(), 'voxmask-drain-'));
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies week-old signed dead letters, hands each to the handler, deletes only acknowledged ones, and leaves forged, unsigned and too-old ones', async () => {
    for (let s = 1; s <= 4; s++) storage().put(deadLetterKey(s), envelope(resultOf(s), NOW - 7 * DAY_MS), 7 * 86_400);
    storage().put(deadLetterKey(5), envelope(resultOf(5), NOW - DAY_MS, 'wrong-secret'), 86_400);
    storage().put(deadLetterKey(6), JSON.stringify(resultOf(6)), 86_400);
    storage().put(deadLetterKey(7), envelope(resultOf(7), NOW - 100 * DAY_MS), 86_400);
    storage().put('deadletterX:8', envelope(resultOf(8), NOW), 86_400);
    const handled: number[] = [];
    const report = await collectDeadLetters({
      kv,
      secret: SECRET,
      now: () => NOW,
      handler: (result) => {
        if (result.sessionId === 3) throw new Error('database down');
        handled.push(result.sessionId);
      },
    });
    expect(handled.sort()).toEqual([1, 2, 4]);
    expect(report.handled.sort()).toEqual(['deadletter:1', 'deadletter:2', 'deadletter:4']);
    expect(report.failed).toEqual([{ key: 'deadletter:3', reason: 'database down' }]);
    expect(report.rejected.map((r) => [r.key, r.code])).toEqual([
      ['deadletter:5', 'bad_signature'],
      ['deadletter:6', 'missing_signature'],
      ['deadletter:7', 'stale_timestamp'],
    ]);
    expect(
      storage()
        .list('deadletter')
        .items.map((i) => i.key)
        .sort(),
    ).toEqual(['deadletter:3', 'deadletter:5', 'deadletter:6', 'deadletter:7', 'deadletterX:8']);

    const unsigned: number[] = [];
    const again = await collectDeadLetters({
      kv,
      secret: SECRET,
      now: () => NOW,
      allowUnsigned: true,
      handler: (r, source) => void (source.signed || unsigned.push(r.sessionId)),
    });
    expect(again.handled.sort()).toEqual(['deadletter:3', 'deadletter:6']);
    expect(unsigned).toEqual([6]);
  });

  it('two drains at once hand every dead letter to exactly one handler and delete each once it is acknowledged', async () => {
    const sessions = Array.from({ length: 30 }, (_, i) => 100 + i);
    for (const s of sessions) storage().put(deadLetterKey(s), envelope(resultOf(s), NOW - 2 * DAY_MS), 7 * 86_400);
    const file = join(dir, 'replay.jsonl');
    const seen: number[] = [];
    const deletedBeforeAck: number[] = [];
    const drain = (name: string) =>
      collectDeadLetters({
        kv,
        secret: SECRET,
        now: () => NOW,
        // Each drain has its own store object on the shared file, as two processes would.
        guard: new ResultReplayGuard({ store: new FileReplayStore(file) }),
        handler: async (result) => {
          seen.push(result.sessionId);
          await new Promise((r) => setImmediate(r));
          if (!storage().get(deadLetterKey(result.sessionId))) deletedBeforeAck.push(result.sessionId);
        },
      }).then((report) => ({ name, report }));
    const [a, b] = await Promise.all([drain('a'), drain('b')]);
    expect(seen.sort()).toEqual(sessions);
    expect(deletedBeforeAck).toEqual([]);
    expect([...a.report.handled, ...b.report.handled].sort()).toEqual(sessions.map((s) => deadLetterKey(s)).sort());
    expect([...a.report.failed, ...b.report.failed, ...a.report.rejected, ...b.report.rejected]).toEqual([]);
    expect(storage().list('deadletter:').total).toBe(0);
  });

  it('a dead letter whose result the webhook already accepted is deleted without calling the handler', async () => {
    const guard = new ResultReplayGuard({ store: new FileReplayStore(join(dir, 'replay.jsonl')) });
    expect(guard.admit(resultOf(9).resultId, NOW - 3 * DAY_MS)).toBe('new');
    storage().put(deadLetterKey(9), envelope(resultOf(9), NOW - 3 * DAY_MS), 7 * 86_400);
    const report = await collectDeadLetters({
      kv,
      secret: SECRET,
      guard,
      now: () => NOW,
      handler: () => Promise.reject(new Error('must not be called')),
    });
    expect(report).toMatchObject({ handled: [], duplicates: ['deadletter:9'], failed: [] });
    expect(storage().get(deadLetterKey(9))).toBeNull();
  });

  it('refuses to start with an empty secret', async () => {
    await expect(collectDeadLetters({ kv, secret: ' ', handler: () => undefined })).rejects.toThrow(/^secret: is empty/);
  });
});
