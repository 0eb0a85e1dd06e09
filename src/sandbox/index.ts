import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyValueStore } from './kv-store';
import { FaultsError, ManagementApiFaults, parseFaults } from './management-api/faults';
import {
  CALLS_MAX_VIRTUAL_S,
  CLOCK_MAX_LEAD_S,
  MAX_CALLS_PER_REQUEST,
  SandboxCallsRequest,
  SandboxCallsResult,
  SandboxClockAheadError,
} from './management-api/admin-calls';
import type { StartedSession } from './management-api/context';
import type { MediaSessionAnswer, MediaSessionRequest } from './management-api/media-session';
import { ManagementApiServer, RequestLogEntry } from './management-api/server';
import { HTTP_DRAIN_ON_TERMINATE_MS } from './runtime/constants';
import { EmulatorOptions, InboundCallSpec, SessionHandle, SessionLinks, SessionRecord, VoxEngineEmulator } from './runtime';
import { ApplicationRecord, RuleRecord, ScenarioRecord } from './state/model';
import { InboundRoute, routeInboundCall } from './state/routing';
import { SandboxState } from './state/sandbox-state';
import { OpenedStateDir, openStateDir } from './state/state-dir';
import { privateKeyProblem } from '../platform/credentials';
import { ensureSandboxTls, sandboxTlsDir } from './tls';
import { BrowserPhone, type SandboxWebOptions } from './web';
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

/** Options of `Sandbox.start` (docs/sandbox-api.md). */
export interface SandboxOptions {
  /** State folder (state.db, credentials.json, tls/); created if missing. An older state.json in it is migrated (docs/sandbox.md "Persistence"). */
  dir: string;
  /** HTTPS port on 127.0.0.1; 0 = any free port (default 0). */
  port?: number;
  /** Start with no applications, scenarios, rules, numbers, storage or history (the account and its key are kept). */
  reset?: boolean;
  /** Where cert.pem/key.pem live (default `<dir>/tls`); tests share one. */
  tlsDir?: string;
  /**
   * The service-account private key (PEM, RSA of at least 2048 bits) a new folder's account gets, instead
   * of a freshly generated one (0.1–0.5 s of CPU each); a folder that has an account keeps its key. Tests
   * share one. The account id and key id are new for every folder either way.
   */
  accountKey?: string;
  faults?: ManagementApiFaults;
  /**
   * Runtime emulator options, e.g. the http target for scenario webhooks. `startTime` defaults to the wall
   * clock at start; `retainSessions` to RETAINED_SESSIONS, or `historyLimit` when lower (the emulator forgets older sessions and their trace).
   */
  runtime?: EmulatorOptions;
  /** Most finished sessions kept in the call history (default HISTORY_LIMIT); tests lower it. */
  historyLimit?: number;
  /** Time a whole request body may take to arrive, ms (default 5000); tests shorten it. */
  bodyTimeoutMs?: number;
  /**
   * Keep the virtual clock following the wall clock (advances it every 100 ms), so sessions unfold in
   * real time without anyone calling `emulator.runUntilIdle()`. For the long-running `voxmask sandbox`;
   * default false (tests drive the clock themselves).
   */
  realTime?: boolean;
  /** Hears background failures (a state write nobody awaited, a session that failed). Default: process.emitWarning. */
  onError?: (err: Error) => void;
  /** The browser phone under /web/ (src/sandbox/web): the results it shows, its live clock's rate. */
  web?: SandboxWebOptions;
}

