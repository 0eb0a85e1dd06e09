/**
 * The Management API proper (`/platform_api`, server.ts routes to it): one request's token, body and
 * `cmd`, the injected faults, the method from the METHODS table, the wait until a write is on disk,
 * and the request log that `Sandbox.requestLog()` shows.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { isWriteMethod } from '../../platform/methods';
import { internalError, sendJson } from './answers';
import { verifyAuthorization } from './auth';
import type { SessionStarter } from './context';
import type { EndpointOptions } from './endpoint-options';
import { ApiCode, ApiError } from './errors';
import { METHODS } from './methods';
import { Params } from './params';
import { checkDeclaredLength, MAX_BODY_BYTES, readRequestFields } from './request-body';

/** One answered Management API request, for `Sandbox.requestLog()`. `at` is real epoch ms. */
export interface RequestLogEntry {
  cmd: string;
  at: number;
  errorCode?: number;
  httpStatus: number;
}

/** Most entries the request log keeps; older ones are discarded first. */
export const REQUEST_LOG_LIMIT = 10_000;

/** What the endpoint works with (from ManagementApiServerOptions and the server). */
export interface ApiEndpointOptions extends EndpointOptions {
  sessions: SessionStarter;
  /** `127.0.0.1:<port>` of the server, for methods that name it. */
  host: () => string;
  /** Hears unexpected (non-API) errors of request handling. */
  onError?: (err: Error) => void;
}

/** Answers `/platform_api` requests and keeps their log. */
export class ApiEndpoint {
  private readonly log: RequestLogEntry[] = [];

  constructor(private readonly options: ApiEndpointOptions) {}

  /** Answered requests, oldest first (at most REQUEST_LOG_LIMIT). */
  requestLog(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  /**
   * Answers one request (always JSON, API errors with HTTP 200 unless they say otherwise) and logs it.
   * `cmdFromPath`: the method named by `/platform_api/<Cmd>`, else it comes from the query or the body.
   */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, cmdFromPath: string | undefined): Promise<void> {
    const { faults, auth, wallNow } = this.options;
    const entry: RequestLogEntry = { cmd: cmdFromPath ?? '', at: wallNow(), httpStatus: 200 };
    let status = 200;
    let body: unknown;
    let headers: Record<string, string> = {};
    try {
      entry.cmd = cmdFromPath ?? url.searchParams.get('cmd') ?? '';
      // The token comes from the headers: a request without a valid one is refused before its body is read.
      verifyAuthorization(req.headers.authorization, auth, wallNow());
      checkDeclaredLength(req, MAX_BODY_BYTES);
      const fields = await readRequestFields(req, url.searchParams, { limitBytes: MAX_BODY_BYTES, timeoutMs: this.options.bodyTimeoutMs });
      entry.cmd = cmdFromPath ?? fields.get('cmd') ?? '';
      const decision = faults.next();
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

  /**
   * (Token checked before the body was read) → missing cmd (102) → unknown method (103) → handler; write
   * methods save the records they may have changed (unless `storageOnly`) and answer once the change is
   * committed to disk.
   */
  private async dispatch(cmd: string, params: Params): Promise<unknown> {
    if (cmd === '')
      throw new ApiError(ApiCode.MISSING_CMD, "Missing 'cmd': name the method in the cmd parameter or the path /platform_api/<Method>");
    const spec = METHODS.get(cmd);
    if (!spec) throw new ApiError(ApiCode.UNKNOWN_COMMAND, `Unknown command: ${cmd}`);
    const { state, sessions, wallNow } = this.options;
    const result = await spec.handle({ params, state, sessions, wallNow, host: this.options.host() });
    if (isWriteMethod(cmd)) {
      if (!spec.storageOnly) state.touch();
      try {
        await state.durable();
      } catch (err) {
        throw new ApiError(
          ApiCode.TRY_LATER,
          `The change was applied but the sandbox state could not be saved: ${(err as Error).message}`,
          500,
        );
      }
    }
    return result;
  }
}
