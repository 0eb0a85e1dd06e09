/**
 * VoxEngineEmulator: runs VoxEngine scenarios in node:vm contexts on one virtual clock (contract:
 * docs/runtime-api.md; manual: docs/runtime.md). Sessions interleave on the shared scheduler; each
 * scheduler slice runs under one watchdog (engine/watchdog.ts) with promise-rejection tracking
 * (engine/rejections.ts) enabled.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { z } from 'zod';
import { VirtualClock } from '../clock';
import { KeyValueStore } from '../kv-store';
import { DEFAULT_MAX_VIRTUAL_S, DEFAULT_START_TIME, HTTP_DRAIN_ON_TERMINATE_MS } from './constants';
import { RejectionTracker } from './engine/rejections';
import { runWatched, SLICE_MS } from './engine/watchdog';
import { EmulatorUsageError } from './errors';
import { farEndSchema, faultsSchema, firstIssue, inboundCallSchema, sessionHttpRequestSchema } from './script/schema';
import type { ClientType } from './calls/leg';
import type { LiveHooks } from './live/live-parties';
import type { EmulatorServices, FaultState, WatchdogTarget } from './session/services';
import { Session } from './session/session';
import { TraceLog } from './trace/trace';
import type {
  ApplicationContext,
  EmulatorOptions,
  FarEndBehaviour,
  FaultSpec,
  HttpTarget,
  InboundCallSpec,
  ScenarioSource,
  SessionHandle,
  SessionHttpAnswer,
  SessionHttpRequest,
  SessionLinks,
  SessionRecord,
} from './types';

/** Options of startInboundCall and startSession. */
export interface StartOptions {
  /** The rule that started the session (GetCallHistory's rule_name). */
  ruleName?: string;
  /** What AppEvents.Started reports as the session's URLs (default: platform-shaped URLs nothing serves). */
  links?: SessionLinks;
}

/** Most far-end behaviours kept, of every kind together (a long-running sandbox gets new ones with every placed-calls request). */
export const MAX_PHONES = 10_000;

/** The option (and call-script field) that lists far ends of each kind, for messages. */
const FAR_END_FIELD: Record<ClientType, string> = { pstn: 'phones', sip: 'sip', user: 'users' };

/** Default far end: answers after 3 s (docs/runtime-api.md). */
const DEFAULT_PHONE: FarEndBehaviour = { answer: { afterS: 3 } };

function parseWith<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = firstIssue(result.error, field);
  throw new EmulatorUsageError(issue.field, issue.problem);
}

function parseStartTime(value: number | string | undefined): number {
  const ms = value === undefined ? Date.parse(DEFAULT_START_TIME) : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new EmulatorUsageError('options.startTime', `must be epoch ms or an ISO 8601 date, got ${JSON.stringify(value)}`);
  return ms;
}

function armFaults(spec: FaultSpec | undefined): FaultState {
  const faults = spec === undefined ? {} : parseWith(faultsSchema, spec, 'faults');
  return {
    storage: (faults.storage ?? []).map((f) => ({ spec: f, remaining: f.times ?? Number.POSITIVE_INFINITY })),
    http: (faults.http ?? []).map((f) => ({ spec: f, remaining: f.times ?? Number.POSITIVE_INFINITY })),
  };
}

function checkApp(app: ApplicationContext): void {
  if (!app || typeof app !== 'object') throw new EmulatorUsageError('app', 'must be an ApplicationContext { id, name, storage, secrets }');
  if (!Number.isInteger(app.id)) throw new EmulatorUsageError('app.id', 'must be an integer');
  if (typeof app.name !== 'string' || !app.name) throw new EmulatorUsageError('app.name', 'must be a non-empty string');
  if (!(app.storage instanceof KeyValueStore)) throw new EmulatorUsageError('app.storage', 'must be a KeyValueStore');
  if (!app.secrets || typeof app.secrets !== 'object') throw new EmulatorUsageError('app.secrets', 'must be an object of strings');
}