/** Bad `SandboxOptions`; `field` names the option. */
export class SandboxOptionsError extends VoxmaskError {
  override name = 'SandboxOptionsError';
  readonly code = 'E_SANDBOX_OPTIONS';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** `storageOf`/`setSecret` named an application the sandbox does not have. */
export class SandboxLookupError extends VoxmaskError {
  override name = 'SandboxLookupError';
  readonly code = 'E_SANDBOX_LOOKUP';
  constructor(readonly application: string | number) {
    super(`the sandbox has no application ${JSON.stringify(application)} (give its id, short name or full name)`);
  }
}

/** Most finished sessions kept in the call history (state.db); the oldest go first. */
export const HISTORY_LIMIT = 2000;

/**
 * Default `retainSessions` of the sandbox's runtime emulator: the finished sessions whose record and
 * trace stay in memory (the call history keeps HISTORY_LIMIT in state.db). Five times the calls one
 * `POST /_sandbox/calls` may place, whose timeline is rendered from the trace once they end; about
 * 15 KB of heap a session (docs/sandbox.md "Memory").
 */
export const RETAINED_SESSIONS = 5 * MAX_CALLS_PER_REQUEST;

/** Real-time clock pump period, ms. */
const CLOCK_PUMP_MS = 100;

/** Wall time an access-URL request waits for its session to take it before it is answered 504, ms. */
export const ACCESS_URL_WAIT_MS = 10_000;

/** A running session's access URL: the emulator session behind a history id, and the URL's secret token. */
interface AccessRoute {
  sessionId: number;
  token: string;
}

/**
 * The sandbox: one Voximplant account on this machine — the local Management API over HTTPS
 * (src/sandbox/management-api) and the VoxEngine runtime emulator (src/sandbox/runtime) sharing one
 * persistent state (src/sandbox/state): the Management API's key-value methods and the scenarios'
 * ApplicationStorage are the same per-application KeyValueStore, on the emulator's virtual clock;
 * StartScenarios and inbound calls start emulator sessions, which GetCallHistory lists once finished.
 */
export class Sandbox {
  /** call_session_history_id by session id, for sessions running or still in the history (trimmed with it). */
  private readonly historyIds = new Map<number, number>();
  /** Access URLs of the sessions still running, by call_session_history_id. */
  private readonly accessRoutes = new Map<number, AccessRoute>();
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
    private readonly historyLimit: number,
  ) {}

  /**
   * Opens (or creates) the state folder, ensures the TLS certificate, and starts the Management API on
   * 127.0.0.1. Throws SandboxOptionsError, EmulatorUsageError (bad `runtime` options, e.g. a startTime
   * that is neither epoch ms nor ISO 8601), SandboxLockedError (folder in use), SandboxStateError
   * (a state.db or older state.json that cannot be used), TlsSetupError, or the listen error (e.g. EADDRINUSE).
   */
  static async start(options: SandboxOptions): Promise<Sandbox> {
    const { dir, port, faults, historyLimit } = checkOptions(options);
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
    const opened = this.openSession();
    const handle = this.emulator.startInboundCall(
      this.contextOf(route.application),
      sources(route.scenarios),
      { ...call, atS },
      { ruleName: route.rule.name, links: opened.links },
    );
    this.track(handle, opened);
    return handle;
  }

  /** StartScenarios: a session of `rule`'s scenarios with `customData`; returns its call_session_history_id and access URLs. */
  private startScenarios(application: ApplicationRecord, rule: RuleRecord, customData: string): StartedSession {
    this.kickClock();
    const opened = this.openSession();
    const handle = this.emulator.startSession(this.contextOf(application), sources(this.state.scenariosOf(rule)), {
      customData,
      ruleName: rule.name,
      links: opened.links,
    });
    this.track(handle, opened);
    const url = opened.links.accessSecureURL;
    return { historyId: opened.historyId, accessUrl: url, accessSecureUrl: url, checkUrl: `${url}/check` };
  }

  /**
   * A new session's history id, the secret token of its access URL, and the URLs AppEvents.Started
   * reports: the access URL (served over HTTPS only, so both forms are the https one) and the log URL
   * GetCallHistory gives as log_file_url.
   */
  private openSession(): { historyId: number; token: string; links: SessionLinks } {
    const historyId = this.state.nextId('history');
    const token = randomBytes(8).toString('hex');
    const access = `https://${this.api.host}/request/${historyId}/${token}`;
    return {
      historyId,
      token,
      links: { accessURL: access, accessSecureURL: access, logURL: `https://${this.api.host}/_sandbox/logs/${historyId}` },
    };
  }

