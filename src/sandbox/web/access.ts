/**
 * Who may use the browser phone. The sandbox's `/_sandbox/*` endpoints need the account's JWT, which a
 * browser cannot sign, so the page has its own door (docs/sandbox.md "Browser phone"):
 *
 * 1. The sandbox prints a page link with a one-time token (`https://127.0.0.1:<port>/web/?t=<token>`);
 *    more links come from `POST /_sandbox/web-link`, which needs the JWT like every admin endpoint.
 * 2. Opening it exchanges the token (once; compared by its SHA-256, so lookups leak nothing about it)
 *    for a cookie `HttpOnly; Secure; SameSite=Strict; Path=/web`, and redirects to `/web/` so the token
 *    leaves the address bar and the history.
 * 3. Every other `/web/*` request needs that cookie and a Host header naming 127.0.0.1 or localhost at
 *    the sandbox's port (a DNS-rebinding page has another host); a request that changes something also
 *    needs an Origin header equal to the page's own origin and a JSON body (cross-site forms cannot send one).
 *
 * The tokens are letters only, so the terminal's phone-number masking (contract/mask-text.ts) never
 * touches a printed link. Cookies live as long as the sandbox process.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { VoxmaskError } from '../../errors';

/** The cookie's name. */
export const WEB_COOKIE = 'voxmask_web';
/** Letters in a link token (52 possible letters each: about 228 bits). */
const TOKEN_LETTERS = 40;
/** Most links handed out and not yet used; the oldest is dropped first. */
export const MAX_OPEN_LINKS = 16;
/** Most browser sessions (cookies) at once; the oldest is dropped first. */
export const MAX_WEB_SESSIONS = 32;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Why a request is refused: `status` is the HTTP status to answer with. */
export class WebAccessError extends VoxmaskError {
  override name = 'WebAccessError';
  readonly code = 'E_WEB_ACCESS';
  constructor(
    readonly status: 400 | 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The one-time links and the browser sessions of one sandbox. */
export class WebAccess {
  /** Digests of unused link tokens, oldest first. */
  private readonly links = new Set<string>();
  /** Digests of session cookies, oldest first. */
  private readonly sessions = new Set<string>();

  /** `port`: the sandbox's HTTPS port, for the Host and Origin checks. */
  constructor(private readonly port: () => number) {}

  /** A new one-time token for the page link (letters only). */
  newToken(): string {
    let token = '';
    for (let i = 0; i < TOKEN_LETTERS; i++) token += LETTERS[randomInt(LETTERS.length)];
    this.links.add(digest(token));
    if (this.links.size > MAX_OPEN_LINKS) this.links.delete(this.links.values().next().value as string);
    return token;
  }

  /**
   * Exchanges a link token for a new session cookie value; the token is used up. Throws WebAccessError
   * 401 for a token that is unknown or already used.
   */
  exchange(token: string): string {
    const key = digest(token);
    if (!this.links.delete(key))
      throw new WebAccessError(
        401,
        'this page link is unknown or was already used: links work once; ask the sandbox for a new one (POST /_sandbox/web-link)',
      );
    const cookie = randomBytes(32).toString('base64url');
    this.sessions.add(digest(cookie));
    if (this.sessions.size > MAX_WEB_SESSIONS) this.sessions.delete(this.sessions.values().next().value as string);
    return cookie;
  }

  /** The Set-Cookie header value for a cookie from `exchange`. */
  static setCookie(cookie: string): string {
    return `${WEB_COOKIE}=${cookie}; HttpOnly; Secure; SameSite=Strict; Path=/web`;
  }

  /**
   * Checks a `/web/*` request other than the link exchange: Host, the session cookie, and for `changes`
   * (POST) the Origin and a JSON content type. Throws WebAccessError (400 bad Host, 401 no valid cookie,
   * 403 foreign Origin or not JSON).
   */
  check(req: IncomingMessage, changes: boolean): void {
    const origin = this.checkHost(req);
    const cookie = cookieValue(req.headers.cookie, WEB_COOKIE);
    if (cookie === undefined || !this.sessions.has(digest(cookie)))
      throw new WebAccessError(401, 'no browser-phone session: open the page link the sandbox printed (links work once)');
    if (!changes) return;
    if (req.headers.origin !== origin)
      throw new WebAccessError(403, `a request that changes something must come from the page itself (Origin ${origin})`);
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      throw new WebAccessError(403, 'the body must be JSON (Content-Type: application/json)');
  }

  /** Checks the Host header and returns the page's origin. Throws WebAccessError 400 for another host. */
  checkHost(req: IncomingMessage): string {
    const host = req.headers.host ?? '';
    const port = this.port();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      throw new WebAccessError(400, `the browser phone answers only at 127.0.0.1:${port} or localhost:${port}`);
    return `https://${host}`;
  }
}

/** The value of cookie `name` in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
