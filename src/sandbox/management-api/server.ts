import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { isWriteMethod } from '../../platform/methods';
import { accountPublicKey } from '../state/account';
import { SandboxRoutingError } from '../state/routing';
import { SandboxState } from '../state/sandbox-state';
import { CallRunner, parseCallsRequest, SandboxClockAheadError } from './admin-calls';
import { AuthAccount, verifyAuthorization } from './auth';
import { SessionStarter } from './context';
import { ApiCode, ApiError } from './errors';
import { FaultInjector, FaultsError, ManagementApiFaults } from './faults';
import { MEDIA_SESSION_METHODS, MEDIA_SESSION_PATH, MediaSessionHandler, serveMediaSession } from './media-session';
import { METHODS } from './methods';
import { Params } from './params';
import { BODY_TIMEOUT_MS, BodyError, BodyLimits, checkDeclaredLength, MAX_BODY_BYTES, readJsonBody, readRequestFields } from './request-body';

/** One answered Management API request, for `Sandbox.requestLog()`. `at` is real epoch ms. */
export interface RequestLogEntry {
  cmd: string;
  at: number;
  errorCode?: number;
  httpStatus: number;
}

/** Most entries the request log keeps; older ones are discarded first. */
export const REQUEST_LOG_LIMIT = 10_000;

export interface ManagementApiServerOptions {
  /** The sandbox's state; answers to write methods wait for `state.durable()`. */
  state: SandboxState;
  sessions: SessionStarter;
  /** PEM certificate and key for HTTPS. */
  tls: { cert: string; key: string };
  /** Port on 127.0.0.1; 0 = any free port. */
  port: number;
  faults?: ManagementApiFaults;
  /** Real clock for JWT checks and `modified` stamps, epoch ms. Default Date.now. */
  wallNow?: () => number;
  /** Hears unexpected (non-API) errors of request handling. */
  onError?: (err: Error) => void;
  /** Serves `POST /_sandbox/calls`; absent = that endpoint answers 501. */
  runCalls?: CallRunner;
  /** Serves the sessions' access URLs; absent = they answer 501. */
  mediaSessions?: MediaSessionHandler;
  /** Time a whole request body may take to arrive, ms (default BODY_TIMEOUT_MS); tests shorten it. */
  bodyTimeoutMs?: number;
  /** The browser phone (src/sandbox/web): serves `/web/*` with its own access rules, and mints page links for `POST /_sandbox/web-link`. */
  web?: { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>; link(): string };
}

/** Largest body of `POST /_sandbox/faults`, bytes (a faults object is a few hundred bytes). */
const FAULTS_BODY_BYTES = 64 * 1024;
/**
 * Bytes of an unread body discarded after a refusal before the connection is cut: enough for the client
 * to see the answer (a close with unread data would reset the connection), not enough to matter.
 */
const LINGER_BYTES = 256 * 1024;
/** Wall time a refused request's connection may linger before it is cut, ms. */
const LINGER_MS = 2000;
/** Time allowed for a request's headers, ms (Node's default is 60 s). */
const HEADERS_TIMEOUT_MS = 10_000;

type RouteHandler = (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray, url: URL) => Promise<void>;
interface Route {
  methods: readonly string[];
  path: RegExp;
  /** `/_sandbox/*` admin routes: the token is checked here, from the headers, before anything else (HTTP 401). */
  admin: boolean;
  handle: RouteHandler;
}

/**
 * The local Management API over HTTPS on 127.0.0.1 (docs/platform.md#mapi-encoding, docs/platform.md#mapi-emulator-notes):
 * - `POST|GET /platform_api` with `cmd` in the body (multipart or urlencoded) or the query string, and
 *   `/platform_api/<Cmd>` (Go client, curl); JWT-authorized; dispatched through the METHODS table;
 *   always JSON: `{result, ...}` or `{"error": {"msg", "code"}}` (HTTP 200 for API errors (inferred));
 * - every `/_sandbox/*` endpoint needs the same JWT (HTTP 401 without it);
 * - the token is checked from the headers before any body byte is read; a body is capped at
 *   MAX_BODY_BYTES and must arrive within `bodyTimeoutMs`; a refused body is not read further and its
 *   connection is closed after the answer (docs/sandbox.md "Requests and answers");
 * - `GET|POST /_sandbox/faults`: read or replace the injected faults (JSON body, ManagementApiFaults);
 * - `GET /_sandbox/logs/<call_session_history_id>`: a finished session's log lines (its `log_file_url`);
 * - `POST /_sandbox/calls`: place inbound calls through the rules and wait for them (admin-calls.ts);
 * - `POST /_sandbox/web-link`: a new one-time link to the browser phone, whose page and API live under
 *   `/web/` behind its own cookie (src/sandbox/web/access.ts);
 * - `/request/<call_session_history_id>/<token>[/check]`: sessions' access URLs, no token needed
 *   (media-session.ts).
 */
