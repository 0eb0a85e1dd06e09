import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MediaSessionAnswer, MediaSessionRequest } from './management-api/media-session';
import type { SessionHandle, SessionLinks, SessionRecord, VoxEngineEmulator } from './runtime';
import type { SandboxState } from './state/sandbox-state';

// The sandbox's sessions as the Management API sees them: each session's call_session_history_id, its
// access URL while it runs, and its row in the call history once it ends.

/** Wall time an access-URL request waits for its session to take it before it is answered 504, ms. */
export const ACCESS_URL_WAIT_MS = 10_000;

/** A running session's access URL: the emulator session behind a history id, and the URL's secret token. */
interface AccessRoute {
  sessionId: number;
  token: string;
}

/** A session opened by `open`: its history id, the secret token of its access URL, and its URLs. */
export interface OpenedSession {
  historyId: number;
  token: string;
  links: SessionLinks;
}

/** What the session book works with, handed in by the Sandbox that owns it. */
export interface SessionBookParts {
  state: SandboxState;
  emulator: VoxEngineEmulator;
  /** `127.0.0.1:<port>` of the Management API (known once it listens). */
  host: () => string;
  /** Most finished sessions kept in the call history. */
  historyLimit: number;
  /** Advances the virtual clock to the wall clock (Sandbox.syncClock). */
  syncClock: () => Promise<void>;
  onError: (err: Error) => void;
}

/**
 * The history ids, access URLs and call-history rows of the sandbox's sessions. A session is opened
 * (history id, token, URLs), tracked while it runs (its access URL routes to it), and recorded in the
 * call history when it finishes, unless the book is closed by then.
 */
export class SessionBook {
  /** call_session_history_id by session id, for sessions running or still in the history (trimmed with it). */
  private readonly historyIds = new Map<number, number>();
  /** Access URLs of the sessions still running, by call_session_history_id. */
  private readonly accessRoutes = new Map<number, AccessRoute>();
  private closed = false;

  constructor(private readonly parts: SessionBookParts) {}

  /**
   * A new session's history id, the secret token of its access URL, and the URLs AppEvents.Started
   * reports: the access URL (served over HTTPS only, so both forms are the https one) and the log URL
   * GetCallHistory gives as log_file_url.
   */
  open(): OpenedSession {
    const historyId = this.parts.state.nextId('history');
    const token = randomBytes(8).toString('hex');
    const host = this.parts.host();
    const access = `https://${host}/request/${historyId}/${token}`;
    return {
      historyId,
      token,
      links: { accessURL: access, accessSecureURL: access, logURL: `https://${host}/_sandbox/logs/${historyId}` },
    };
  }

  /** Routes the session's access URL while it runs, and records it in the call history under its history id when it finishes. */
  track(handle: SessionHandle, opened: OpenedSession): void {
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
        this.parts.onError(new Error(`session ${handle.id} failed without a record: ${(err as Error)?.message ?? String(err)}`));
      },
    );
  }

  /**
   * The call_session_history_id GetCallHistory will list the session `sessionId` under (a session of this
   * run). Undefined for an unknown session and once the session's row has left the history (HISTORY_LIMIT).
   */
  historyIdOf(sessionId: number): number | undefined {
    return this.historyIds.get(sessionId);
  }

  /**
   * A request to a session's access URL (management-api/media-session.ts): delivered to the running
   * session as AppEvents.HttpRequest, answered with what its listener returned; `check` only asks
   * whether the session runs. Not found for an unknown, ended or mistyped URL (the token is compared in
   * constant time); 'late' when the session has not taken it within ACCESS_URL_WAIT_MS of wall time (the
   * virtual clock is not moving: no pump, nobody running the emulator), in which case it still gets it
   * when the clock moves.
   */
  async deliver(request: MediaSessionRequest): Promise<MediaSessionAnswer> {
    const route = this.accessRoutes.get(request.historyId);
    if (!route || !sameToken(route.token, request.token))
      return { found: false, reason: `no running session ${request.historyId} with this token` };
    if (request.check) return { found: true, contentType: 'application/json', body: JSON.stringify({ result: 1, running: true }) };
    const { emulator } = this.parts;
    const answer = emulator.deliverHttpRequest(route.sessionId, {
      method: request.method,
      path: request.path,
      content: request.content,
      headers: request.headers,
    });
    await this.parts.syncClock();
    await emulator.runDue();
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

  /** Stops recording: sessions that finish afterwards are not written to the call history (the state is closing). */
  close(): void {
    this.closed = true;
  }

  private record(historyId: number, record: SessionRecord): void {
    if (this.closed) return;
    // Session ids restart with every emulator, so the persisted row keeps only the history id.
    const { sessionId: _notPersisted, calls, records, logLines, ...fields } = record;
    let dropped: number[];
    try {
      dropped = this.parts.state.appendHistory(
        { historyId, ...fields, calls: calls.map((c) => ({ ...c })), records: records.map((r) => ({ ...r })) },
        logLines,
        this.parts.historyLimit,
      );
    } catch (err) {
      this.parts.onError(new Error(`session ${historyId} could not be recorded in the call history: ${(err as Error).message}`));
      return;
    }
    if (dropped.length > 0) {
      const trimmed = new Set(dropped);
      for (const [sessionId, id] of this.historyIds) if (trimmed.has(id)) this.historyIds.delete(sessionId);
    }
  }
}

/** Whether two tokens are equal, in time that does not depend on where they differ. */
function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
