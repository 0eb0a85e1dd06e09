/**
 * The browser phone's HTTP side, mounted by the sandbox's server under `/web/` (docs/sandbox.md
 * "Browser phone"). Every answer carries a strict Content-Security-Policy and no-store caching.
 *
 *   GET  /web/?t=<token>                      exchanges a one-time link token for the session cookie (303 to /web/)
 *   GET  /web/, /web/<file>, /web/vendor/<f>  the page and the UI library (cookie needed, like everything below)
 *   GET  /web/api/setup                       callers to offer (masked, by reference) and virtual numbers
 *   GET  /web/api/orders                      the Orders and results panel
 *   GET  /web/api/events                      Server-Sent Events: a WebSnapshot whenever something changed
 *   GET  /web/api/sessions/<id>/ladder.svg    a session's ladder
 *   POST /web/api/calls                       { to, party | from, decideWithinS? } → { sessionId }
 *   POST /web/api/calls/<id>/press            { digits }
 *   POST /web/api/calls/<id>/hangup           {}
 *   POST /web/api/calls/<id>/far-ends/<callId> { decision }
 *
 * Errors answer `{ "error": { "field"?, "message" } }` with 400 (bad input), 401/403 (access.ts), 404,
 * 409 (a command that does not fit the call's state) or 413.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskPhonesInText } from '../../../contract/mask-text';
import { BODY_TIMEOUT_MS, BodyError, readJsonBody } from '../management-api/request-body';
import { LiveCommandError } from '../runtime/live/live-parties';
import { SandboxRoutingError } from '../state/routing';
import { WebAccess, WebAccessError } from './access';
import type { PageFiles } from './page-files';
import { SandboxWeb, WebInputError } from './sandbox-web';
import { VoxmaskError } from '../../errors';

/** Largest command body, bytes. */
const MAX_WEB_BODY_BYTES = 16 * 1024;
/** Wall ms between SSE keep-alive comments. */
const SSE_KEEPALIVE_MS = 15_000;

type Json = Record<string, unknown> | unknown[];

class HttpError extends VoxmaskError {
  readonly code = 'E_WEB_HTTP';
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Serves `/web/*` for one sandbox. */
export class WebRoutes {
  constructor(
    private readonly web: SandboxWeb,
    private readonly access: WebAccess,
    private readonly files: PageFiles,
    /** Numbers that may be shown in error messages (the virtual numbers). */
    private readonly keep: () => string[],
  ) {}

  /** Answers one request under /web; refusals and bad input become JSON errors, anything unexpected is rethrown (the server answers 500). */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      await this.route(req, res, url);
    } catch (err) {
      const e = toHttpError(err);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = maskPhonesInText(e.message, { keep: this.keep() });
      this.send(res, e.status, 'application/json', JSON.stringify({ error: { ...(e.field ? { field: e.field } : {}), message } }));
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const token = url.searchParams.get('t');
    if (req.method === 'GET' && (path === '/web' || path === '/web/') && token !== null) {
      this.access.checkHost(req);
      const cookie = this.access.exchange(token);
      res.writeHead(303, {
        location: '/web/',
        'set-cookie': WebAccess.setCookie(cookie),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end();
      return;
    }
    const post = req.method === 'POST';
    this.access.check(req, post);
    if (!post) {
      if (path === '/web') return this.redirect(res, '/web/');
      if (!path.startsWith('/web/api/')) {
        const file = this.files.get(path);
        if (!file) throw new HttpError(404, `no page file ${path}`);
        return this.send(res, 200, file.contentType, file.body);
      }
      if (path === '/web/api/setup') return this.json(res, this.web.setup() as unknown as Json);
      if (path === '/web/api/orders') return this.json(res, this.web.orders() as unknown as Json);
      if (path === '/web/api/events') return this.events(req, res);
      const ladder = /^\/web\/api\/sessions\/([0-9]{1,9})\/ladder\.svg$/.exec(path);
      if (ladder) {
        const svg = this.web.ladderSvg(Number(ladder[1]));
        if (svg === undefined) throw new HttpError(404, `session ${ladder[1]} is not kept any more (or never ran)`);
        return this.send(res, 200, 'image/svg+xml', svg);
      }
      throw new HttpError(404, `no endpoint GET ${path}`);
    }
    const body = await readBody(req);
    if (path === '/web/api/calls') return this.json(res, this.web.placeCall(body));
    const call = /^\/web\/api\/calls\/([0-9]{1,9})\/(press|hangup|far-ends\/([0-9.]{1,20}))$/.exec(path);
    if (!call) throw new HttpError(404, `no endpoint POST ${path}`);
    const sessionId = Number(call[1]);
    if (call[2] === 'press') await this.web.press(sessionId, body);
    else if (call[2] === 'hangup') await this.web.hangUp(sessionId);
    else await this.web.decide(sessionId, call[3], body);
    this.json(res, { ok: true });
  }

  /** Server-Sent Events: the snapshot now, then each new one; a comment keeps proxies from closing the stream. */
  private events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...this.headers('text/event-stream'), connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    const push = (snapshot: unknown) => res.write(`data: ${JSON.stringify(snapshot)}\n\n`);
    push(this.web.snapshot());
    const unsubscribe = this.web.subscribe(push);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEPALIVE_MS);
    keepAlive.unref();
    const stop = () => {
      clearInterval(keepAlive);
      unsubscribe();
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  private headers(contentType: string): Record<string, string> {
    return {
      'content-type': contentType,
      'cache-control': 'no-store',
      'content-security-policy': this.files.csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    };
  }

  private send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
    res.writeHead(status, { ...this.headers(contentType), 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  private json(res: ServerResponse, value: Json): void {
    this.send(res, 200, 'application/json', JSON.stringify(value));
  }

  private redirect(res: ServerResponse, location: string): void {
    res.writeHead(303, { location, 'cache-control': 'no-store' });
    res.end();
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(req, { limitBytes: MAX_WEB_BODY_BYTES, timeoutMs: BODY_TIMEOUT_MS });
  } catch (err) {
    if (err instanceof BodyError) throw new HttpError(err.kind === 'too-large' ? 413 : 408, err.message);
    throw new HttpError(400, (err as Error).message);
  }
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof WebAccessError) return new HttpError(err.status, err.message);
  if (err instanceof WebInputError) return new HttpError(400, err.message, err.field);
  if (err instanceof LiveCommandError) return new HttpError(409, err.message, err.field);
  if (err instanceof SandboxRoutingError) return new HttpError(404, err.message, 'to');
  throw err;
}
