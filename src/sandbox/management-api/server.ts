/**
 * The local Management API's HTTPS server: listening on 127.0.0.1, routing each request to its
 * endpoint (api-endpoint.ts, admin-endpoints.ts, media-session.ts, the browser phone), the answers to
 * unknown paths and methods, and closing. See the class comment for the endpoints.
 */
import { createServer, Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { accountPublicKey } from '../state/account';
import type { SandboxState } from '../state/sandbox-state';
import type { CallRunner } from './admin-calls';
import { AdminEndpoints } from './admin-endpoints';
import { internalError, sendJson } from './answers';
import { ApiEndpoint, RequestLogEntry } from './api-endpoint';
import type { AuthAccount } from './auth';
import type { SessionStarter } from './context';
import { ApiCode, ApiError } from './errors';
import { FaultInjector, ManagementApiFaults } from './faults';
import { MEDIA_SESSION_METHODS, MEDIA_SESSION_PATH, MediaSessionHandler, serveMediaSession } from './media-session';
import { BODY_TIMEOUT_MS, BodyLimits, MAX_BODY_BYTES } from './request-body';

export { REQUEST_LOG_LIMIT } from './api-endpoint';
export type { RequestLogEntry } from './api-endpoint';

/** Settings of a ManagementApiServer. */
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
  private readonly apiEndpoint: ApiEndpoint;
  private readonly admin: AdminEndpoints;
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
    const auth: AuthAccount = { accountId: account.accountId, keyId: account.keyId, publicKey: accountPublicKey(account) };
    const wallNow = options.wallNow ?? Date.now;
    this.bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
    const shared = { state: options.state, faults: this.faults, auth, wallNow, bodyTimeoutMs: this.bodyTimeoutMs };
    this.apiEndpoint = new ApiEndpoint({ ...shared, sessions: options.sessions, host: () => this.host, onError: options.onError });
    this.admin = new AdminEndpoints({ ...shared, runCalls: options.runCalls });
    this.routes = [
      {
        methods: ['POST', 'GET'],
        path: /^\/platform_api\/?$/,
        admin: false,
        handle: (req, res, _m, url) => this.apiEndpoint.handle(req, res, url, undefined),
      },
      {
        methods: ['POST', 'GET'],
        path: /^\/platform_api\/([A-Za-z0-9_]+)\/?$/,
        admin: false,
        handle: (req, res, m, url) => this.apiEndpoint.handle(req, res, url, m[1]),
      },
      { methods: ['GET', 'POST'], path: /^\/_sandbox\/faults\/?$/, admin: true, handle: (req, res) => this.admin.faults(req, res) },
      {
        methods: ['GET'],
        path: /^\/_sandbox\/logs\/([0-9]{1,15})$/,
        admin: true,
        handle: (req, res, m) => this.admin.logs(req, res, Number(m[1])),
      },
      { methods: ['POST'], path: /^\/_sandbox\/calls\/?$/, admin: true, handle: (req, res) => this.admin.calls(req, res) },
      {
        methods: ['POST'],
        path: /^\/_sandbox\/web-link\/?$/,
        admin: true,
        handle: async (req, res) => sendJson(req, res, 200, { result: { url: this.web().link() } }),
      },
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
    if (!Number.isFinite(bodyTimeoutMs) || bodyTimeoutMs <= 0)
      throw new RangeError(`bodyTimeoutMs must be a positive number of ms, got ${String(options.bodyTimeoutMs)}`);
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
    return this.apiEndpoint.requestLog();
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
          sendJson(
            req,
            res,
            405,
            new ApiError(
              ApiCode.UNKNOWN_COMMAND,
              `${req.method} is not allowed on ${url.pathname}; use ${route.methods.join(' or ')}`,
            ).toBody(),
          );
          return;
        }
        if (route.admin) this.admin.authorize(req);
        await route.handle(req, res, match, url);
        return;
      }
      sendJson(
        req,
        res,
        404,
        new ApiError(ApiCode.UNKNOWN_COMMAND, `No such endpoint: ${url.pathname} (the Management API is POST /platform_api)`).toBody(),
      );
    } catch (err) {
      const error = err instanceof ApiError ? err : internalError(err as Error, this.options.onError);
      if (!res.headersSent) sendJson(req, res, error.httpStatus, error.toBody());
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.idle?.();
    }
  }

  private bodyLimits(limitBytes: number): BodyLimits {
    return { limitBytes, timeoutMs: this.bodyTimeoutMs };
  }
}
