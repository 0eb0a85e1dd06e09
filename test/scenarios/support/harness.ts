/**
 * Runs a COMPILED scenario bundle (masked-call by default; pool-call and click-to-call too) in the
 * VoxEngine emulator and checks what every session must satisfy, in every mode. Used by the flow
 * tables and the property tests of test/scenarios/<mode>/.
 */
import fc from 'fast-check';
import { CallMode, CallOutcome, CallResult, deadLetterKey } from '../../../contract/call-result';
import { ORDER_KEY_PREFIX, orderKey } from '../../../contract/order-record';
import { countryCodeOf, samePhone } from '../../../contract/phone';
import { CompiledScenario, compileScenario, linkScenario, MASKED_CALL_ENTRY } from '../../../src/build/bundle';
import { parseDeadLetter } from '../../../contract/result-delivery';
import { validatedBody, verifySignedDeadLetter, verifySignedResult } from '../../../src/backend/results';
import { scenarioConfigSchema } from '../../../src/config/scenario';
import { maskingChecks } from '../../../src/demo/masking-checks';
import { KeyValueStore } from '../../../src/sandbox/kv-store';
import { VoxEngineEmulator } from '../../../src/sandbox/runtime';
import type {
  FarEndBehaviour,
  FaultSpec,
  HeardItem,
  HttpRequestInfo,
  HttpResponseSpec,
  InboundCallSpec,
  SessionHandle,
  SessionHttpAnswer,
  SessionRecord,
} from '../../../src/sandbox/runtime';

// Distinctive numbers: no two share their last seven digits, so a leak is unambiguous.
export const VIRTUAL_A = '+4930500000001';
export const VIRTUAL_B = '+4930500000002';
export const COURIER = '+4915123456781';
export const CUSTOMER = '+4917698765432';
export const RESTAURANT = '+4930777123454';
export const OPERATOR = '+4930888555666';
/** A SIP desk and a Voximplant user as operators (issue 12 §4). */
export const OPERATOR_SIP = 'sip:desk@pbx.example.com';
export const OPERATOR_USER = 'agent1';
/** The virtual number click-to-call sessions show (clickToCall.virtualNumber in CLICK_TO_CALL_CONFIG). */
export const VIRTUAL_C = '+4930500000003';
/** Every operator address: a bridge to one of them is never a leak between orders. */
const OPERATORS = [OPERATOR, OPERATOR_SIP, OPERATOR_USER];
export const STRANGER = '+4916011122233';
export const COURIER_2 = '+4915199887766';
export const CUSTOMER_2 = '+4917611223344';
export const SECRET_NAME = 'voxmask-webhook-secret';
export const SECRET = 'test-hmac-secret';
export const WEBHOOK = 'https://backend.example/voxmask/results';
export const RINGBACK_URL = 'https://media.example/ringback.mp3';
export const START_MS = Date.parse('2026-01-01T00:00:00Z');

/**
 * fast-check settings of the scenario property tests: `runs` random worlds by default (sized for
 * `npm test`'s two-minute budget), VOXMASK_PROPERTY_SCALE multiplies them (`npm run test:properties`
 * runs 10× more), VOXMASK_PROPERTY_SEED to replay or vary the seed.
 */
export function propertySettings(runs: number): { numRuns: number; seed: number; endOnFailure: true } {
  const scale = Number(process.env.VOXMASK_PROPERTY_SCALE ?? 1);
  return {
    numRuns: Math.max(1, Math.round(runs * scale)),
    seed: Number(process.env.VOXMASK_PROPERTY_SEED ?? 20260101),
    endOnFailure: true,
  };
}

/** Every real number the tests use; none may reach another party or a log line unmasked. */
export const REAL_NUMBERS = [COURIER, CUSTOMER, RESTAURANT, OPERATOR, STRANGER, COURIER_2, CUSTOMER_2];

/**
 * The configuration every run starts from: a webhook to deliver to and a URL ringback, so tests can
 * assert the exact ringback URL heard. The default tone ringback (Call.playProgressTone, heard as
 * `progress-tone:<country>`) is covered by test/e2e/start.test.ts and test/e2e/single-call.test.ts.
 */
