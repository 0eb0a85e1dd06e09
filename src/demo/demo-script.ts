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
 * - a call with `clickToCall: {order, from, to}` instead of `from`/`to`: a click-to-call the demo
 *   requests with the backend library; `phones.from`/`phones.to` are how the two phones behave;
 * - `sessions`: pool sessions (issue 12 §1) the demo opens with the backend library (openSession) for
 *   seeded orders before the calls, optionally closing one again at once (its numbers then route
 *   nowhere for that party: "a caller whose route expired"); a call's `to: {pool: {order, callee}}` is
 *   the pool number its caller dials to reach that party of the session.
 * Calls run in the listed order; consecutive calls with the same `batch` start together.
 */

const digits = z.string().regex(/^[0-9*#]+$/, 'digits must be 0-9, * or #');
const gapMs = z.number().int().min(0).max(60_000).optional();

/**
 * A value read by the one schema `pick` chooses for it: a union would report "Invalid input" for the
 * whole value, this reports the chosen schema's own field paths.
 */
function readAs<T>(pick: (value: unknown) => z.ZodType) {
  return z.unknown().transform((value, ctx): T => {
    const result = pick(value).safeParse(value);
    if (result.success) return result.data as T;
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
    return z.NEVER;
  });
}

function hasKey(value: unknown, key: string): boolean {
  return value !== null && typeof value === 'object' && key in value;
}

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
const partyAction = readAs<PartyAction | PinAction>((value) => {
  const key = (Object.keys(pinActions) as (keyof typeof pinActions)[]).find((k) => hasKey(value, k));
  return key ? pinActions[key] : partyActionSchema;
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
/** A call a party places by dialing a virtual number. */
export type InboundDemoCall = z.infer<typeof demoCall>;

/**
 * A click-to-call (issue 12 §3): the demo asks for it with the backend library (placeCall, i.e.
 * StartScenarios); the session calls `from` first, then `to`. `phones` says how each one's phone behaves.
 */
const clickToCallDemo = z.strictObject({
  name: z.string().min(1),
  batch: z.string().min(1).optional(),
  clickToCall: z.strictObject({ order: z.string().min(1), from: z.enum(PARTY_ROLES), to: z.enum(PARTY_ROLES) }),
  phones: z.strictObject({ from: farEndSchema.optional(), to: farEndSchema.optional() }).default({}),
  expect: z.strictObject({ outcome: z.enum(CALL_OUTCOMES), pin: z.enum(PIN_OUTCOMES).optional() }),
});
export type ClickToCallDemo = z.infer<typeof clickToCallDemo>;

/** One scripted call: dialed by a party, or requested by the backend (click-to-call). */
export type DemoCall = InboundDemoCall | ClickToCallDemo;

/** A call is read by the schema of its kind (a `clickToCall` key says which), so errors name its own fields. */
const scriptedCall = readAs<DemoCall>((value) => (hasKey(value, 'clickToCall') ? clickToCallDemo : demoCall));

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
  calls: z.array(scriptedCall).min(1),
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
