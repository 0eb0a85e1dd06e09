import { z } from 'zod';
import type { FarEndBehaviour, InboundCallSpec, SessionRecord } from '../runtime';
import { farEndSchema, firstIssue, inboundCallSchema } from '../runtime/script/schema';
import { VoxmaskError } from '../../errors';

/**
 * `POST /_sandbox/calls`: places inbound calls into the running sandbox through its rules (what
 * `voxmask call --sandbox` sends). Like the other `/_sandbox/*` endpoints it is a local admin endpoint
 * on 127.0.0.1 that needs the account's JWT (the platform has no such method). The calls run in
 * virtual time, which moves the sandbox's persistent clock (ApplicationStorage expiry), so one request
 * is bounded (docs/sandbox.md "Time"): at most MAX_CALLS_PER_REQUEST calls, none arriving later than
 * CALLS_MAX_VIRTUAL_S, all ended by then; and it is refused while the clock leads the wall clock too far.
 */

/** Most virtual time the calls of one request run for, s; sessions still running then end ('Timeout'). */
export const CALLS_MAX_VIRTUAL_S = 3600;
/**
 * Most the virtual clock may lead the wall clock, s. A request that could push it further (it leads by
 * more than CLOCK_MAX_LEAD_S - CALLS_MAX_VIRTUAL_S - the 91 s drain at the bound) is refused.
 */
export const CLOCK_MAX_LEAD_S = 2 * 3600;
/** Most calls in one request. */
export const MAX_CALLS_PER_REQUEST = 100;
/** Most far ends of one kind (phones, SIP URIs, users) in one request. */
export const MAX_PHONES_PER_REQUEST = 100;

/** The virtual clock already leads the wall clock too far for another request; `retryAfterS` says when to retry. */
export class SandboxClockAheadError extends VoxmaskError {
  override name = 'SandboxClockAheadError';
  readonly code = 'E_SANDBOX_CLOCK_AHEAD';
  constructor(
    /** Seconds of wall time until the request would be taken. */
    readonly retryAfterS: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls to place: far-end behaviours by number, SIP URI and username, and the inbound calls (`atS` counts from now). */
export interface SandboxCallsRequest {
  phones?: Record<string, FarEndBehaviour>;
  sip?: Record<string, FarEndBehaviour>;
  users?: Record<string, FarEndBehaviour>;
  calls: InboundCallSpec[];
}

/** The finished sessions of those calls, and their readable timeline (the sandbox operator's view). */
export interface SandboxCallsResult {
  sessions: SessionRecord[];
  timeline: string;
}

/** Places the calls and waits for their sessions to end (Sandbox.runCalls). */
export type CallRunner = (request: SandboxCallsRequest) => Promise<SandboxCallsResult>;

const farEnds = (what: string) =>
  z
    .record(z.string(), farEndSchema)
    .refine((given) => Object.keys(given).length <= MAX_PHONES_PER_REQUEST, `give at most ${MAX_PHONES_PER_REQUEST} ${what}`)
    .optional();

const requestSchema = z.strictObject({
  phones: farEnds('phones'),
  sip: farEnds('SIP URIs'),
  users: farEnds('users'),
  calls: z
    .array(
      inboundCallSchema.refine((call) => (call.atS ?? 0) <= CALLS_MAX_VIRTUAL_S, {
        message: `must be at most ${CALLS_MAX_VIRTUAL_S} s (the virtual time one request may use)`,
        path: ['atS'],
      }),
    )
    .min(1, 'give at least one call')
    .max(MAX_CALLS_PER_REQUEST, `give at most ${MAX_CALLS_PER_REQUEST} calls`),
});

/** Validates a request body. Returns the request, or the first problem as `field: message`. */
export function parseCallsRequest(raw: unknown): { request: SandboxCallsRequest } | { problem: string } {
  const result = requestSchema.safeParse(raw);
  if (result.success) return { request: result.data };
  const { field, problem } = firstIssue(result.error);
  return { problem: `${field || '(body)'}: ${problem}` };
}