export const BASE_CONFIG = {
  dial: { ringback: { type: 'url', url: RINGBACK_URL } },
  results: { webhookUrl: WEBHOOK },
};

/** A standard two-party order. */
export function order(
  orderId = 'A-1042',
  extra: Record<string, unknown> = {},
  parties: unknown[] = [
    { role: 'courier', phone: COURIER },
    { role: 'customer', phone: CUSTOMER },
  ],
): Record<string, unknown> {
  return { version: 1, orderId, parties, ...extra };
}

/** Compiles the scenario once and links configuration variants on demand (cached by configuration). */
export class ScenarioBuilds {
  private compiled: CompiledScenario | null = null;
  private readonly linked = new Map<string, string>();

  /** `entry`: the scenario's entry file (src/build/paths.ts); `name`: its scenario name in the emulator. */
  constructor(
    private readonly entry: string = MASKED_CALL_ENTRY,
    readonly name: string = 'masked-call',
  ) {}

  async code(overrides: Record<string, unknown> = {}): Promise<string> {
    const config = scenarioConfigSchema.parse(deepMerge(BASE_CONFIG, overrides));
    const key = JSON.stringify(config);
    const cached = this.linked.get(key);
    if (cached) return cached;
    this.compiled ??= await compileScenario(this.entry);
    const { code } = await linkScenario(this.compiled, config);
    this.linked.set(key, code);
    return code;
  }
}

export interface RunSpec {
  config?: Record<string, unknown>;
  /** Orders by PIN: a record object (stored as JSON) or a raw stored string. */
  orders?: Record<string, unknown>;
  /** Extra raw ApplicationStorage items. */
  storage?: Record<string, string>;
  calls: InboundCallSpec[];
  /** Sessions started by StartScenarios (click-to-call), with their custom data, at the run's start. */
  starts?: { customData: string }[];
  /**
   * Requests to a started session's access URL (AppEvents.HttpRequest) at `atS` seconds after the
   * start; `start` indexes `starts`. Their answers are in RunOutcome.answers, in this order.
   */
  requests?: { atS: number; start: number; content: string }[];
  phones?: Record<string, FarEndBehaviour>;
  /** Far ends by SIP URI (callSIP) and by Voximplant user name (callUser). */
  sip?: Record<string, FarEndBehaviour>;
  users?: Record<string, FarEndBehaviour>;
  faults?: FaultSpec;
  /** The webhook's answer to its n-th request (0-based); default 200. */
  webhook?: (req: HttpRequestInfo, n: number) => HttpResponseSpec;
  /** Application secrets; default the HMAC secret under SECRET_NAME. */
  secrets?: Record<string, string>;
}

export interface DeliveredResult {
  result: CallResult;
  via: 'webhook' | 'deadletter';
}

export interface RunOutcome {
  emulator: VoxEngineEmulator;
  sessions: SessionRecord[];
  storage: KeyValueStore;
  /** Requests the webhook received, with the status it answered. */
  posts: { req: HttpRequestInfo; status: number }[];
  /** Answers to RunSpec.requests, in their order. */
  answers: SessionHttpAnswer[];
  /** The virtual numbers of the run: those dialed, and clickToCall.virtualNumber. */
  virtualNumbers: string[];
  /** The one result of each session, by session id (filled by checkInvariants). */
  results: Map<number, DeliveredResult[]>;
  /** What `number` heard, rendered as strings: tts text, `url:<url>`, `party:<peer>`, `tone:<digits>`. */
  heard(number: string): string[];
}