function checkScenarios(scenarios: ScenarioSource[]): void {
  if (!Array.isArray(scenarios) || scenarios.length === 0) throw new EmulatorUsageError('scenarios', 'must list at least one scenario');
  scenarios.forEach((s, i) => {
    if (!s || typeof s.name !== 'string' || !s.name) throw new EmulatorUsageError(`scenarios[${i}].name`, 'must be a non-empty string');
    if (typeof s.code !== 'string') throw new EmulatorUsageError(`scenarios[${i}].code`, 'must be the scenario source text');
  });
}

type SliceOutcome = 'more' | 'drained' | { gate: Promise<unknown> };

export class VoxEngineEmulator {
  readonly trace: TraceLog;
  private readonly clock: VirtualClock;
  /** The emulator's start time, epoch ms: virtual time zero, from which `atS` offsets count. */
  readonly startMs: number;
  private readonly services: EmulatorServices;
  /** Far ends by `<clientType> <address>`, oldest first. */
  private readonly farEnds = new Map<string, FarEndBehaviour>();
  private readonly defaultPhone: FarEndBehaviour;
  private readonly live = new Map<number, Session>();
  private readonly finished: SessionRecord[] = [];
  private sessionSeq = 0;
  /** Owner (session id) of the task running now, for watchdog attribution outside callbacks. */
  private runningOwner = 0;

  /** Throws EmulatorUsageError naming the option when an option is invalid. */
  constructor(options: EmulatorOptions = {}) {
    this.startMs = parseStartTime(options.startTime);
    this.clock = new VirtualClock(this.startMs);
    this.trace = new TraceLog(() => this.clock.now(), this.startMs);
    const http = options.http;
    if (http !== undefined && http !== 'real' && typeof http !== 'function')
      throw new EmulatorUsageError('options.http', "must be a function or 'real'");
    for (const [number, behaviour] of Object.entries(options.phones ?? {})) this.setFarEnd('pstn', number, behaviour);
    for (const [uri, behaviour] of Object.entries(options.sip ?? {})) this.setFarEnd('sip', uri, behaviour);
    for (const [username, behaviour] of Object.entries(options.users ?? {})) this.setFarEnd('user', username, behaviour);
    this.defaultPhone =
      options.defaultPhone === undefined ? DEFAULT_PHONE : parseWith(farEndSchema, options.defaultPhone, 'options.defaultPhone');
    const finished = this.finished;
    const live = this.live;
    const retain = options.retainSessions ?? Number.POSITIVE_INFINITY;
    if (!(retain >= 1) || (retain !== Number.POSITIVE_INFINITY && !Number.isInteger(retain))) {
      throw new EmulatorUsageError('options.retainSessions', `must be a positive integer, got ${String(options.retainSessions)}`);
    }
    // Forgetting in batches (a tenth of the limit at once) keeps the cost per ended session constant.
    const batch = Math.max(1, Math.ceil(retain / 10));
    const trace = this.trace;
    this.services = {
      clock: this.clock,
      trace: this.trace,
      tracker: new RejectionTracker(),
      faults: armFaults(options.faults),
      http: http as HttpTarget | undefined,
      farEndFor: (clientType, address) => this.farEnds.get(`${clientType} ${address}`) ?? this.defaultPhone,
      current: undefined as WatchdogTarget | undefined,
      sessionEnded(record) {
        live.delete(record.sessionId);
        finished.push(record);
        if (finished.length >= retain + batch) {
          const forgotten = finished.splice(0, finished.length - retain);
          trace.forget(new Set(forgotten.map((r) => r.sessionId)));
        }
      },
    };
  }

  /** Virtual epoch ms. */
  now(): number {
    return this.clock.now();
  }

  /**
   * Sets the far-end behaviour of a dialed phone number (compared as given): setFarEnd('pstn', …).
   * Throws EmulatorUsageError for a bad behaviour.
   */
  setPhone(number: string, behaviour: FarEndBehaviour): void {
    this.setFarEnd('pstn', number, behaviour);
  }

