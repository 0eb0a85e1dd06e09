/**
 * zod schemas of the emulator's inputs: party actions, far-end behaviours, inbound calls, HTTP answers,
 * faults, and the whole call script of `voxmask call` (docs/runtime.md "Call scripts";
 * schemas/call-script.schema.json is the same format as JSON Schema). Union members are told apart by
 * their key ({ press } vs { waitS } ...), so an error names the member's own field, e.g.
 * `calls[0].actions[1].press: digits must be 0-9, * or #`.
 */
import { z } from 'zod';
import type { FarEndBehaviour, HttpResponseSpec, InboundCallSpec, PartyAction } from '../types';

const seconds = z.number().finite().nonnegative();
const number = z.string().min(1, 'must be a non-empty phone number');

/** A union whose members are objects identified by one key each. */
function keyedUnion<T>(what: string, branches: Record<string, z.ZodType>): z.ZodType<T> {
  const names = Object.keys(branches);
  return z.unknown().transform((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `${what} must be an object with one of: ${names.join(', ')}` });
      return z.NEVER;
    }
    const present = names.filter((n) => n in value);
    if (present.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `${what} must have exactly one of: ${names.join(', ')} (found ${present.length ? present.join(', ') : 'none'})` });
      return z.NEVER;
    }
    const result = branches[present[0]].safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
      return z.NEVER;
    }
    return result.data as T;
  }) as unknown as z.ZodType<T>;
}

const empty = z.strictObject({});

/** PartyAction (docs/runtime-api.md). */
export const partyActionSchema = keyedUnion<PartyAction>('an action', {
  waitS: z.strictObject({ waitS: seconds }),
  press: z.strictObject({
    press: z.string().regex(/^[0-9*#]+$/, 'digits must be 0-9, * or #'),
    gapMs: z.number().finite().positive().optional(),
  }),
  waitUntilHeard: z.strictObject({ waitUntilHeard: z.string().min(1, 'must be a non-empty text'), timeoutS: z.number().finite().positive().optional() }),
  hangup: z.strictObject({ hangup: z.literal(true) }),
});

/** FarEndBehaviour (docs/runtime-api.md). */
export const farEndSchema = keyedUnion<FarEndBehaviour>('a phone behaviour', {
  answer: z.strictObject({ answer: z.strictObject({ afterS: seconds.optional(), actions: z.array(partyActionSchema).optional() }) }),
  busy: z.strictObject({ busy: z.strictObject({ afterS: seconds.optional() }) }),
  noAnswer: z.strictObject({ noAnswer: empty }),
  unreachable: z.strictObject({ unreachable: empty }),
  reject: z.strictObject({ reject: z.strictObject({ afterS: seconds.optional() }) }),
  invalidNumber: z.strictObject({ invalidNumber: empty }),
});

/** InboundCallSpec (docs/runtime-api.md). */
export const inboundCallSchema: z.ZodType<InboundCallSpec> = z.strictObject({
  from: number,
  to: number,
  atS: seconds.optional(),
  displayName: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  abandonAfterS: seconds.optional(),
  actions: z.array(partyActionSchema).optional(),
});

/** HttpResponseSpec (docs/runtime-api.md); networkError is a Net code -1..-9. */
export const httpResponseSchema: z.ZodType<HttpResponseSpec> = z.strictObject({
  status: z.number().int().min(100, 'must be an HTTP status 100-599').max(599, 'must be an HTTP status 100-599').optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  delayMs: z.number().finite().nonnegative().optional(),
  networkError: z.number().int().min(-9, 'must be a Net error code -1..-9').max(-1, 'must be a Net error code -1..-9').optional(),
});

const times = z.number().int().positive().optional();
const sessionId = z.number().int().positive().optional();

/** FaultSpec (docs/runtime-api.md), plus optional sessionId per fault. */
export const faultsSchema = z.strictObject({
  storage: z
    .array(
      z.strictObject({
        op: z.enum(['get', 'put', 'remove', 'keys']),
        kind: z.enum(['reject', 'slow']),
        delayMs: z.number().finite().nonnegative().optional(),
        times,
        keyPrefix: z.string().optional(),
        sessionId,
      }),
    )
    .optional(),
  http: z.array(z.strictObject({ urlContains: z.string().optional(), kind: z.enum(['timeout', 'status500', 'connectionRefused']), times, sessionId })).optional(),
});

const storageEntry = z.union([
  z.string(),
  z.strictObject({
    value: z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
    ttl: z.number().finite().nonnegative().optional(),
  }),
]);

/** The call script of `voxmask call` (docs/runtime.md). */
export const callScriptSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    application: z.union([z.string().min(1), z.strictObject({ name: z.string().min(1), id: z.number().int().positive().optional() })]).optional(),
    scenarios: z.array(z.string().min(1, 'must be a file path')).min(1, 'list at least one scenario file'),
    ruleName: z.string().optional(),
    startTime: z.union([z.string(), z.number()]).optional(),
    storage: z.record(z.string(), storageEntry).optional(),
    secrets: z.record(z.string(), z.string()).optional(),
    http: z.array(z.strictObject({ match: z.strictObject({ method: z.string().optional(), urlContains: z.string().optional() }).optional(), respond: httpResponseSchema })).optional(),
    phones: z.record(z.string(), farEndSchema).optional(),
    defaultPhone: farEndSchema.optional(),
    faults: faultsSchema.optional(),
    calls: z.array(inboundCallSchema).optional(),
    sessions: z.array(z.strictObject({ customData: z.string().optional() })).optional(),
    maxVirtualS: z.number().finite().positive().optional(),
  })
  .refine((s) => (s.calls?.length ?? 0) + (s.sessions?.length ?? 0) > 0, { message: 'give at least one inbound call (calls) or one session (sessions)', path: ['calls'] });

/** A parsed call script. */
export type CallScript = z.infer<typeof callScriptSchema>;

/**
 * `calls[0].actions[1].press`, `phones["+15551234567"]`. `under` is a path the result continues
 * (`options.defaultPhone` + ['answer'] gives `options.defaultPhone.answer`); '' for none.
 */
export function formatPath(path: readonly PropertyKey[], under = ''): string {
  let out = under;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}

/** The first issue of a failed parse: `field` is its path (formatPath, continuing `under`), `problem` its message. */
export function firstIssue(error: z.ZodError, under = ''): { field: string; problem: string } {
  const issue = error.issues[0];
  return { field: formatPath(issue.path as PropertyKey[], under), problem: issue.message };
}
