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
 *
 * This file holds the session's state and lifecycle; running its code and delivering events is
 * scenario-runner.ts's, requests to its access URL are access-requests.ts's.
 */
import type { ScheduledTask } from '../../clock';
import { HTTP_DRAIN_ON_TERMINATE_MS, IDLE_SESSION_MS } from '../constants';
import type { DispatchSlot, FacadeInstalled } from '../globals/bridge';
import type { ContextRealm } from '../globals/realm';
import { installGlobals } from '../globals/install';
import { APP_EVENTS } from '../globals/enums';
import type { TraceFields, TraceKind } from '../trace/schema';
import type {
  ApplicationContext,
  FinishReason,
  InboundCallSpec,
  ScenarioSource,
  SessionHttpAnswer,
  SessionHttpRequest,
  SessionLinks,
  SessionRecord,
} from '../types';
import type { CallLeg } from '../calls/leg';
import { createInboundLeg } from '../calls/inbound';
import type { HttpClient } from '../globals/net';
import type { TimerTable } from '../globals/timers';
import { ListenerRegistry } from './listeners';
import { buildSessionRecord, type LegOutcome, type RecordingOutcome } from './record';
import type { EmulatorServices } from './services';
import { describeError } from './describe';
import { AccessRequests } from './access-requests';
import { ScenarioRunner } from './scenario-runner';
import { defaultSessionLinks } from './session-links';

export { defaultSessionLinks } from './session-links';

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
  /** Cuts the context off from this session's host objects (globals/install.ts); set by start(). */
  private releaseGlobals: (() => void) | undefined;
  private readonly notes = new Set<string>();
  private readonly runner = new ScenarioRunner(this);
  private readonly access = new AccessRequests(this);
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

  // ---- running scenario code (scenario-runner.ts) ----

  /** Runs one scenario callback through the trampoline; see ScenarioRunner.invoke. */
  invoke(fn: unknown, args: unknown[], label: string, awaitResult = false): unknown {
    return this.runner.invoke(fn, args, label, awaitResult);
  }

  /** The trampoline's view of the queued callback. */
  takeSlot(): DispatchSlot {
    return this.runner.takeSlot();
  }

  /** Called by the emulator when the watchdog stopped a callback of this session. */
  callbackTimedOut(): void {
    this.services.current = undefined;
    if (this.state === 'pending') {
      this.forceEnd('the 1 s watchdog stopped the session while it was starting');
      return;
    }
    this.fail(new Error('a callback ran longer than 1000 ms of wall time (the per-callback limit)'), 'watchdog');
    this.trace('limit', {
      limit: 'callbackTime',
      detail: 'a callback exceeded 1 s of execution time; the session ends (voxengine limits)',
    });
  }

  // ---- events ----

  /** Delivers an AppEvents event to the VoxEngine listeners; see ScenarioRunner.emitApp. */
  emitApp(name: string, fields: Record<string, unknown>, awaitResult = false): unknown {
    return this.runner.emitApp(name, fields, awaitResult);
  }

  /** Delivers a CallEvents event to a call's listeners; see ScenarioRunner.emitCall. */
  emitCall(leg: CallLeg, name: string, fields: Record<string, unknown>): void {
    this.runner.emitCall(leg, name, fields);
  }

  /** A request to the session's access URL; see AccessRequests.request (access-requests.ts). Never rejects. */
  httpRequest(request: SessionHttpRequest): Promise<SessionHttpAnswer> {
    return this.access.request(request);
  }

  /** HostBridge.settled: a Promise a listener returned (DispatchSlot.awaitResult) has settled, inside a callback of this session. */
  promiseSettled(promise: object, ok: boolean, value: unknown): void {
    this.access.settled(promise, ok, value);
  }

  /** Runs `run` now, or right after the Started event when the session has not started yet. */
  onceStarted(run: () => void): void {
    if (this.state === 'pending') this.afterStarted.push(run);
    else run();
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
    this.runner.attach(installed.context);
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
    if (!this.runner.runScenarios(this.scenarios)) return;
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
    this.note(
      'sessionLinks',
      "AppEvents.Started's accessURL, accessSecureURL and logURL are shaped like the platform's but nothing serves them outside the sandbox; deliver access-URL requests with emulator.deliverHttpRequest() [I]",
    );
    return defaultSessionLinks(this.id);
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
    this.runner.detach();
    // The dead context no longer reaches this session's host objects (globals/install.ts `release`).
    this.releaseGlobals?.();
    this.releaseGlobals = undefined;
    this.settle(this.finishReason, this.systemError);
  }

  /** The one way a session ends: state 'ended', the session.end trace record, its record handed on. */
  private settle(finishReason: FinishReason, systemError: boolean): void {
    this.state = 'ended';
    this.access.endAll();
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
