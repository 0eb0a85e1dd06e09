/**
 * One JS session (docs/platform.md#scenario-loading, docs/platform.md#session-sequences): its own node:vm context, its listeners, call legs,
 * timers and HTTP client, and its lifecycle:
 *
 *   top-level code of each scenario (in order) → Started → CallAlerting (inbound) → … →
 *   [terminate() | uncaught error | 60 s without calls] → Terminating → Terminated.
 *
 * Every scenario callback runs through `invoke`: the dispatch trampoline runs it, the context drains its
 * microtasks, then uncaught exceptions and unhandled rejections end the session with 'JS session error'.
 * Events are always delivered from scheduled tasks, never inside the API call that caused them (docs/platform.md#event-order).
 */
import * as vm from 'node:vm';
import type { ScheduledTask } from '../../clock';
import { HTTP_DRAIN_ON_TERMINATE_MS, IDLE_SESSION_MS, MAX_SCENARIO_CHARS } from '../constants';
import { compileScenario } from '../engine/scripts';
import type { DispatchSlot, FacadeInstalled } from '../globals/bridge';
import type { ContextRealm } from '../globals/realm';
import { installGlobals } from '../globals/install';
import { APP_EVENTS } from '../globals/enums';
import type { TraceFields, TraceKind } from '../trace/schema';
import type { ApplicationContext, FinishReason, InboundCallSpec, ScenarioSource, SessionHttpAnswer, SessionHttpRequest, SessionLinks, SessionRecord } from '../types';
import type { CallLeg } from '../calls/leg';
import { createInboundLeg } from '../calls/inbound';
import type { HttpClient } from '../globals/net';
import type { TimerTable } from '../globals/timers';
import { ListenerRegistry } from './listeners';
import { buildSessionRecord, type LegOutcome, type RecordingOutcome } from './record';
import type { EmulatorServices } from './services';
import { describeError } from './describe';

const DISPATCH_SCRIPT = new vm.Script('__voxmaskDispatch()', { filename: 'voxengine-dispatch.js' });

/**
 * Lifecycle states: 'pending' (scheduled, not started), 'running', 'stopping' (terminate() or an error:
 * calls torn down, waiting for HTTP), 'terminating' (Terminating fired), 'ended' (Terminated fired).
 */
export type SessionState = 'pending' | 'running' | 'stopping' | 'terminating' | 'ended';

/** How the session was started. */
export type SessionTrigger = { kind: 'inbound'; call: InboundCallSpec } | { kind: 'api'; customData: string };

export class Session {
  state: SessionState = 'pending';
  readonly appListeners = new ListenerRegistry();
  readonly legs: CallLeg[] = [];
  readonly legsByFacade = new WeakMap<object, CallLeg>();
  readonly logLines: string[] = [];
  readonly outcomes: LegOutcome[] = [];
  readonly recordings: RecordingOutcome[] = [];
  customData: string;
  callAttempts = 0;
  startMs = 0;
  facade!: FacadeInstalled;
  realm!: ContextRealm;
  timers!: TimerTable;
  http!: HttpClient;
  incoming: CallLeg | undefined;
  private ctx: vm.Context | undefined;
  /** Cuts the context off from this session's host objects (globals/install.ts); set by start(). */
  private releaseGlobals: (() => void) | undefined;
  private slot: DispatchSlot | undefined;
  private readonly notes = new Set<string>();
  /** Access-URL requests not yet delivered; answered as not delivered if the session ends first. */
  private readonly httpWaiters = new Set<(answer: SessionHttpAnswer) => void>();
  /** How awaited Promises of listeners settled before anyone asked (whenSettled), and who waits for the others. */
  private readonly settlements = new WeakMap<object, { ok: boolean; value: unknown }>();
  private readonly settleWaiters = new WeakMap<object, (ok: boolean, value: unknown) => void>();
  /** Deliveries that arrived before the session started; scheduled after its Started event. */
  private readonly afterStarted: (() => void)[] = [];
  /** Tasks scheduled for this session and not run yet; cancelled when it ends so no task keeps the context alive. */
  private readonly tasks = new Set<ScheduledTask>();
  private idleTask: ScheduledTask | undefined;
  private finishReason: FinishReason = 'Normal termination';
  private systemError = false;
  private legSeq = 0;
  private playbackSeq = 0;
  private resolveDone!: (record: SessionRecord) => void;
  readonly done: Promise<SessionRecord>;