export async function runScenario(builds: ScenarioBuilds, spec: RunSpec): Promise<RunOutcome> {
  const code = await builds.code(spec.config);
  const posts: RunOutcome['posts'] = [];
  const emulator = new VoxEngineEmulator({
    startTime: START_MS,
    http: (req) => {
      const answer = spec.webhook ? spec.webhook(req, posts.length) : { status: 200 };
      posts.push({ req, status: answer.networkError !== undefined ? answer.networkError : (answer.status ?? 200) });
      return answer;
    },
    phones: spec.phones,
    sip: spec.sip,
    users: spec.users,
    faults: spec.faults,
  });
  const storage = new KeyValueStore(() => emulator.now());
  for (const [pin, record] of Object.entries(spec.orders ?? {})) {
    storage.put(orderKey(pin), typeof record === 'string' ? record : JSON.stringify(record), 86_400);
  }
  for (const [key, value] of Object.entries(spec.storage ?? {})) storage.put(key, value, 86_400);
  const app = { id: 7, name: 'voxmask', storage, secrets: spec.secrets ?? { [SECRET_NAME]: SECRET } };
  const scenarios = [{ name: builds.name, code }];
  const handles: SessionHandle[] = spec.calls.map((call) => emulator.startInboundCall(app, scenarios, call));
  const started = (spec.starts ?? []).map((start) => emulator.startSession(app, scenarios, { customData: start.customData }));
  const answers: SessionHttpAnswer[] = [];
  for (const request of [...(spec.requests ?? [])].sort((a, b) => a.atS - b.atS)) {
    await emulator.advanceTo(START_MS + request.atS * 1000);
    const answer = emulator.deliverHttpRequest(started[request.start].id, {
      method: 'POST',
      path: '/',
      content: request.content,
      headers: {},
    });
    await emulator.runDue();
    answers.push(await answer);
  }
  await emulator.runUntilIdle({ maxVirtualS: 4 * 3600 });
  const sessions = await Promise.all([...handles, ...started].map((h) => h.done));
  const config = scenarioConfigSchema.parse(deepMerge(BASE_CONFIG, spec.config ?? {}));
  const dialed = sessions.flatMap((s) => s.calls.filter((c) => c.incoming).map((c) => c.localNumber));
  return {
    emulator,
    sessions,
    storage,
    posts,
    answers,
    virtualNumbers: [...new Set([...dialed, ...(config.clickToCall.virtualNumber ? [config.clickToCall.virtualNumber] : [])])],
    results: new Map(),
    heard: (number) => emulator.trace.heardBy(number).map(render),
  };
}

function render(item: HeardItem): string {
  if (item.kind === 'tts') return item.text;
  if (item.kind === 'url') return `url:${item.url}`;
  if (item.kind === 'party') return `party:${item.peer}`;
  return `tone:${item.digits}`;
}

/**
 * The rules every run must satisfy, whatever the flow: returns a list of violations (empty = fine)
 * and fills run.results.
 * - every session ended by terminate (Normal termination);
 * - exactly one result per session, delivered (2xx, signature valid) or dead-lettered, schema-valid;
 * - the demo's privacy checks (src/demo/masking-checks.ts maskingChecks) hold for every session: every
 *   caller ID shown is a virtual number, no real number in TTS text, a log line or what was sent
 *   toward a far end;
 * - no real number in a webhook request; no PIN (an order's, or any digits a caller pressed) in a log
 *   line; Logger.hideTones(true) ran before the first DTMF tone reached the session;
 * - a party is only ever bridged to another party of the same order (or of one of `options.pairs`,
 *   the parties of pool sessions), or to the operator.
 */