export class ManagementApiServer {
  readonly faults: FaultInjector;
  private readonly log: RequestLogEntry[] = [];
  private readonly auth: AuthAccount;
  private readonly wallNow: () => number;
  private readonly routes: Route[];
  private readonly bodyTimeoutMs: number;
  private inFlight = 0;
  private idle: (() => void) | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: ManagementApiServerOptions,
  ) {
    this.faults = new FaultInjector(options.faults ?? {});
    const account = options.state.account;
    this.auth = { accountId: account.accountId, keyId: account.keyId, publicKey: accountPublicKey(account) };
    this.wallNow = options.wallNow ?? Date.now;
    this.bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
    this.routes = [
      { methods: ['POST', 'GET'], path: /^\/platform_api\/?$/, admin: false, handle: (req, res, _m, url) => this.api(req, res, url, undefined) },
      { methods: ['POST', 'GET'], path: /^\/platform_api\/([A-Za-z0-9_]+)\/?$/, admin: false, handle: (req, res, m, url) => this.api(req, res, url, m[1]) },
      { methods: ['GET', 'POST'], path: /^\/_sandbox\/faults\/?$/, admin: true, handle: (req, res) => this.faultsEndpoint(req, res) },
      { methods: ['GET'], path: /^\/_sandbox\/logs\/([0-9]{1,15})$/, admin: true, handle: (req, res, m) => this.logsEndpoint(req, res, Number(m[1])) },
      { methods: ['POST'], path: /^\/_sandbox\/calls\/?$/, admin: true, handle: (req, res) => this.callsEndpoint(req, res) },
      { methods: ['POST'], path: /^\/_sandbox\/web-link\/?$/, admin: true, handle: async (req, res) => sendJson(req, res, 200, { result: { url: this.web().link() } }) },
      { methods: ['GET', 'POST'], path: /^\/web(\/.*)?$/, admin: false, handle: (req, res, _m, url) => this.web().handle(req, res, url) },
      {
        methods: MEDIA_SESSION_METHODS,
        path: MEDIA_SESSION_PATH,
        admin: false,
        handle: (req, res, m, url) => serveMediaSession(req, res, m, url, this.options.mediaSessions, this.bodyLimits(MAX_BODY_BYTES)),
      },
    ];
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.route(req, res));
  }

  /** Starts listening on 127.0.0.1; resolves once the port is bound. Throws RangeError for a `bodyTimeoutMs` that is not a positive number. */
  static async start(options: ManagementApiServerOptions): Promise<ManagementApiServer> {
    const bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
    if (!Number.isFinite(bodyTimeoutMs) || bodyTimeoutMs <= 0) throw new RangeError(`bodyTimeoutMs must be a positive number of ms, got ${String(options.bodyTimeoutMs)}`);
    const server = createServer({
      cert: options.tls.cert,
      key: options.tls.key,
      headersTimeout: HEADERS_TIMEOUT_MS,
      // Node's own backstop (default 300 s) answers 408 without our error shape; ours fires first.
      requestTimeout: HEADERS_TIMEOUT_MS + bodyTimeoutMs + 1000,
      // How often Node checks those two timeouts (default 30 s, which would stretch them).
      connectionsCheckingInterval: 1000,
    });
    const api = new ManagementApiServer(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return api;
  }

  /** The browser phone; an ApiError 501 when this server has none. */
  private web(): NonNullable<ManagementApiServerOptions['web']> {
    if (!this.options.web) throw new ApiError(ApiCode.UNKNOWN_COMMAND, 'This server has no browser phone', 501);
    return this.options.web;
  }

  /** The bound port. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:<port>`, for the client's `host` parameter (matches the certificate's IP SAN and never resolves to ::1). */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Answered requests, oldest first (at most REQUEST_LOG_LIMIT). */
  requestLog(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  /** Stops accepting connections, waits (up to 5 s) for requests being handled, then drops kept-alive connections. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    if (this.inFlight > 0) {
      await Promise.race([new Promise<void>((resolve) => (this.idle = resolve)), delay(5000)]);
    }
    this.server.closeAllConnections();
    await closed;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    try {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      for (const route of this.routes) {
        const match = route.path.exec(url.pathname);
        if (!match) continue;
        if (!route.methods.includes(req.method ?? '')) {
          sendJson(req, res, 405, new ApiError(ApiCode.UNKNOWN_COMMAND, `${req.method} is not allowed on ${url.pathname}; use ${route.methods.join(' or ')}`).toBody());
          return;
        }
        if (route.admin) this.authorizeAdmin(req);
        await route.handle(req, res, match, url);
        return;
      }
      sendJson(req, res, 404, new ApiError(ApiCode.UNKNOWN_COMMAND, `No such endpoint: ${url.pathname} (the Management API is POST /platform_api)`).toBody());
    } catch (err) {
      const error = err instanceof ApiError ? err : internalError(err as Error, this.options.onError);
      if (!res.headersSent) sendJson(req, res, error.httpStatus, error.toBody());
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL, cmdFromPath: string | undefined): Promise<void> {
    const entry: RequestLogEntry = { cmd: cmdFromPath ?? '', at: this.wallNow(), httpStatus: 200 };
    let status = 200;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      entry.cmd = cmdFromPath ?? url.searchParams.get('cmd') ?? '';
      // The token comes from the headers: a request without a valid one is refused before its body is read.
      verifyAuthorization(req.headers.authorization, this.auth, this.wallNow());
      checkDeclaredLength(req, MAX_BODY_BYTES);
      const fields = await readRequestFields(req, url.searchParams, this.bodyLimits(MAX_BODY_BYTES));
      entry.cmd = cmdFromPath ?? fields.get('cmd') ?? '';
      const decision = this.faults.next();
      if (decision.delayMs > 0) await delay(decision.delayMs);
      if (decision.retryAfterS !== undefined) headers = { 'retry-after': String(decision.retryAfterS) };
      if (decision.error) throw decision.error;
      body = await this.dispatch(entry.cmd, new Params(fields));
    } catch (err) {
      const error = err instanceof ApiError ? err : internalError(err as Error, this.options.onError);
      status = error.httpStatus;
      entry.errorCode = error.code;
      body = error.toBody();
    }
    entry.httpStatus = status;
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log.splice(0, this.log.length - REQUEST_LOG_LIMIT);
    sendJson(req, res, status, body, headers);
  }

  /** The token of an admin request (verifyAuthorization), refused with HTTP 401 in the same error shape. */
  private authorizeAdmin(req: IncomingMessage): void {
    try {
      verifyAuthorization(req.headers.authorization, this.auth, this.wallNow());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      throw new ApiError(err.code, err.message, 401);
    }
  }

  private bodyLimits(limitBytes: number): BodyLimits {
    return { limitBytes, timeoutMs: this.bodyTimeoutMs };
  }

  /** Reads an admin request's JSON body within `limitBytes` (413 before reading when Content-Length says more). */
  private async adminJson(req: IncomingMessage, limitBytes: number): Promise<unknown> {
    try {
      checkDeclaredLength(req, limitBytes);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      throw new BodyError(err.kind, err.message, 413);
    }
    return readJsonBody(req, this.bodyLimits(limitBytes));
  }

  /**
   * (Token checked before the body was read) → missing cmd (102) → unknown method (103) → handler; write
   * methods save the records they may have changed (unless `storageOnly`) and answer once the change is
   * committed to disk.
   */
  private async dispatch(cmd: string, params: Params): Promise<unknown> {
    if (cmd === '') throw new ApiError(ApiCode.MISSING_CMD, "Missing 'cmd': name the method in the cmd parameter or the path /platform_api/<Method>");
    const spec = METHODS.get(cmd);
    if (!spec) throw new ApiError(ApiCode.UNKNOWN_COMMAND, `Unknown command: ${cmd}`);
    const { state, sessions } = this.options;
    const result = await spec.handle({ params, state, sessions, wallNow: this.wallNow, host: this.host });
    if (isWriteMethod(cmd)) {
      if (!spec.storageOnly) state.touch();
      try {
        await state.durable();
      } catch (err) {
        throw new ApiError(ApiCode.TRY_LATER, `The change was applied but the sandbox state could not be saved: ${(err as Error).message}`, 500);
      }
    }
    return result;
  }

  /** GET: the faults in force; POST: replaces them (ApiError 101, HTTP 400, for a body that is not valid faults JSON). */
  private async faultsEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST') {
      const raw = await this.adminJson(req, FAULTS_BODY_BYTES);
      try {
        this.faults.set(raw as ManagementApiFaults); // set() validates (parseFaults)
      } catch (err) {
        if (!(err instanceof FaultsError)) throw err;
        throw new ApiError(ApiCode.INVALID_ARGUMENTS, err.message, 400);
      }
    }
    sendJson(req, res, 200, { result: this.faults.current });
  }

  /**
   * Places the calls of a valid body and answers with their sessions; HTTP 400 for a bad body, 404 for a
   * number without a route, 429 (code 162) while the virtual clock leads the wall clock too far.
   */
  private async callsEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.options.runCalls) throw new ApiError(ApiCode.UNKNOWN_COMMAND, 'This server places no calls', 501);
    const parsed = parseCallsRequest(await this.adminJson(req, MAX_BODY_BYTES));
    if ('problem' in parsed) throw new ApiError(ApiCode.INVALID_ARGUMENTS, parsed.problem, 400);
    try {
      sendJson(req, res, 200, { result: await this.options.runCalls(parsed.request) });
    } catch (err) {
      if (err instanceof SandboxClockAheadError) throw new ApiError(ApiCode.TRY_LATER, err.message, 429);
      if (!(err instanceof SandboxRoutingError)) throw err;
      throw new ApiError(ApiCode.INVALID_ARGUMENTS, err.message, 404);
    }
  }

  private async logsEndpoint(req: IncomingMessage, res: ServerResponse, historyId: number): Promise<void> {
    const logLines = this.options.state.historyLog(historyId);
    if (!logLines) {
      sendJson(req, res, 404, new ApiError(ApiCode.INVALID_CALL_SESSION_HISTORY_ID, `No finished session ${historyId}`).toBody());
      return;
    }
    const text = logLines.map((line) => `${line}\n`).join('');
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...closeIfUnread(req) });
    res.end(text);
    lingerIfUnread(req);
  }
}