  constructor(
    readonly services: EmulatorServices,
    readonly id: number,
    readonly app: ApplicationContext,
    private readonly scenarios: readonly ScenarioSource[],
    readonly trigger: SessionTrigger,
    readonly ruleName: string | undefined,
    /** What AppEvents.Started reports as the session's URLs (default: platform-shaped, unserved). */
    private readonly links: SessionLinks | undefined,
  ) {
    this.customData = trigger.kind === 'api' ? trigger.customData : '';
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  // ---- small services used by the globals and call modules ----

  /** Virtual epoch ms. */
  now(): number {
    return this.services.clock.now();
  }

  /** Adds a trace record for this session. */
  trace<K extends TraceKind>(kind: K, fields: TraceFields<K>): void {
    this.services.trace.add(kind, this.id, fields);
  }

  /** Records an emulator choice the docs leave open, once per session per topic. */
  note(topic: string, text: string): void {
    if (this.notes.has(topic)) return;
    this.notes.add(topic);
    this.trace('note', { topic, text });
  }

  /**
   * Records, once per session per topic, something the scenario did that the emulator cannot reproduce
   * faithfully (a voice or module it lacks, a parameter it ignores): a `warning` trace record.
   */
  warn(topic: string, text: string): void {
    const key = `warning:${topic}`;
    if (this.notes.has(key)) return;
    this.notes.add(key);
    this.trace('warning', { topic, text });
  }

  /** Appends a line to the session log (Logger.write, console.*). */
  log(line: string, source: string): void {
    this.logLines.push(line);
    this.trace('log', { line, source });
  }

  /** A new playback id, unique within the session. */
  nextPlaybackId(): number {
    return ++this.playbackSeq;
  }

  /** A new call id, unique within the emulator (e.g. '3.2' is the second call of session 3). */
  nextCallId(): string {
    return `${this.id}.${++this.legSeq}`;
  }

  /** Whether scenario-facing activity (call events, timers, new calls) still happens. */
  get running(): boolean {
    return this.state === 'running';
  }

  /**
   * Schedules `run` after `delayMs` virtual ms for this session; it is skipped once the session ended.
   * `also`: another set of pending tasks (a call leg's) that the task leaves when it runs.
   */
  schedule(delayMs: number, run: () => void, gate?: Promise<unknown>, also?: Set<ScheduledTask>): ScheduledTask {
    const task = this.services.clock.after(
      delayMs,
      this.id,
      () => {
        this.tasks.delete(task);
        also?.delete(task);
        if (this.state !== 'ended') run();
      },
      gate,
    );
    this.tasks.add(task);
    also?.add(task);
    return task;
  }

  // ---- running scenario code ----

  /**
   * Runs one scenario callback `fn(...args)` through the trampoline (its microtasks drain inside the
   * context) and returns what it returned (a context value; undefined when it threw). A thrown error or
   * an unhandled rejection ends the session. `label` names the callback in the trace (e.g.
   * 'Call.Connected handler'). `awaitResult`: a Promise it returns reports its outcome to
   * promiseSettled (DispatchSlot.awaitResult).
   */
  invoke(fn: unknown, args: unknown[], label: string, awaitResult = false): unknown {
    const ctx = this.ctx;
    if (!ctx || this.state === 'ended') return undefined;
    if (typeof fn !== 'function') {
      this.fail(new TypeError(`${label}: the handler is not a function (got ${typeof fn})`), label);
      return undefined;
    }
    const slot: DispatchSlot = { fn: fn as DispatchSlot['fn'], args, result: undefined, awaitResult };
    this.slot = slot;
    this.services.current = this;
    let result: { error: unknown } | undefined;
    try {
      result = DISPATCH_SCRIPT.runInContext(ctx) as { error: unknown } | undefined;
    } catch (error) {
      result = { error };
    }
    this.services.current = undefined;
    if (result !== undefined) {
      this.fail(result.error, label);
      return undefined;
    }
    this.checkRejections(label);
    return slot.result;
  }

  /** The trampoline's view of the queued callback. */
  takeSlot(): DispatchSlot {
    const slot = this.slot;
    this.slot = undefined;
    if (!slot) throw new Error('voxmask internal: dispatch trampoline called without a queued callback');
    return slot;
  }

  private checkRejections(label: string): void {
    const unhandled = this.services.tracker.takeUnhandled(this.realm.promisePrototype);
    if (unhandled.length > 0) this.fail(unhandled[0].reason, `${label} (unhandled promise rejection)`);
  }

  /** Called by the emulator when the watchdog stopped a callback of this session. */
  callbackTimedOut(): void {
    this.services.current = undefined;
    if (this.state === 'pending') {
      this.forceEnd('the 1 s watchdog stopped the session while it was starting');
      return;
    }
    this.fail(new Error('a callback ran longer than 1000 ms of wall time (the per-callback limit)'), 'watchdog');
    this.trace('limit', { limit: 'callbackTime', detail: 'a callback exceeded 1 s of execution time; the session ends (voxengine limits)' });
  }

  // ---- events ----

  /**
   * Delivers an AppEvents event to the VoxEngine listeners; returns the last value a listener returned
   * that is not undefined (`awaitResult`: see invoke). Only Terminating/Terminated fire once stopping.
   */
  emitApp(name: string, fields: Record<string, unknown>, awaitResult = false): unknown {
    const lifecycle = name === APP_EVENTS.Terminating || name === APP_EVENTS.Terminated;
    if (!lifecycle && !this.running) return undefined;
    this.trace('event', { name, payload: summarize(fields) });
    const handlers = this.appListeners.snapshot(name);
    if (handlers.length === 0) return undefined;
    // HttpRequest's headers are a list of { key, value }, which `event` (one level of copying) would flatten.
    const event = name === APP_EVENTS.HttpRequest ? this.realm.object({ name, ...fields }) : this.realm.event(undefined, name, undefined, fields);
    return this.dispatch(handlers, name, event, lifecycle, awaitResult);
  }

  /** Delivers a CallEvents event to a call's listeners (never after terminate(), docs/platform.md#terminate). */
  emitCall(leg: CallLeg, name: string, fields: Record<string, unknown>): void {
    if (!this.running) return;
    // Call event fields are host-made JSON values (no Call object), so the trace keeps them as they are.
    this.trace('event', { name, callId: leg.id, payload: fields });
    const handlers = leg.listeners.snapshot(name);
    if (handlers.length > 0) this.dispatch(handlers, name, this.realm.event(leg.facade, name, leg.id, fields), false);
  }

  /** Runs the handlers in order while the session may still hear `name`; returns the last result that is not undefined. */
  private dispatch(handlers: readonly unknown[], name: string, event: object, lifecycle: boolean, awaitResult = false): unknown {
    let last: unknown;
    for (const handler of handlers) {
      if (this.state === 'ended' || (!lifecycle && !this.running)) break;
      const result = this.invoke(handler, [event], `${name} handler`, awaitResult);
      if (result !== undefined) last = result;
    }
    return last;
  }

  /**
   * A request to the session's access URL (docs/platform.md#http-request-event): AppEvents.HttpRequest
   * fires in a task at the current virtual time, or right after Started when the session has not
   * started yet (Started is the first event, docs/platform.md#session-events); resolves with the answer
   * once the listeners ran (and the Promise a listener returned has settled), or as not delivered when
   * the session ends first (or has ended). Never rejects.
   */
  httpRequest(request: SessionHttpRequest): Promise<SessionHttpAnswer> {
    return new Promise((resolve) => {
      if (this.state !== 'pending' && !this.running) {
        resolve({ delivered: false, reason: 'the session has ended or is ending' });
        return;
      }
      const answered = (answer: SessionHttpAnswer): void => {
        const { delivered, ...rest } = answer;
        this.trace('access', { method: request.method, path: request.path, delivered, ...rest });
        resolve(answer);
      };
      this.httpWaiters.add(answered);
      const deliver = (): void => {
        this.schedule(0, () =>
          // Still a waiter until answered (an async listener answers later): the session may end first.
          this.deliverHttpRequest(request, (answer) => {
            if (this.httpWaiters.delete(answered)) answered(answer);
          }),
        );
      };
      if (this.state === 'pending') this.afterStarted.push(deliver);
      else deliver();
    });
  }

  /** Fires AppEvents.HttpRequest and calls `finish` with the answer: at once, or once the Promise a listener returned settles. */
  private deliverHttpRequest(request: SessionHttpRequest, finish: (answer: SessionHttpAnswer) => void): void {
    if (!this.running) {
      finish({ delivered: false, reason: 'the session has ended or is ending' });
      return;
    }
    if (this.appListeners.snapshot(APP_EVENTS.HttpRequest).length === 0) {
      this.note('httpRequestNoListener', 'a request to the access URL of a session without an AppEvents.HttpRequest listener is answered 200 with an empty body [I]');
    }
    const headers = Object.entries(request.headers).map(([key, value]) => ({ key, value }));
    const value = this.emitApp(APP_EVENTS.HttpRequest, { method: request.method, path: request.path, content: request.content, headers }, true);
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== this.realm.promisePrototype) {
      finish({ delivered: true, ...this.httpAnswer(value) });
      return;
    }
    // An async listener: answered with what its Promise resolves to; a rejection ends the session as an unhandled one would.
    this.note('httpRequestPromise', 'an AppEvents.HttpRequest listener returned a Promise: the access URL answers with what it resolves to, once it settles (whether the platform waits is undocumented) [I]');
    this.whenSettled(value, (ok, outcome) => {
      if (ok) {
        finish({ delivered: true, ...this.httpAnswer(outcome) });
        return;
      }
      this.fail(outcome, 'AppEvents.HttpRequest handler (rejected promise)');
      finish({ delivered: false, reason: 'the HttpRequest listener failed' });
    });
  }

