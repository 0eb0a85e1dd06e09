/**
 * Issue 10 docs/platform.md#call-methods: result delivery is a deadline-driven sequence (docs/scenario.md, Delivery and signature).
 * Whatever fails or hangs (the webhook, the dead-letter write), the result is delivered, dead-lettered
 * as a signed envelope, or written to the session log as the signed dead letter, before the session
 * ends, and the session ends by the scenario's own terminate() inside the platform's 60 s no-calls
 * window. Runs the compiled bundle in the emulator with faults injected into Net and ApplicationStorage.
 */
import type { CallResult } from '../../../contract/call-result';
import { fromLogLetters, parseDeadLetter } from '../../../contract/result-delivery';
import { verifySignedDeadLetter } from '../../../src/backend/results';
import type { FaultSpec, HttpRequestInfo, HttpResponseSpec, StorageFault, TraceRecord } from '../../../src/sandbox/runtime';
import { checkInvariants, COURIER, CUSTOMER, order, RunOutcome, runScenario, ScenarioBuilds, SECRET, VIRTUAL_A } from '../support/harness';

const builds = new ScenarioBuilds();
const ORDERS = { '12345': order() };
/** Ten hours of virtual time: "never" for a session. */
const NEVER_MS = 10 * 3600 * 1000;
const LOGGED_VALUE = /^voxmask result_logged value="([a-p]*)"$/;

/** One place the result was kept, verified like the drain verifies a dead letter; `atMs` is when it got there. */
interface Kept {
  place: 'webhook' | 'deadletter' | 'log';
  result: CallResult;
  atMs: number;
}

function verified(value: string, nowMs: number): CallResult {
  const letter = parseDeadLetter(value);
  if (!letter.headers) throw new Error(`not a signed envelope: ${value.slice(0, 80)}`);
  return verifySignedDeadLetter({ headers: letter.headers, body: letter.body }, { secret: SECRET, nowMs });
}

/** Every place the run's only session kept its result, each verified with the HMAC secret. */
function keptResults(run: RunOutcome): Kept[] {
  const sessionId = run.sessions[0].sessionId;
  const nowMs = run.emulator.now();
  const records = run.emulator.trace.records.filter((r) => r.sessionId === sessionId);
  // The n-th request the session made is the n-th the webhook saw (one session per run).
  const requestIds = records.filter((r) => r.kind === 'http' && r.phase === 'request').map((r) => r.requestId);
  const kept: Kept[] = [];
  for (const r of records) {
    if (r.kind === 'log') {
      const match = LOGGED_VALUE.exec(String(r.line));
      if (match) kept.push({ place: 'log', result: verified(fromLogLetters(match[1]), nowMs), atMs: r.atMs });
    }
    if (r.kind === 'storage' && r.op === 'put' && r.ok === true && String(r.key).startsWith('deadletter:')) {
      const stored = run.storage.get(String(r.key));
      if (stored) kept.push({ place: 'deadletter', result: verified(stored.value, nowMs), atMs: r.atMs });
    }
    if (r.kind === 'http' && r.phase === 'response' && typeof r.code === 'number' && r.code >= 200 && r.code < 300) {
      const post = run.posts[requestIds.indexOf(r.requestId)];
      kept.push({ place: 'webhook', result: JSON.parse(post.req.body) as CallResult, atMs: r.atMs });
    }
  }
  return kept;
}

function eventAt(records: readonly TraceRecord[], name: string): number {
  const found = records.find((r) => r.kind === 'event' && r.name === name);
  if (!found) throw new Error(`no ${name} event`);
  return found.atMs;
}