  /**
   * A request to a session's access URL (management-api/media-session.ts): delivered to the running
   * session as AppEvents.HttpRequest, answered with what its listener returned; `check` only asks
   * whether the session runs. Not found for an unknown, ended or mistyped URL (the token is compared in
   * constant time); 'late' when the session has not taken it within ACCESS_URL_WAIT_MS of wall time (the
   * virtual clock is not moving: no pump, nobody running the emulator), in which case it still gets it
   * when the clock moves.
   */
  async mediaSessionRequest(request: MediaSessionRequest): Promise<MediaSessionAnswer> {
    const route = this.accessRoutes.get(request.historyId);
    if (!route || !sameToken(route.token, request.token))
      return { found: false, reason: `no running session ${request.historyId} with this token` };
    if (request.check) return { found: true, contentType: 'application/json', body: JSON.stringify({ result: 1, running: true }) };
    const answer = this.emulator.deliverHttpRequest(route.sessionId, {
      method: request.method,
      path: request.path,
      content: request.content,
      headers: request.headers,
    });
    await this.syncClock();
    await this.emulator.runDue();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ACCESS_URL_WAIT_MS)));
    const outcome = await Promise.race([answer, waited]).finally(() => clearTimeout(timer));
    if (outcome === 'late') {
      return {
        found: 'late',
        reason: `the session has not taken the request within ${ACCESS_URL_WAIT_MS / 1000} s; it will when the sandbox's virtual clock moves (is it running?)`,
      };
    }
    return outcome.delivered
      ? { found: true, contentType: outcome.contentType, body: outcome.body }
      : { found: false, reason: outcome.reason };
  }

  /**
   * The call_session_history_id GetCallHistory will list the session `sessionId` under (a session of this
   * run). Undefined for an unknown session and once the session's row has left the history (HISTORY_LIMIT).
   */
  historyIdOf(sessionId: number): number | undefined {
    return this.historyIds.get(sessionId);
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

  /** Routes the session's access URL while it runs, and records it in the call history under its history id when it finishes. */
  private track(handle: SessionHandle, opened: { historyId: number; token: string }): void {
    const { historyId, token } = opened;
    this.historyIds.set(handle.id, historyId);
    this.accessRoutes.set(historyId, { sessionId: handle.id, token });
    handle.done.then(
      (record) => {
        this.accessRoutes.delete(historyId);
        this.record(historyId, record);
      },
      (err: unknown) => {
        this.accessRoutes.delete(historyId);
        this.onError(new Error(`session ${handle.id} failed without a record: ${(err as Error)?.message ?? String(err)}`));
      },
    );
  }

  private record(historyId: number, record: SessionRecord): void {
    if (this.closed) return;
    // Session ids restart with every emulator, so the persisted row keeps only the history id.
    const { sessionId: _notPersisted, calls, records, logLines, ...fields } = record;
    let dropped: number[];
    try {
      dropped = this.state.appendHistory(
        { historyId, ...fields, calls: calls.map((c) => ({ ...c })), records: records.map((r) => ({ ...r })) },
        logLines,
        this.historyLimit,
      );
    } catch (err) {
      this.onError(new Error(`session ${historyId} could not be recorded in the call history: ${(err as Error).message}`));
      return;
    }
    if (dropped.length > 0) {
      const trimmed = new Set(dropped);
      for (const [sessionId, id] of this.historyIds) if (trimmed.has(id)) this.historyIds.delete(sessionId);
    }
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

/** Whether two tokens are equal, in time that does not depend on where they differ. */
function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sources(scenarios: ScenarioRecord[]): { name: string; code: string }[] {
  return scenarios.map((s) => ({ name: s.name, code: s.script }));
}

function checkOptions(options: SandboxOptions): { dir: string; port: number; faults: ManagementApiFaults; historyLimit: number } {
  if (typeof options.dir !== 'string' || options.dir === '') throw new SandboxOptionsError('dir', 'must be a non-empty folder path');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SandboxOptionsError('port', `must be an integer 0..65535, got ${String(options.port)}`);
  const bodyTimeoutMs = options.bodyTimeoutMs;
  if (bodyTimeoutMs !== undefined && !(Number.isFinite(bodyTimeoutMs) && bodyTimeoutMs > 0)) {
    throw new SandboxOptionsError('bodyTimeoutMs', `must be a positive number of ms, got ${String(bodyTimeoutMs)}`);
  }
  const historyLimit = options.historyLimit ?? HISTORY_LIMIT;
  if (!Number.isInteger(historyLimit) || historyLimit < 1)
    throw new SandboxOptionsError('historyLimit', `must be a positive integer, got ${String(options.historyLimit)}`);
  const keyProblem = options.accountKey === undefined ? undefined : privateKeyProblem(options.accountKey);
  if (keyProblem) throw new SandboxOptionsError('accountKey', keyProblem);
  try {
    return { dir: resolve(options.dir), port, faults: parseFaults(options.faults ?? {}), historyLimit };
  } catch (err) {
    if (err instanceof FaultsError) throw new SandboxOptionsError('faults', err.issues.join('; '));
    throw err;
  }
}