  /** HostBridge.settled: a Promise a listener returned (DispatchSlot.awaitResult) has settled, inside a callback of this session. */
  promiseSettled(promise: object, ok: boolean, value: unknown): void {
    const waiter = this.settleWaiters.get(promise);
    if (!waiter) {
      this.settlements.set(promise, { ok, value });
      return;
    }
    this.settleWaiters.delete(promise);
    waiter(ok, value);
  }

  /** Calls `then` with how `promise` settled: now, when it settled during the callback that returned it, or when it does. */
  private whenSettled(promise: object, then: (ok: boolean, value: unknown) => void): void {
    const done = this.settlements.get(promise);
    if (!done) {
      this.settleWaiters.set(promise, then);
      return;
    }
    this.settlements.delete(promise);
    then(done.ok, done.value);
  }

  /** The access URL's answer for a listener's return value (docs/platform.md#http-request-event, inferred). */
  private httpAnswer(value: unknown): { contentType: string; body: string } {
    this.note('httpRequestAnswer', "the access URL answers 200 with the HttpRequest listener's return value: a string or number as text, another value as JSON, nothing as an empty body [I]");
    if (value === undefined || value === null) return { contentType: 'text/plain; charset=utf-8', body: '' };
    if (typeof value === 'string' || typeof value === 'number') return { contentType: 'text/plain; charset=utf-8', body: String(value) };
    let body: string | undefined;
    try {
      body = JSON.stringify(value);
    } catch (error) {
      this.trace('error', { where: 'AppEvents.HttpRequest answer', message: `the listener's return value cannot be sent as JSON: ${describeError(error).message}` });
    }
    return { contentType: 'application/json', body: body ?? '' };
  }