/** A connected call (the customer hangs up after 10 s), with `faults` and the webhook's answers. */
async function connectedCall(options: {
  faults?: FaultSpec;
  config?: Record<string, unknown>;
  webhook?: (req: HttpRequestInfo, n: number) => HttpResponseSpec;
}) {
  const run = await runScenario(builds, {
    orders: ORDERS,
    ...options,
    calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 120 }] }],
    phones: { [CUSTOMER]: { answer: { afterS: 2, actions: [{ waitS: 10 }, { hangup: true }] } } },
  });
  const records = run.emulator.trace.records.filter((r) => r.sessionId === run.sessions[0].sessionId);
  const lastCallEndedMs = Math.max(...records.filter((r) => r.kind === 'event' && r.name === 'Call.Disconnected').map((r) => r.atMs));
  return {
    run,
    kept: keptResults(run),
    terminatingAtMs: eventAt(records, 'Application.Terminating'),
    lastCallEndedMs,
    problems: otherProblems(run),
  };
}

/**
 * The harness's invariants except its count of results: it reads a dead letter as bare result JSON and
 * counts a POST by the answer it was given before the POST completed, so keptResults above does that
 * count here (exactly one verified place, by the trace).
 */
function otherProblems(run: RunOutcome): string[] {
  return checkInvariants(run, ORDERS).filter((p) => !/dead letter breaks the schema|results delivered or dead-lettered/.test(p));
}

const slowDeadLetter = (delayMs: number): StorageFault => ({ op: 'put', kind: 'slow', delayMs, keyPrefix: 'deadletter:' });

describe('result delivery runs against the session deadline', () => {
  it.each([
    ['35 s', 35_000],
    ['70 s', 70_000],
    ['never', NEVER_MS],
  ])(
    'webhook timing out, dead-letter write taking %s: the signed result is kept before the session ends, which ends by terminate',
    async (_label, delayMs) => {
      const { run, kept, terminatingAtMs, lastCallEndedMs, problems } = await connectedCall({
        faults: { http: [{ kind: 'timeout' }], storage: [slowDeadLetter(delayMs)] },
      });
      expect(run.sessions[0].finishReason).toBe('Normal termination');
      expect(terminatingAtMs - lastCallEndedMs).toBeLessThan(60_000);
      const before = kept.filter((k) => k.atMs <= terminatingAtMs);
      expect(before.map((k) => k.place)).toEqual(['log']);
      expect(before[0].result).toMatchObject({ sessionId: run.sessions[0].sessionId, outcome: 'connected' });
      expect(problems).toEqual([]);
      // A put that lands after all holds the same result.
      for (const late of kept) expect(late.result.resultId).toBe(before[0].result.resultId);
    },
  );

  it('webhook hanging on every POST: each POST is cut short, the result is dead-lettered signed and the session ends by terminate', async () => {
    const { run, kept, terminatingAtMs, lastCallEndedMs, problems } = await connectedCall({
      config: { results: { attempts: 4, requestTimeoutS: 10, backoffS: 1 } },
      webhook: () => ({ status: 200, delayMs: NEVER_MS }),
    });
    expect(run.sessions[0].finishReason).toBe('Normal termination');
    expect(terminatingAtMs - lastCallEndedMs).toBeLessThan(60_000);
    expect(kept.map((k) => k.place)).toEqual(['deadletter']);
    expect(problems).toEqual([]);
  });

  it('the longest allowed retry policy and a slow dead-letter write: POSTs stop early enough for the write to land', async () => {
    // 4 × 10 s + 1 + 2 + 4 s = 47 s of POSTs, allowed by the build; a 9 s write would end at 56 s unbounded.
    const { run, kept, terminatingAtMs, lastCallEndedMs, problems } = await connectedCall({
      config: { results: { attempts: 4, requestTimeoutS: 10, backoffS: 1 } },
      faults: { http: [{ kind: 'timeout' }], storage: [slowDeadLetter(9_000)] },
    });
    expect(run.sessions[0].finishReason).toBe('Normal termination');
    expect(terminatingAtMs - lastCallEndedMs).toBeLessThan(60_000);
    expect(kept.map((k) => k.place)).toEqual(['deadletter']);
    expect(problems).toEqual([]);
  });

  it('an unreachable webhook: the dead letter is the signed envelope and verifies', async () => {
    const { kept, problems } = await connectedCall({ faults: { http: [{ kind: 'connectionRefused' }] } });
    expect(kept.map((k) => k.place)).toEqual(['deadletter']);
    expect(problems).toEqual([]);
  });
});
