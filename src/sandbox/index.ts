import { readFileSync } from 'node:fs';
import { KeyValueStore } from './kv-store';
import type { ManagementApiFaults } from './management-api/faults';
import {
  CALLS_MAX_VIRTUAL_S,
  CLOCK_MAX_LEAD_S,
  SandboxCallsRequest,
  SandboxCallsResult,
  SandboxClockAheadError,
} from './management-api/admin-calls';
import type { StartedSession } from './management-api/context';
import type { MediaSessionAnswer, MediaSessionRequest } from './management-api/media-session';
import { ManagementApiServer, RequestLogEntry } from './management-api/server';
import { HTTP_DRAIN_ON_TERMINATE_MS } from './runtime/constants';
import { InboundCallSpec, SessionHandle, VoxEngineEmulator } from './runtime';
import { ApplicationRecord, RuleRecord, ScenarioRecord } from './state/model';
import { InboundRoute, routeInboundCall } from './state/routing';
import { SandboxState } from './state/sandbox-state';
import { OpenedStateDir, openStateDir } from './state/state-dir';
import { ensureSandboxTls, sandboxTlsDir } from './tls';
import { checkSandboxOptions, RETAINED_SESSIONS, SandboxOptions, SandboxOptionsError } from './options';
import { SessionBook } from './sessions';
import { BrowserPhone } from './web';
import { VoxmaskError } from '../errors';

export { ensureSandboxTls, sandboxTlsDir, TLS_CERT_FILE, TlsSetupError } from './tls';
export type { SandboxTlsFiles } from './tls';
export type { ManagementApiFaults } from './management-api/faults';
export type { SandboxCallsRequest, SandboxCallsResult } from './management-api/admin-calls';
export { CALLS_MAX_VIRTUAL_S, CLOCK_MAX_LEAD_S, MAX_CALLS_PER_REQUEST, SandboxClockAheadError } from './management-api/admin-calls';
export { FaultsError } from './management-api/faults';
export type { RequestLogEntry } from './management-api/server';
export { SandboxRoutingError } from './state/routing';
export { SandboxLockedError, SandboxStateError } from './state/state-dir';
export type { SandboxWebOptions } from './web';
export { HISTORY_LIMIT, RETAINED_SESSIONS, SandboxOptionsError } from './options';
export type { SandboxOptions } from './options';
export { ACCESS_URL_WAIT_MS } from './sessions';

/** `storageOf`/`setSecret` named an application the sandbox does not have. */
export class SandboxLookupError extends VoxmaskError {
  override name = 'SandboxLookupError';
  readonly code = 'E_SANDBOX_LOOKUP';
  constructor(readonly application: string | number) {
    super(`the sandbox has no application ${JSON.stringify(application)} (give its id, short name or full name)`);
  }
}

/** Real-time clock pump period, ms. */
const CLOCK_PUMP_MS = 100;

/**
 * The sandbox: one Voximplant account on this machine — the local Management API over HTTPS
 * (src/sandbox/management-api) and the VoxEngine runtime emulator (src/sandbox/runtime) sharing one
 * persistent state (src/sandbox/state): the Management API's key-value methods and the scenarios'
 * ApplicationStorage are the same per-application KeyValueStore, on the emulator's virtual clock;
 * StartScenarios and inbound calls start emulator sessions, which GetCallHistory lists once finished.
 */
export class Sandbox {
  private readonly sessions: SessionBook;
  private pump: NodeJS.Timeout | undefined;
  private pumping = false;
  private closed = false;
  private api!: ManagementApiServer;
  private phone!: BrowserPhone;

  private constructor(
    private readonly opened: OpenedStateDir,
    readonly emulator: VoxEngineEmulator,
    readonly caCertFile: string,
    private readonly onError: (err: Error) => void,
    historyLimit: number,
  ) {
    this.sessions = new SessionBook({
      state: opened.state,
      emulator,
      host: () => this.host,
      historyLimit,
      syncClock: () => this.syncClock(),
      onError,
    });
  }