  /**
   * Sets how the far end at `address` behaves: a phone number for callPSTN ('pstn'), a SIP URI for
   * callSIP ('sip'), a username for callUser ('user'); addresses are compared as the scenario dials them.
   * Beyond MAX_PHONES far ends the one set longest ago is forgotten. Throws EmulatorUsageError for an
   * unknown kind, an empty address or a bad behaviour (the field is named as in a call script, e.g.
   * `sip["sip:desk@pbx"].answer.afterS`).
   */
  setFarEnd(clientType: ClientType, address: string, behaviour: FarEndBehaviour): void {
    if (!Object.prototype.hasOwnProperty.call(FAR_END_FIELD, clientType))
      throw new EmulatorUsageError('clientType', `must be 'pstn', 'sip' or 'user', got ${JSON.stringify(clientType)}`);
    if (typeof address !== 'string' || !address) throw new EmulatorUsageError('address', 'must be a non-empty string');
    const parsed = parseWith(farEndSchema, behaviour, `${FAR_END_FIELD[clientType]}[${JSON.stringify(address)}]`);
    const key = `${clientType} ${address}`;
    this.farEnds.delete(key); // re-set far ends move to the newest end
    this.farEnds.set(key, parsed);
    if (this.farEnds.size > MAX_PHONES) this.farEnds.delete(this.farEnds.keys().next().value as string);
  }

  /**
   * Lets `live` drive far ends as calls happen (the sandbox's browser phone, live/live-parties.ts):
   * it sees every inbound leg and may claim outbound legs; undefined hands every far end back to its behaviour.
   */
  setLiveHooks(live: LiveHooks | undefined): void {
    this.services.live = live;
  }

  /** Replaces the injected faults (counts start again). */
  setFaults(faults: FaultSpec): void {
    const armed = armFaults(faults);
    this.services.faults.storage = armed.storage;
    this.services.faults.http = armed.http;
  }

  /**
   * A session started by an inbound call: it starts at max(now, startTime + atS). Rule matching is the
   * caller's job. Throws EmulatorUsageError for invalid arguments.
   */
  startInboundCall(app: ApplicationContext, scenarios: ScenarioSource[], call: InboundCallSpec, opts?: StartOptions): SessionHandle {
    checkApp(app);
    checkScenarios(scenarios);
    const spec = parseWith(inboundCallSchema, call, 'call');
    const at = Math.max(this.clock.now(), this.startMs + (spec.atS ?? 0) * 1000);
    return this.createSession(app, scenarios, { kind: 'inbound', call: spec }, opts, at);
  }

  /**
   * A session started by StartScenarios: no call; Started fires; customData() returns `customData`.
   * Throws EmulatorUsageError for invalid arguments.
   */
  startSession(app: ApplicationContext, scenarios: ScenarioSource[], opts?: StartOptions & { customData?: string }): SessionHandle {
    checkApp(app);
    checkScenarios(scenarios);
    const customData = opts?.customData ?? '';
    if (typeof customData !== 'string') throw new EmulatorUsageError('opts.customData', 'must be a string');
    return this.createSession(app, scenarios, { kind: 'api', customData }, opts, this.clock.now());
  }

  private createSession(
    app: ApplicationContext,
    scenarios: ScenarioSource[],
    trigger: Session['trigger'],
    opts: StartOptions | undefined,
    atMs: number,
  ): SessionHandle {
    const links = opts?.links;
    if (links !== undefined) {
      for (const key of ['accessURL', 'accessSecureURL', 'logURL'] as const) {
        if (typeof links[key] !== 'string' || !links[key])
          throw new EmulatorUsageError(`opts.links.${key}`, 'must be a non-empty URL string');
      }
    }
    const id = ++this.sessionSeq;
    const session = new Session(this.services, id, app, scenarios.slice(), trigger, opts?.ruleName, links && { ...links });
    this.live.set(id, session);
    this.clock.schedule(atMs, id, () => session.start());
    return { id, done: session.done };
  }

  /**
   * Delivers a request to the access URL of session `sessionId` (docs/platform.md#http-request-event):
   * AppEvents.HttpRequest fires in a task at the current virtual time, which runs when the clock is driven
   * (runUntilIdle, advanceTo, runDue). Resolves with the answer made of the listeners' return value, or
   * `{ delivered: false }` when the session is unknown, has ended or ends first. Throws
   * EmulatorUsageError for a malformed request.
   */
  deliverHttpRequest(sessionId: number, request: SessionHttpRequest): Promise<SessionHttpAnswer> {
    const parsed = parseWith(sessionHttpRequestSchema, request, 'request');
    const session = this.live.get(sessionId);
    if (!session) return Promise.resolve({ delivered: false, reason: `no live session ${sessionId}` });
    return session.httpRequest(parsed);
  }

