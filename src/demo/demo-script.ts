import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CALL_OUTCOMES, PIN_OUTCOMES } from '../../contract/call-result';
import { PARTY_ROLES } from '../../contract/order-record';
import { e164Schema as e164 } from '../config/e164';
import { issueLines, withIssues } from '../config/issues';
import type { PartyAction } from '../sandbox/runtime';
import { farEndSchema, formatPath, partyActionSchema } from '../sandbox/runtime/script/schema';
import { VoxmaskError } from '../errors';

/**
 * The demo's call script (examples/call-script.json): the calls `voxmask start` places through the
 * sandbox's routing rules after deploying and seeding. It is the runtime's call-script vocabulary
 * (docs/runtime.md: PartyAction, FarEndBehaviour) plus what only the demo knows:
 * - `from: {order, role}`: the real phone of that party of a seeded order (PINs and phones come from
 *   the seeding, never from the script), or a literal number for an unknown caller;
 * - the action `{pressPin: orderId}`: presses that order's PIN (allocated by seeding), and
 *   `{pressUnusedPin: true}`: a PIN that belongs to no active order;
 * - `callee`: how the phone the scenario dials behaves for this call;
 * - `expect`: the outcome (and optionally the PIN outcome) the call's result must report;
 * - `sessions`: pool sessions (issue 12 §1) the demo opens with the backend library (openSession) for
 *   seeded orders before the calls, optionally closing one again at once (its numbers then route
 *   nowhere for that party: "a caller whose route expired"); a call's `to: {pool: {order, callee}}` is
 *   the pool number its caller dials to reach that party of the session.
 * Calls run in the listed order; consecutive calls with the same `batch` start together.
 */

const digits = z.string().regex(/^[0-9*#]+$/, 'digits must be 0-9, * or #');
const gapMs = z.number().int().min(0).max(60_000).optional();

/** The two actions only the demo knows; every other action is the runtime's PartyAction. */
const pinActions = {
  pressPin: z.strictObject({ pressPin: z.string().min(1), then: digits.optional(), gapMs }),
  pressUnusedPin: z.strictObject({ pressUnusedPin: z.literal(true), gapMs }),
};
type PinAction = z.infer<(typeof pinActions)['pressPin']> | z.infer<(typeof pinActions)['pressUnusedPin']>;

/**
 * A caller's action: the runtime's PartyAction (src/sandbox/runtime/script/schema.ts), or
 * `{pressPin: orderId, then?}` (that order's PIN, allocated by seeding) or `{pressUnusedPin: true}`
 * (a PIN the demo checked belongs to no active order, so "wrong PIN" is never a real one).
 */
const partyAction = z.unknown().transform((value, ctx): PartyAction | PinAction => {
  const key = (Object.keys(pinActions) as (keyof typeof pinActions)[]).find((k) => value !== null && typeof value === 'object' && k in value);
  const result = (key ? pinActions[key] : partyActionSchema).safeParse(value);
  if (result.success) return result.data as PartyAction | PinAction;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
  return z.NEVER;
});
export type DemoAction = PartyAction | PinAction;

/** The pool number of one pair of a session the demo opened: the caller's pair with `callee`. */
const poolTarget = z.strictObject({ pool: z.strictObject({ order: z.string().min(1), callee: z.enum(PARTY_ROLES) }) });
export type PoolTarget = z.infer<typeof poolTarget>;

const demoCall = z.strictObject({
  name: z.string().min(1),
  from: z.union([z.strictObject({ order: z.string().min(1), role: z.enum(PARTY_ROLES) }), e164]),
  to: z.union([e164, poolTarget]),
  batch: z.string().min(1).optional(),
  abandonAfterS: z.number().min(0).max(600).optional(),
  actions: z.array(partyAction).default([]),
  callee: farEndSchema.optional(),
  expect: z.strictObject({ outcome: z.enum(CALL_OUTCOMES), pin: z.enum(PIN_OUTCOMES).optional() }),
});
export type DemoCall = z.infer<typeof demoCall>;

/** A pool session opened for a seeded order (its parties, every pair); `close`: closed again before the calls. */
const demoSession = z.strictObject({
  order: z.string().min(1),
  close: z.boolean().default(false),
});
export type DemoSession = z.infer<typeof demoSession>;

export const demoScriptSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  sessions: z.array(demoSession).default([]),
  calls: z.array(demoCall).min(1),
});
export type DemoScript = z.infer<typeof demoScriptSchema>;

/** A demo script that cannot be read; the message names the file and each bad field path. */
export class DemoScriptError extends VoxmaskError {
  override name = 'DemoScriptError';
  readonly code = 'E_DEMO_SCRIPT';
}

/** Reads and validates a demo call script. @throws DemoScriptError naming the field, e.g. `calls[3].to` */
export function readDemoScript(file: string): DemoScript {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DemoScriptError(`cannot read call script ${file}: ${(err as Error).message}`);
  }
  const parsed = demoScriptSchema.safeParse(raw);
  if (!parsed.success) throw new DemoScriptError(withIssues(`call script ${file} is invalid:`, issueLines(parsed.error, formatPath)));
  return parsed.data;
}


/** Groups calls into batches: consecutive calls with the same `batch` value run together. */
export function batchesOf(calls: DemoCall[]): DemoCall[][] {
  const batches: DemoCall[][] = [];
  for (const call of calls) {
    const last = batches[batches.length - 1];
    if (last && call.batch !== undefined && last[0].batch === call.batch) last.push(call);
    else batches.push([call]);
  }
  return batches;
}