  /**
   * Opens (or creates) the state folder, ensures the TLS certificate, and starts the Management API on
   * 127.0.0.1. Throws SandboxOptionsError, EmulatorUsageError (bad `runtime` options, e.g. a startTime
   * that is neither epoch ms nor ISO 8601), SandboxLockedError (folder in use), SandboxStateError
   * (a state.db or older state.json that cannot be used), TlsSetupError, or the listen error (e.g. EADDRINUSE).
   */
  static async start(options: SandboxOptions): Promise<Sandbox> {
    const { dir, port, faults, historyLimit } = checkSandboxOptions(options);
    const tls = ensureSandboxTls(options.tlsDir ?? sandboxTlsDir(dir));
    const emulator = new VoxEngineEmulator({
      ...options.runtime,
      startTime: options.runtime?.startTime ?? Date.now(),
      retainSessions: options.runtime?.retainSessions ?? Math.min(RETAINED_SESSIONS, historyLimit),
    });
    const onError = options.onError ?? ((err: Error) => process.emitWarning(err));
    const opened = await openStateDir(dir, {
      reset: options.reset,
      kvNow: () => emulator.now(),
      onWriteError: onError,
      accountKeyPem: options.accountKey,
    });
    const sandbox = new Sandbox(opened, emulator, tls.certFile, onError, historyLimit);
    try {
      sandbox.phone = new BrowserPhone(sandbox, opened.state, () => sandbox.host, options.web ?? {}, onError);
      sandbox.api = await ManagementApiServer.start({
        web: sandbox.phone,
        state: opened.state,
        sessions: { startScenarios: (app, rule, customData) => sandbox.startScenarios(app, rule, customData) },
        runCalls: (request) => sandbox.runCalls(request),
        mediaSessions: (request) => sandbox.mediaSessionRequest(request),
        tls: { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8') },
        port,
        faults,
        onError,
        bodyTimeoutMs: options.bodyTimeoutMs,
      });
    } catch (err) {
      await opened.close();
      throw err;
    }
    if (options.realTime) sandbox.startClockPump();
    return sandbox;
  }

  /** `127.0.0.1:<port>`, for VoximplantApiClient's host parameter. */
  get host(): string {
    return this.api.host;
  }

  /**
   * A new one-time link to the browser phone, `https://127.0.0.1:<port>/web/?t=<letters>`: opening it sets
   * the page's cookie (src/sandbox/web/access.ts). Letters only, so masking printed text leaves it whole.
   */
  webLink(): string {
    return this.phone.link();
  }

  /** The service-account credentials file (control panel format: account_email, account_id, key_id, private_key). */
  get credentialsFile(): string {
    return this.opened.credentialsFile;
  }

  get accountId(): number {
    return this.state.account.accountId;
  }

  /** The state folder (absolute). */
  get dir(): string {
    return this.opened.dir;
  }

  /** The older state.json this start migrated into state.db, if any. */
  get migratedFrom(): string | undefined {
    return this.opened.migratedFrom;
  }

  /** Replaces the injected faults and restarts their request count. Throws FaultsError naming a bad field. */
  setFaults(faults: ManagementApiFaults): void {
    this.api.faults.set(faults);
  }

  /** The faults in force. */
  faults(): ManagementApiFaults {
    return this.api.faults.current;
  }

  /**
   * An inbound PSTN call to `call.to`: number → bound application → the rule the number is bound to, or
   * the first rule whose pattern matches the whole dialed number (and whose exclude pattern does not) →
   * its scenarios in bound order → a new session. Throws SandboxRoutingError naming what is missing.
   *
   * The call arrives at the wall-clock time of this call (or later when the virtual clock is already
   * ahead); `call.atS` counts seconds from then. The virtual clock is moved there with
   * `emulator.advanceTo`, started here and finished by `emulator.runUntilIdle()`, `syncClock()` or the
   * real-time pump. (The emulator starts an inbound session at max(now, its startTime + atS).)
   */
  placeInboundCall(call: InboundCallSpec): SessionHandle {
    const route = routeInboundCall(this.state, call.to);
    const sinceStartS = Math.max(0, Date.now() - this.emulator.startMs) / 1000;
    return this.placeRouted(call, route, sinceStartS + (call.atS ?? 0));
  }

  /**
   * Places inbound calls through the rules, with the given far-end phone behaviours, and runs them to
   * the end in virtual time (`atS` counts from now; no waiting for the wall clock). Every call is routed
   * before any is placed. Used by `POST /_sandbox/calls`, i.e. `voxmask call --sandbox`.
   *
   * The virtual clock is the persistent clock of ApplicationStorage expiry, so a request moves it by at
   * most CALLS_MAX_VIRTUAL_S (+ the 91 s drain of sessions ended at that bound: they end 'Timeout'), and
   * the clock never leads the wall clock by more than CLOCK_MAX_LEAD_S.
   * @throws SandboxRoutingError naming the first number without a route (nothing placed then)
   * @throws SandboxClockAheadError when the clock leads the wall clock too far to take the request (nothing placed)
   */
  async runCalls(request: SandboxCallsRequest): Promise<SandboxCallsResult> {
    const routes = request.calls.map((call) => routeInboundCall(this.state, call.to));
    await this.syncClock();
    const worstAdvanceMs = CALLS_MAX_VIRTUAL_S * 1000 + HTTP_DRAIN_ON_TERMINATE_MS + 1000;
    const leadMs = this.emulator.now() - Date.now();
    if (leadMs + worstAdvanceMs > CLOCK_MAX_LEAD_S * 1000) {
      const retryAfterS = Math.ceil((leadMs + worstAdvanceMs - CLOCK_MAX_LEAD_S * 1000) / 1000);
      throw new SandboxClockAheadError(
        retryAfterS,
        `the sandbox's virtual clock leads the wall clock by ${Math.round(leadMs / 1000)} s after earlier calls; another request could push it past ${CLOCK_MAX_LEAD_S} s ahead (stored items would expire early). Retry in ${retryAfterS} s`,
      );
    }
    for (const [number, behaviour] of Object.entries(request.phones ?? {})) this.emulator.setFarEnd('pstn', number, behaviour);
    for (const [uri, behaviour] of Object.entries(request.sip ?? {})) this.emulator.setFarEnd('sip', uri, behaviour);
    for (const [username, behaviour] of Object.entries(request.users ?? {})) this.emulator.setFarEnd('user', username, behaviour);
    const offsetS = (this.emulator.now() - this.emulator.startMs) / 1000;
    const handles = request.calls.map((call, i) => this.placeRouted(call, routes[i], offsetS + (call.atS ?? 0)));
    await this.emulator.runUntilIdle({ maxVirtualS: CALLS_MAX_VIRTUAL_S });
    const sessions = await Promise.all(handles.map((h) => h.done));
    const ids = new Set(handles.map((h) => h.id));
    return { sessions, timeline: this.emulator.trace.toTimeline({ sessionIds: ids }) };
  }

  /** Advances the virtual clock to at least the wall clock and waits for it. */
  async syncClock(): Promise<void> {
    const wall = Date.now();
    if (this.emulator.now() < wall) await this.emulator.advanceTo(wall);
  }

  /** Starts the inbound session of a routed call arriving `atS` seconds after the emulator's start time (absolute, not from now). */
  private placeRouted(call: InboundCallSpec, route: InboundRoute, atS: number): SessionHandle {
    this.kickClock();
    const opened = this.sessions.open();
    const handle = this.emulator.startInboundCall(
      this.contextOf(route.application),
      sources(route.scenarios),
      { ...call, atS },
      { ruleName: route.rule.name, links: opened.links },
    );
    this.sessions.track(handle, opened);
    return handle;
  }

  /** StartScenarios: a session of `rule`'s scenarios with `customData`; returns its call_session_history_id and access URLs. */
  private startScenarios(application: ApplicationRecord, rule: RuleRecord, customData: string): StartedSession {
    this.kickClock();
    const opened = this.sessions.open();
    const handle = this.emulator.startSession(this.contextOf(application), sources(this.state.scenariosOf(rule)), {
      customData,
      ruleName: rule.name,
      links: opened.links,
    });
    this.sessions.track(handle, opened);
    const url = opened.links.accessSecureURL;
    return { historyId: opened.historyId, accessUrl: url, accessSecureUrl: url, checkUrl: `${url}/check` };
  }

  /** A request to a session's access URL, for the Management API (sessions.ts SessionBook.deliver). */
  mediaSessionRequest(request: MediaSessionRequest): Promise<MediaSessionAnswer> {
    return this.sessions.deliver(request);
  }

  /**
   * The call_session_history_id GetCallHistory will list the session `sessionId` under (a session of this
   * run). Undefined for an unknown session and once the session's row has left the history (HISTORY_LIMIT).
   */
  historyIdOf(sessionId: number): number | undefined {
    return this.sessions.historyIdOf(sessionId);
  }

  /** The ApplicationStorage of one application (by id, short or full name): the store the runtime and the KV methods use. Throws SandboxLookupError. */
  storageOf(application: string | number): KeyValueStore {
    return this.state.storageOf(this.application(application).id);
  }

  /** Sets a secret of an application, read in scenarios with VoxEngine.getSecretValue(name). Persisted. Throws SandboxLookupError. */
  setSecret(application: string | number, name: string, value: string): void {
    if (name === '') throw new SandboxOptionsError('name', 'a secret name must not be empty');
    this.application(application).secrets[name] = value;
    this.state.touch();
  }

  /** API requests answered since start, oldest first (tests assert "no write calls"). */
  requestLog(): RequestLogEntry[] {
    return this.api.requestLog();
  }

  /** Stops the API, commits every pending change to state.db and releases the folder. Sessions still running are not recorded afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.sessions.close();
    if (this.pump) clearInterval(this.pump);
    this.phone.close();
    try {
      await this.api.close();
    } finally {
      await this.opened.close();
    }
  }

  private get state(): SandboxState {
    return this.opened.state;
  }

  private application(application: string | number): ApplicationRecord {
    const found = typeof application === 'number' ? this.state.applicationById(application) : this.state.applicationByName(application);
    if (!found) throw new SandboxLookupError(application);
    return found;
  }

  private contextOf(app: ApplicationRecord) {
    return {
      id: app.id,
      name: app.name,
      storage: this.state.storageOf(app.id),
      secrets: app.secrets,
      accountId: this.state.account.accountId,
    };
  }

  /** Starts moving the virtual clock to the wall clock without waiting (see placeInboundCall). */
  private kickClock(): void {
    this.syncClock().catch((err: Error) => this.onError(err));
  }

  /** Every CLOCK_PUMP_MS, advances the virtual clock to the wall clock; a failure repeated tick after tick is reported once. */
  private startClockPump(): void {
    let lastFailure = '';
    this.pump = setInterval(() => {
      if (this.pumping) return;
      this.pumping = true;
      this.syncClock()
        .then(
          () => (lastFailure = ''),
          (err: Error) => {
            if (err.message !== lastFailure) this.onError(err);
            lastFailure = err.message;
          },
        )
        .finally(() => (this.pumping = false));
    }, CLOCK_PUMP_MS);
    this.pump.unref();
  }
}

function sources(scenarios: ScenarioRecord[]): { name: string; code: string }[] {
  return scenarios.map((s) => ({ name: s.name, code: s.script }));
}