export function checkInvariants(run: RunOutcome, orders: Record<string, unknown> = {}, options: { pairs?: string[][] } = {}): string[] {
  const problems: string[] = [];
  const virtualNumbers = new Set(run.virtualNumbers);
  for (const s of run.sessions) {
    if (s.finishReason !== 'Normal termination') problems.push(`session ${s.sessionId} ended with ${s.finishReason}`);
    run.results.set(s.sessionId, []);
  }
  for (const { req, status } of run.posts) {
    if (status < 200 || status >= 300) continue;
    let result: CallResult;
    try {
      result = verifySignedResult(
        { headers: req.headers, body: req.body },
        { secret: SECRET, nowMs: Date.parse(JSON.parse(req.body).endedAt) + 60_000 },
      );
    } catch (err) {
      problems.push(`session ${req.sessionId}: delivered result does not verify: ${(err as Error).message}`);
      continue;
    }
    run.results.get(result.sessionId)?.push({ result, via: 'webhook' });
  }
  for (const s of run.sessions) {
    const dead = run.storage.get(deadLetterKey(s.sessionId));
    if (dead) {
      // A signed envelope when the session had the secret (verified like the drain does), else the bare result.
      const letter = parseDeadLetter(dead.value);
      if (letter.headers) {
        try {
          run.results.get(s.sessionId)?.push({
            result: verifySignedDeadLetter({ headers: letter.headers, body: letter.body }, { secret: SECRET, nowMs: run.emulator.now() }),
            via: 'deadletter',
          });
        } catch (err) {
          problems.push(`session ${s.sessionId}: dead letter does not verify: ${(err as Error).message}`);
        }
      } else {
        // Checked against schemas/call-result.schema.json by the backend's own validator (one compile per file).
        try {
          run.results.get(s.sessionId)?.push({ result: validatedBody(letter.body), via: 'deadletter' });
        } catch (err) {
          problems.push(`session ${s.sessionId}: dead letter breaks the schema: ${(err as Error).message}`);
        }
      }
    }
    const count = run.results.get(s.sessionId)?.length ?? 0;
    if (count !== 1) problems.push(`session ${s.sessionId}: ${count} results delivered or dead-lettered, expected exactly 1`);
  }
  // TTS, caller IDs, log lines and SIP signalling: the demo's privacy checks, session by session. The
  // virtual numbers count as far ends too, so a call the scenario placed to one of them is checked as well.
  const farEnds = [...REAL_NUMBERS, ...virtualNumbers];
  for (const s of run.sessions) {
    const checks = maskingChecks({
      trace: run.emulator.trace,
      sessionId: s.sessionId,
      virtualNumbers: [...virtualNumbers],
      farEnds,
      realNumbers: REAL_NUMBERS,
    });
    for (const c of checks) if (!c.passed) problems.push(`session ${s.sessionId}: masking check "${c.name}" failed: ${c.detail}`);
  }
  const records = run.emulator.trace.records;
  // PINs: those of the orders and every digit run a caller pressed (wrong PINs must stay out of logs too).
  const pressed = records.filter((r) => r.kind === 'party' && r.action === 'press').map((r) => String(r.digits).replace(/[^0-9]/g, ''));
  const pins = [...new Set([...Object.keys(orders), ...pressed.filter((d) => d.length >= 4)])];
  for (const line of run.emulator.trace.logLines()) {
    for (const pin of pins)
      if (new RegExp(`(^|[^0-9])${pin}([^0-9]|$)`).test(line)) problems.push(`log line carries the PIN ${pin}: ${line}`);
  }
  const leaks = (text: string) => REAL_NUMBERS.filter((n) => text.includes(n.slice(-7)));
  for (const { req } of run.posts) {
    const leaked = leaks(`${req.body} ${JSON.stringify(req.headers)}`);
    if (leaked.length) problems.push(`webhook request carries ${leaked.join(', ')}`);
  }
  // DTMF is hidden from the platform's own log before the first digit reaches the session.
  for (const s of run.sessions) {
    const mine = records.filter((r) => r.sessionId === s.sessionId);
    const hidden = mine.findIndex((r) => r.kind === 'api' && r.name === 'Logger.hideTones' && r.args === 'true');
    const firstTone = mine.findIndex((r) => r.kind === 'event' && r.name === 'Call.ToneReceived');
    if (firstTone >= 0 && (hidden < 0 || hidden > firstTone))
      problems.push(`session ${s.sessionId}: a DTMF tone arrived before Logger.hideTones(true)`);
  }
  // Caller IDs in national form are German here: every virtual number of the tests is +49.
  const national = countryCodeOf(VIRTUAL_A);
  const groups = [
    ...Object.values(orders).map((o) =>
      typeof o === 'object' && o !== null ? ((o as { parties?: { phone: string }[] }).parties ?? []).map((p) => p.phone) : [],
    ),
    ...(options.pairs ?? []),
  ];
  const sameOrder = (a: string, b: string) =>
    groups.some((phones) => phones.some((p) => samePhone(p, a, national)) && phones.some((p) => samePhone(p, b, national)));
  for (const number of REAL_NUMBERS) {
    for (const item of run.emulator.trace.heardBy(number)) {
      if (item.kind !== 'party' || OPERATORS.includes(item.peer) || number === OPERATOR) continue;
      if (!sameOrder(number, item.peer)) problems.push(`${number} was bridged to ${item.peer}, who is not on the same order`);
    }
  }
  return problems;
}

