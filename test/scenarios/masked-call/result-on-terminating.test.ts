/**
 * Issue 10 §3, the cases test/scenarios/masked-call/delivery-deadline.test.ts does not reach: the session ends
 * before delivery has settled, or the idle clock started long before delivery did. "Handed over to
 * delivery" is not "kept": the Terminating handler writes whatever result is not yet kept to the
 * session log (and posts it once), and the delivery deadline counts from the last call's end.
 * The Terminating cases run the compiled bundle in the emulator.
 */
import type { CallResult } from '../../../contract/call-result';
import { deliveryDeadlineMs, lastCallEndedAtMs, requestTimeoutWithinS } from '../../../contract/result-delivery';
import { orderKey } from '../../../contract/order-record';
import { KeyValueStore } from '../../../src/sandbox/kv-store';
import { VoxEngineEmulator } from '../../../src/sandbox/runtime';
import type { FaultSpec, InboundCallSpec, SessionRecord } from '../../../src/sandbox/runtime';
import { COURIER, CUSTOMER, order, ScenarioBuilds, SECRET, SECRET_NAME, START_MS, VIRTUAL_A } from '../support/harness';

const builds = new ScenarioBuilds();
const ORDERS = { '12345': order() };
const LOGGED_PREFIX = 'voxmask result_undelivered result=';
const WEBHOOK_TIMES_OUT: FaultSpec = { http: [{ kind: 'timeout' }] };
const CONNECTED_CALL: InboundCallSpec = {
  from: COURIER,
  to: VIRTUAL_A,
  actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 120 }],
};

interface BoundedRun {
  session: SessionRecord;
  /** The results written to the session log, parsed. */
  logged: CallResult[];
  lines: string[];
  /** HTTP requests the session made. */
  requests: number;
  /** Virtual ms from the start to the end of the last call (Call.Disconnected). */
  lastCallEndedAfterMs: number;
}

/**
 * Runs one connected call (the customer hangs up after `talkS`) with the webhook timing out, and ends
 * the session from outside after `boundS` of virtual time, as a platform error or end would: the
 * harness's runScenario has no such bound, so this builds the same emulator set-up with one.
 */
async function runBounded(boundS: number, talkS = 10): Promise<BoundedRun> {
  const code = await builds.code();
  const emulator = new VoxEngineEmulator({
    startTime: START_MS,
    http: () => ({ status: 200 }),
    phones: { [CUSTOMER]: { answer: { afterS: 2, actions: [{ waitS: talkS }, { hangup: true }] } } },
    faults: WEBHOOK_TIMES_OUT,
  });
  const storage = new KeyValueStore(() => emulator.now());
  for (const [pin, record] of Object.entries(ORDERS)) storage.put(orderKey(pin), JSON.stringify(record), 86_400);
  const app = { id: 7, name: 'voxmask', storage, secrets: { [SECRET_NAME]: SECRET } };
  const handle = emulator.startInboundCall(app, [{ name: 'masked-call', code }], CONNECTED_CALL);
  await emulator.runUntilIdle({ maxVirtualS: boundS });
  const session = await handle.done;
  const lines = emulator.trace.logLines(session.sessionId);
  const disconnects = emulator.trace.records.filter(
    (r) => r.sessionId === session.sessionId && r.kind === 'event' && r.name === 'Call.Disconnected',
  );
  return {
    session,
    lines,
    logged: lines
      .filter((l) => l.startsWith(LOGGED_PREFIX))
      .map((l) => JSON.parse(JSON.parse(l.slice(LOGGED_PREFIX.length)) as string) as CallResult),
    lastCallEndedAfterMs: Math.max(0, ...disconnects.map((r) => r.atMs - START_MS)),
    requests: emulator.trace.records.filter((r) => r.sessionId === session.sessionId && r.kind === 'http' && r.phase === 'request').length,
  };
}

describe('a result not yet kept when the session ends is logged by the Terminating handler', () => {
  it('ended while the result is being posted: the result is logged whole, once', async () => {
    // A full run shows when the calls end; the second run is cut 8 s into delivery (POSTs time out after 5 s).
    const full = await runBounded(3600);
    expect(full.session.finishReason).toBe('Normal termination');
    const cut = await runBounded(Math.ceil(full.lastCallEndedAfterMs / 1000) + 8);
    expect(cut.session.finishReason).toBe('Timeout');
    expect(cut.lines).toContain('voxmask result_on_terminating phase="delivering"');
    expect(cut.logged).toHaveLength(1);
    expect(cut.logged[0]).toMatchObject({ sessionId: cut.session.sessionId, outcome: 'connected' });
  });

  it('ended during the call, before any result was built: the result is built, logged and posted once', async () => {
    const cut = await runBounded(20, 600);
    expect(cut.session.finishReason).toBe('Timeout');
    expect(cut.lines).toContain('voxmask result_on_terminating phase="running"');
    expect(cut.logged).toHaveLength(1);
    expect(cut.logged[0].sessionId).toBe(cut.session.sessionId);
    expect(cut.requests).toBe(1);
  });
});

describe('the delivery deadline counts from the last call, not from the start of delivery', () => {
  const at = (s: number) => new Date(START_MS + s * 1000).toISOString();

  it('the idle clock starts when the last leg ended, never later than now', () => {
    const legs = [{ endedAt: at(30) }, { endedAt: at(12) }];
    expect(lastCallEndedAtMs(legs, START_MS + 40_000)).toBe(START_MS + 30_000);
    // A leg not ended yet keeps the session busy until now; a time after now is not believed.
    expect(lastCallEndedAtMs([...legs, { endedAt: null }], START_MS + 40_000)).toBe(START_MS + 40_000);
    expect(lastCallEndedAtMs([{ endedAt: at(50) }], START_MS + 40_000)).toBe(START_MS + 40_000);
  });

  it('delivery settles 5 s before the 60 s idle end, and a POST is cut to the time left or not made', () => {
    expect(deliveryDeadlineMs(START_MS)).toBe(START_MS + 55_000);
    expect(requestTimeoutWithinS(5, 60_000)).toBe(5);
    expect(requestTimeoutWithinS(30, 7_900)).toBe(7);
    expect(requestTimeoutWithinS(5, 999)).toBe(0);
    expect(requestTimeoutWithinS(5, -3_000)).toBe(0);
  });
});