  // ---- lifecycle ----

  /** Starts the session at the current virtual time: context, globals, top-level code, then Started. */
  start(): void {
    if (this.state !== 'pending') return;
    this.state = 'running';
    this.startMs = this.now();
    this.trace('session.start', {
      application: this.app.name,
      applicationId: this.app.id,
      ...(this.ruleName !== undefined ? { ruleName: this.ruleName } : {}),
      scenarios: this.scenarios.map((s) => s.name),
      trigger: this.trigger.kind,
    });
    const installed = installGlobals(this);
    this.ctx = installed.context;
    this.releaseGlobals = installed.release;
    this.facade = installed.facade;
    this.realm = installed.realm;
    this.timers = installed.timers;
    this.http = installed.http;
    this.services.tracker.register({
      promisePrototype: this.realm.promisePrototype,
      then: this.facade.then,
      probe: this.facade.probe,
    });
    if (this.trigger.kind === 'inbound') this.incoming = createInboundLeg(this, this.trigger.call);
    if (!this.runScenarios(installed.context)) return;
    this.schedule(0, () => this.emitApp(APP_EVENTS.Started, this.startedPayload()));
    const incoming = this.incoming;
    if (incoming) {
      this.schedule(0, () => {
        if (incoming.state !== 'ALERTING') return;
        this.emitApp(APP_EVENTS.CallAlerting, incoming.alertingPayload());
      });
    } else {
      this.schedule(0, () => this.legsChanged());
    }
    for (const deliver of this.afterStarted.splice(0)) deliver();
  }

