import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CALL_OUTCOMES, PIN_OUTCOMES } from '../../contract/call-result';
import { PARTY_ROLES } from '../../contract/order-record';

/**
 * The demo's call script (examples/call-script.json): the calls `voxmask start` places through the
 * sandbox's routing rules after deploying and seeding. It is the runtime's call-script vocabulary
 * (docs/runtime.md: PartyAction, FarEndBehaviour) plus what only the demo knows:
 * - `from: {order, role}`: the real phone of that party of a seeded order (PINs and phones come from
 *   the seeding, never from the script), or a literal number for an unknown caller;
 * - the action `{pressPin: orderId}`: presses that order's PIN (allocated by seeding), and
 *   `{pressUnusedPin: true}`: a PIN that belongs to no active order;
 * - `callee`: how the phone the scenario dials behaves for this call;
 * - `expect`: the outcome (and optionally the PIN outcome) the call's result must report.
 * Calls run in the listed order; consecutive calls with the same `batch` start together.
 */

const digits = z.string().regex(/^[0-9*#]+$/, 'digits must be 0-9, * or #');
const e164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number with a leading +');

const gapMs = z.number().int().min(0).max(60_000).optional();
/** The runtime's PartyAction (docs/runtime.md): what a callee may do. */
const runtimeAction = z.union([
  z.strictObject({ waitS: z.number().min(0).max(3600) }),
  z.strictObject({ press: digits, gapMs }),
  z.strictObject({ waitUntilHeard: z.string().min(1), timeoutS: z.number().min(0).max(3600).optional() }),
  z.strictObject({ hangup: z.literal(true) }),
]);
/**
 * A caller may also press an order's PIN (and then, e.g., `#`), or a PIN that belongs to no active
 * order (the demo draws one and checks it against the seeded orders, so "wrong PIN" is never a real one).
 */
const partyAction = z.union([
  runtimeAction,
  z.strictObject({ pressPin: z.string().min(1), then: digits.optional(), gapMs }),
  z.strictObject({ pressUnusedPin: z.literal(true), gapMs }),
]);
export type DemoAction = z.infer<typeof partyAction>;

const afterS = z.strictObject({ afterS: z.number().min(0).max(600).optional() });
const empty = z.strictObject({});
const farEndBehaviour = z.union([
  z.strictObject({ answer: z.strictObject({ afterS: z.number().min(0).max(600).optional(), actions: z.array(runtimeAction).optional() }) }),
  z.strictObject({ busy: afterS }),
  z.strictObject({ noAnswer: empty }),
  z.strictObject({ unreachable: empty }),
  z.strictObject({ reject: afterS }),
  z.strictObject({ invalidNumber: empty }),
]);

const demoCall = z.strictObject({
  name: z.string().min(1),
  from: z.union([z.strictObject({ order: z.string().min(1), role: z.enum(PARTY_ROLES) }), e164]),
  to: e164,
  batch: z.string().min(1).optional(),
  abandonAfterS: z.number().min(0).max(600).optional(),
  actions: z.array(partyAction).default([]),
  callee: farEndBehaviour.optional(),
  expect: z.strictObject({ outcome: z.enum(CALL_OUTCOMES), pin: z.enum(PIN_OUTCOMES).optional() }),
});
export type DemoCall = z.infer<typeof demoCall>;

export const demoScriptSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  calls: z.array(demoCall).min(1),
});
export type DemoScript = z.infer<typeof demoScriptSchema>;

/** A demo script that cannot be read; the message names the file and each bad field path. */
export class DemoScriptError extends Error {
  override name = 'DemoScriptError';
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
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  - ${formatPath(i.path)}: ${i.message}`);
    throw new DemoScriptError(`call script ${file} is invalid:\n${issues.join('\n')}`);
  }
  return parsed.data;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '') || '(root)';
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
