import { z } from 'zod';
import type { FarEndBehaviour, InboundCallSpec, SessionRecord } from '../runtime';
import { farEndSchema, firstIssue, inboundCallSchema } from '../runtime/script/schema';

/**
 * `POST /_sandbox/calls`: places inbound calls into the running sandbox through its rules (what
 * `voxmask call --sandbox` sends). Like the other `/_sandbox/*` endpoints it is a local admin
 * endpoint on 127.0.0.1 without JWT (the platform has no such method).
 */

/** Calls to place: far-end behaviours by number, and the inbound calls (`atS` counts from now). */
export interface SandboxCallsRequest {
  phones?: Record<string, FarEndBehaviour>;
  calls: InboundCallSpec[];
}

/** The finished sessions of those calls, and their readable timeline (the sandbox operator's view). */
export interface SandboxCallsResult {
  sessions: SessionRecord[];
  timeline: string;
}

/** Places the calls and waits for their sessions to end (Sandbox.runCalls). */
export type CallRunner = (request: SandboxCallsRequest) => Promise<SandboxCallsResult>;

const requestSchema = z.strictObject({
  phones: z.record(z.string(), farEndSchema).optional(),
  calls: z.array(inboundCallSchema).min(1, 'give at least one call'),
});

/** Validates a request body. Returns the request, or the first problem as `field: message`. */
export function parseCallsRequest(raw: unknown): { request: SandboxCallsRequest } | { problem: string } {
  const result = requestSchema.safeParse(raw);
  if (result.success) return { request: result.data };
  const { field, problem } = firstIssue(result.error);
  return { problem: `${field || '(body)'}: ${problem}` };
}