  /** AppEvents.Started's payload (docs/platform.md#session-events): the session's links, its account and application. */
  private startedPayload(): Record<string, unknown> {
    const links = this.links ?? this.defaultLinks();
    return { ...links, accountId: this.app.accountId ?? 1, applicationId: this.app.id, sessionId: this.id };
  }

  private defaultLinks(): SessionLinks {
    this.note('sessionLinks', "AppEvents.Started's accessURL, accessSecureURL and logURL are shaped like the platform's but nothing serves them outside the sandbox; deliver access-URL requests with emulator.deliverHttpRequest() [I]");
    return defaultSessionLinks(this.id);
  }

  /** Runs the top-level code of each scenario in order on the shared global scope (docs/platform.md#scenario-loading). */
  private runScenarios(ctx: vm.Context): boolean {
    for (const source of this.scenarios) {
      const where = `top-level code of ${source.name}`;
      if (source.code.length > MAX_SCENARIO_CHARS) {
        this.trace('limit', { limit: 'scenarioSize', detail: `${source.name} has ${source.code.length} characters; at most ${MAX_SCENARIO_CHARS} are allowed` });
        this.fail(new RangeError(`scenario ${source.name} is larger than ${MAX_SCENARIO_CHARS} characters`), where);
        return false;
      }
      const compiled = compileScenario(source.name, source.code);
      if (!compiled.ok) {
        this.fail(compiled.error, `compiling ${source.name}`);
        return false;
      }
      this.services.current = this;
      try {
        compiled.script.runInContext(ctx);
      } catch (error) {
        this.services.current = undefined;
        this.fail(error, where);
        return false;
      }
      this.services.current = undefined;
      this.checkRejections(where);
      if (!this.running) return false;
    }
    return true;
  }

  /** Ends the session because of a scenario error: 'JS session error', Terminating{systemError: true}. */
  fail(error: unknown, where: string): void {
    if (this.state === 'ended' || this.state === 'pending') return;
    const { message, stack } = describeError(error);
    this.trace('error', { where, message, ...(stack ? { stack } : {}) });
    if (this.systemError) return;
    this.systemError = true;
    this.finishReason = 'JS session error';
    this.stop();
  }

  /** VoxEngine.terminate(): ends the session after the current callback (docs/platform.md#terminate). Calling it twice is harmless. */
  terminate(): void {
    this.stop();
  }

  /** Keeps the 60 s idle timer in step with the number of live calls (docs/platform.md#session-idle-end). */
  legsChanged(): void {
    if (!this.running) return;
    const live = this.legs.some((leg) => leg.state !== 'TERMINATED');
    if (live) {
      this.services.clock.cancel(this.idleTask);
      this.idleTask = undefined;
    } else if (!this.idleTask) {
      this.idleTask = this.schedule(IDLE_SESSION_MS, () => {
        this.idleTask = undefined;
        if (!this.running) return;
        this.note('idleFinishReason', "a session ended by the 60 s no-calls timeout is recorded with finishReason 'Timeout' [I]");
        this.finishReason = 'Timeout';
        this.stop();
      });
    }
  }