/** An unexpected error as an HTTP 500 answer; `onError` hears it (it is a sandbox bug or an I/O failure). */
function internalError(err: Error, onError: ((err: Error) => void) | undefined): ApiError {
  onError?.(err);
  return new ApiError(ApiCode.TRY_LATER, `Internal sandbox error: ${err.message}`, 500);
}

/**
 * Answers with JSON; `headers` add to the defaults (e.g. `retry-after` of a rate-limit refusal). A request
 * whose body was not read to the end gets `Connection: close` and lingerIfUnread.
 */
function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...closeIfUnread(req) });
  res.end(text);
  lingerIfUnread(req);
}

function closeIfUnread(req: IncomingMessage): Record<string, string> {
  return req.complete ? {} : { connection: 'close' };
}

/**
 * After answering a request whose body was not read (refused, too large, stalled): discards what the
 * client still sends for at most LINGER_BYTES or LINGER_MS, so that the answer reaches it before the
 * connection is cut, then destroys the socket. Nothing of the body is kept.
 */
function lingerIfUnread(req: IncomingMessage): void {
  if (req.complete) return;
  const socket = req.socket;
  let discarded = 0;
  const cut = (): void => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  req.unpipe();
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) cut();
  });
  req.on('end', () => clearTimeout(timer));
  socket.once('close', () => clearTimeout(timer));
  req.resume();
}
