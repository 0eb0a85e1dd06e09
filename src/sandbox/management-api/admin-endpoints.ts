/**
 * The sandbox's own `/_sandbox/*` endpoints behind the account's token (server.ts routes to them):
 * reading and replacing the injected faults, placing inbound calls, and a finished session's log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxRoutingError } from '../state/routing';
import { CallRunner, parseCallsRequest, SandboxClockAheadError } from './admin-calls';
import { closeIfUnread, lingerIfUnread, sendJson } from './answers';
import { verifyAuthorization } from './auth';
import type { EndpointOptions } from './endpoint-options';
import { ApiCode, ApiError } from './errors';
import { FaultsError, ManagementApiFaults } from './faults';
import { BodyError, checkDeclaredLength, MAX_BODY_BYTES, readJsonBody } from './request-body';

/** Largest body of `POST /_sandbox/faults`, bytes (a faults object is a few hundred bytes). */
const FAULTS_BODY_BYTES = 64 * 1024;

/** What the admin endpoints work with (from ManagementApiServerOptions and the server). */
export interface AdminEndpointsOptions extends EndpointOptions {
  /** Serves `POST /_sandbox/calls`; absent = that endpoint answers 501. */
  runCalls?: CallRunner;
}

/** Answers the `/_sandbox/*` endpoints. */
export class AdminEndpoints {
  constructor(private readonly options: AdminEndpointsOptions) {}

  /**
   * The token of an admin request (verifyAuthorization), checked from the headers before anything else.
   * @throws ApiError with HTTP 401, in the API's error shape
   */
  authorize(req: IncomingMessage): void {
    try {
      verifyAuthorization(req.headers.authorization, this.options.auth, this.options.wallNow());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      throw new ApiError(err.code, err.message, 401);
    }
  }

  /** GET: the faults in force; POST: replaces them (ApiError 101, HTTP 400, for a body that is not valid faults JSON). */
  async faults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const faults = this.options.faults;
    if (req.method === 'POST') {
      const raw = await this.adminJson(req, FAULTS_BODY_BYTES);
      try {
        faults.set(raw as ManagementApiFaults); // set() validates (parseFaults)
      } catch (err) {
        if (!(err instanceof FaultsError)) throw err;
        throw new ApiError(ApiCode.INVALID_ARGUMENTS, err.message, 400);
      }
    }
    sendJson(req, res, 200, { result: faults.current });
  }

  /**
   * Places the calls of a valid body and answers with their sessions; HTTP 400 for a bad body, 404 for a
   * number without a route, 429 (code 162) while the virtual clock leads the wall clock too far.
   */
  async calls(req: IncomingMessage, res: ServerResponse): Promise<void> {
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

  /** A finished session's log lines as text (its `log_file_url`); 404 in the API's error shape for an unknown session. */
  async logs(req: IncomingMessage, res: ServerResponse, historyId: number): Promise<void> {
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

  /** Reads an admin request's JSON body within `limitBytes` (413 before reading when Content-Length says more). */
  private async adminJson(req: IncomingMessage, limitBytes: number): Promise<unknown> {
    try {
      checkDeclaredLength(req, limitBytes);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      throw new BodyError(err.kind, err.message, 413);
    }
    return readJsonBody(req, { limitBytes, timeoutMs: this.options.bodyTimeoutMs });
  }
}