  /** Runs every task due at the current virtual time (e.g. a request just delivered), without moving the clock. */
  async runDue(): Promise<void> {
    await this.run(this.clock.now(), false);
  }

  /**
   * Advances virtual time until every session has terminated, at most `maxVirtualS` (default 3 h) of
   * virtual time. Sessions still alive then end with finishReason 'Timeout' (the trace says why).
   */
  async runUntilIdle(opts?: { maxVirtualS?: number }): Promise<void> {
    const maxS = opts?.maxVirtualS ?? DEFAULT_MAX_VIRTUAL_S;
    if (typeof maxS !== 'number' || !(maxS > 0)) throw new EmulatorUsageError('opts.maxVirtualS', 'must be a positive number of seconds');
    const limit = this.clock.now() + maxS * 1000;
    if ((await this.run(limit, true)) === 'idle') return;
    this.clock.advanceTo(limit);
    for (const session of [...this.live.values()]) session.forceEnd(`runUntilIdle reached its bound of ${maxS} s of virtual time`);
    if ((await this.run(limit + HTTP_DRAIN_ON_TERMINATE_MS + 1000, true)) === 'idle') return;
    throw new Error(`voxmask internal: ${this.live.size} session(s) did not end after runUntilIdle's bound`);
  }

  /** Runs everything scheduled up to `epochMs`, then sets the clock there (never backwards). */
  async advanceTo(epochMs: number): Promise<void> {
    if (!Number.isFinite(epochMs)) throw new EmulatorUsageError('epochMs', 'must be a finite epoch-ms number');
    if (epochMs <= this.clock.now()) return;
    await this.run(epochMs, false);
    this.clock.advanceTo(epochMs);
  }

  private liveSession(id: number): Session | undefined {
    return id ? this.live.get(id) : undefined;
  }

  /** Finished sessions so far, in the order they ended (the newest `retainSessions`, and at most a tenth more). */
  sessions(): SessionRecord[] {
    return this.finished.slice();
  }

  /** Runs scheduled work up to `limitMs`: 'idle' when no session is left (if asked), else 'drained'. */
  private async run(limitMs: number, untilNoSessions: boolean): Promise<'idle' | 'drained'> {
    const tracker = this.services.tracker;
    tracker.enable();
    try {
      for (;;) {
        if (untilNoSessions && this.live.size === 0) return 'idle';
        let outcome = 'more' as SliceOutcome;
        const watched = runWatched(() => {
          outcome = this.slice(limitMs, untilNoSessions);
        });
        if (watched.timedOut) {
          tracker.reset();
          this.clock.repair();
          const culprit = this.services.current ?? this.liveSession(this.runningOwner);
          this.services.current = undefined;
          if (culprit) culprit.callbackTimedOut();
          else
            this.trace.add('error', undefined, {
              where: 'watchdog',
              message: 'a scheduler slice exceeded the 1 s watchdog outside any session (the process was stalled?)',
            });
          continue;
        }
        if (outcome === 'drained') return untilNoSessions && this.live.size === 0 ? 'idle' : 'drained';
        if (typeof outcome === 'object') await outcome.gate.then(noop, noop);
        await nextTurn();
      }
    } finally {
      tracker.disable();
    }
  }

  /** Runs due tasks for at most SLICE_MS of wall time (the watchdog's budget assumes it). */
  private slice(limitMs: number, untilNoSessions: boolean): SliceOutcome {
    const deadline = performance.now() + SLICE_MS;
    for (;;) {
      const next = this.clock.takeDue(limitMs);
      if (next === undefined) return 'drained';
      if (!('run' in next)) return next;
      this.runningOwner = next.owner;
      next.run();
      this.runningOwner = 0;
      if (untilNoSessions && this.live.size === 0) return 'more';
      if (performance.now() >= deadline) return 'more';
    }
  }
}

function noop(): void {}