/** One PIN guess the scenario evaluated: an ApplicationStorage read of `order:<pin>` that completed. */
export interface EvaluatedGuess {
  sessionId: number;
  /** Virtual time of the read, ms since the epoch. */
  atMs: number;
  pin: string;
}

/**
 * Every PIN guess the scenario looked up, from the emulator's trace (not from the scenario's own
 * counters): a guess is evaluated exactly when its `order:<pin>` read ran.
 */
export function evaluatedGuesses(run: RunOutcome): EvaluatedGuess[] {
  return run.emulator.trace.records
    .filter(
      (r) => r.kind === 'storage' && r.op === 'get' && r.ok === true && typeof r.key === 'string' && r.key.startsWith(ORDER_KEY_PREFIX),
    )
    .map((r) => ({ sessionId: r.sessionId as number, atMs: r.atMs, pin: (r.key as string).slice(ORDER_KEY_PREFIX.length) }));
}

/**
 * The largest number of `atMs` values (ms) that fall within one window of `windowS` seconds, over every
 * window position: the quantity the lockout bound limits.
 */
export function mostWithinWindow(atMs: number[], windowS: number): number {
  const sorted = [...atMs].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j += 1) {
    while (sorted[j] - sorted[i] >= windowS * 1000) i += 1;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/** The single result of the only session of a run (throws when there is not exactly one). */
export function onlyResult(run: RunOutcome): DeliveredResult {
  const all = [...run.results.values()].flat();
  if (run.sessions.length !== 1 || all.length !== 1)
    throw new Error(`expected one session with one result, got ${run.sessions.length} / ${all.length}`);
  return all[0];
}

/** True when `expected` appear in `heard` in this order (each a case-insensitive substring of an item). */
export function heardInOrder(heard: string[], expected: string[]): boolean {
  let i = 0;
  for (const item of heard) {
    if (i < expected.length && item.toLowerCase().includes(expected[i].toLowerCase())) i += 1;
  }
  return i === expected.length;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One random world of a property test, as runScenario and checkInvariants take it. */
export interface RandomWorld {
  spec: RunSpec;
  /** Orders the invariants check against (checkInvariants); default spec.orders. */
  orders?: Record<string, unknown>;
  /** Pool pairs that may be bridged (checkInvariants options.pairs). */
  pairs?: string[][];
}

/**
 * The property every mode shares: `runs` random worlds (propertySettings) through the compiled bundle,
 * each satisfying checkInvariants and, when `mode` is given, every result reporting it. Throws the
 * first counterexample (fast-check); returns the outcomes the sessions reached, so the caller can
 * require its main outcomes to have been covered.
 */
export async function outcomesOfRandomWorlds<W>(
  builds: ScenarioBuilds,
  worlds: fc.Arbitrary<W>,
  runs: number,
  read: (world: W) => RandomWorld,
  mode?: CallMode,
): Promise<Set<CallOutcome>> {
  const outcomes = new Set<CallOutcome>();
  await fc.assert(
    fc.asyncProperty(worlds, async (world) => {
      const { spec, orders = spec.orders, pairs } = read(world);
      const run = await runScenario(builds, spec);
      const problems = checkInvariants(run, orders, { pairs });
      if (problems.length) throw new Error(problems.join('\n'));
      for (const { result } of [...run.results.values()].flat()) {
        if (mode && result.mode !== mode) throw new Error(`session ${result.sessionId} reported mode ${result.mode}`);
        outcomes.add(result.outcome);
      }
    }),
    propertySettings(runs),
  );
  return outcomes;
}