  private stop(): void {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    this.services.clock.cancel(this.idleTask);
    this.idleTask = undefined;
    this.schedule(0, () => this.tearDown());
  }

  /** Stops timers and calls, drops queued HTTP requests, waits for active ones (≤ 90 s), then Terminating. */
  private tearDown(): void {
    this.timers.clear();
    for (const leg of this.legs) leg.tearDown();
    this.http.dropQueued('the session is terminating');
    this.http.whenIdle(HTTP_DRAIN_ON_TERMINATE_MS, () => this.fireTerminating());
  }

  private fireTerminating(): void {
    if (this.state !== 'stopping') return;
    this.state = 'terminating';
    this.http.allowAfterTerminating(1);
    this.emitApp(APP_EVENTS.Terminating, { systemError: this.systemError });
    this.http.whenIdle(HTTP_DRAIN_ON_TERMINATE_MS, () => this.schedule(0, () => this.fireTerminated()));
  }

  private fireTerminated(): void {
    if (this.state !== 'terminating') return;
    this.http.allowAfterTerminating(0);
    this.emitApp(APP_EVENTS.Terminated, { systemError: this.systemError });
    this.finish();
  }

  private finish(): void {
    this.services.tracker.unregister(this.realm.promisePrototype);
    this.appListeners.clear();
    for (const leg of this.legs) leg.listeners.clear();
    for (const task of this.tasks) this.services.clock.cancel(task);
    this.tasks.clear();
    this.ctx = undefined;
    // The dead context no longer reaches this session's host objects (globals/install.ts `release`).
    this.releaseGlobals?.();
    this.releaseGlobals = undefined;
    this.settle(this.finishReason, this.systemError);
  }

  /** The one way a session ends: state 'ended', the session.end trace record, its record handed on. */
  private settle(finishReason: FinishReason, systemError: boolean): void {
    this.state = 'ended';
    for (const waiter of this.httpWaiters) waiter({ delivered: false, reason: 'the session ended' });
    this.httpWaiters.clear();
    const durationS = Math.round((this.now() - this.startMs) / 1000);
    this.trace('session.end', { finishReason, durationS, systemError });
    const record = buildSessionRecord(this, finishReason, durationS);
    this.services.sessionEnded(record);
    this.resolveDone(record);
  }

  /** Ends a session that is still alive when runUntilIdle reaches its bound ('Timeout'). */
  forceEnd(reason: string): void {
    if (this.state === 'ended') return;
    this.trace('limit', { limit: 'maxVirtualS', detail: reason });
    if (this.state === 'pending') {
      // Never started: no context, listeners or tasks to release; it lasted 0 s.
      this.startMs = this.now();
      this.settle('Timeout', false);
      return;
    }
    this.finishReason = 'Timeout';
    this.stop();
    this.http.dropQueued('runUntilIdle reached its bound');
    this.http.dropActive('runUntilIdle reached its bound');
  }

  /** A new call leg was created: registers it and its facade. */
  addLeg(leg: CallLeg): void {
    this.legs.push(leg);
    this.legsByFacade.set(leg.facade, leg);
    this.legsChanged();
  }
}

/**
 * The links of a session started without any (a call script's run): shaped like the platform's, on its
 * port 12092, served by nobody. The token is not digits, so the trace's number masking leaves it alone.
 */
export function defaultSessionLinks(sessionId: number): SessionLinks {
  const path = `/request/${sessionId}/emulator-session-${sessionId}`;
  return { accessURL: `http://127.0.0.1:12092${path}`, accessSecureURL: `https://127.0.0.1:12092${path}`, logURL: `https://127.0.0.1:12092/logs/session-${sessionId}.log` };
}

/** A JSON-safe summary of an event payload for the trace: drops the Call object, keeps primitives. */
function summarize(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in fields) {
    const v = fields[k];
    if (k === 'call' || v === undefined) continue;
    if (v === null || typeof v !== 'object') out[k] = v;
    else if (!isEmpty(v)) out[k] = JSON.parse(JSON.stringify(v));
  }
  return out;
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}
