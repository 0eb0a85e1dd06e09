/**
 * The one definition of the emulator's input formats: party actions, far-end behaviours, inbound
 * calls, HTTP answers, faults, and the whole call script of `voxmask call` (docs/runtime.md "Call
 * scripts"). The TypeScript types are `z.infer` of these schemas (types.ts re-exports them) and
 * schemas/call-script.schema.json is generated from them (script/json-schemas.ts), so the three cannot
 * drift. Union members are told apart by their key ({ press } vs { waitS } ...), so an error names the
 * member's own field, e.g. `calls[0].actions[1].press: digits must be 0-9, * or #`.
 */
import { z } from 'zod';

const seconds = z.number().finite().nonnegative();
const number = z.string().min(1, 'must be a non-empty phone number');

/**
 * A union whose members are objects identified by one key each. Parsing goes through the member named
 * by the key (so errors name that member's fields); the pipe's output side, a plain union of the
 * members, is what the JSON Schema shows (generated with io 'output') and what z.infer gives.
 */
function keyedUnion<B extends Record<string, z.ZodObject>>(what: string, id: string, description: string, branches: B) {
  const names = Object.keys(branches);
  const dispatch = z.unknown().transform((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `${what} must be an object with one of: ${names.join(', ')}` });
      return z.NEVER;
    }
    const present = names.filter((n) => n in value);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must have exactly one of: ${names.join(', ')} (found ${present.length ? present.join(', ') : 'none'})`,
      });
      return z.NEVER;
    }
    const result = branches[present[0]].safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
      return z.NEVER;
    }
    return result.data;
  });
  const members = Object.values(branches) as unknown as readonly [B[keyof B], ...B[keyof B][]];
  return dispatch.pipe(z.union(members)).meta({ id, description });
}

const empty = z.strictObject({});

/** PartyAction: what a party (caller or callee) does once its call is connected, in order. */
export const partyActionSchema = keyedUnion('an action', 'partyAction', 'What a party does once its call is connected.', {
  waitS: z.strictObject({ waitS: seconds.describe('Do nothing for this many virtual seconds.') }).describe('Wait.'),
  press: z
    .strictObject({
      press: z
        .string()
        .regex(/^[0-9*#]+$/, 'digits must be 0-9, * or #')
        .describe('DTMF digits 0-9, * and #.'),
      gapMs: z.number().finite().positive().optional().describe('Virtual milliseconds between digits (default 300).'),
    })
    .describe('Press DTMF digits.'),
  waitUntilHeard: z
    .strictObject({
      waitUntilHeard: z
        .string()
        .min(1, 'must be a non-empty text')
        .describe('Text (case-insensitive) of a TTS prompt that must FINISH playing to this party.'),
      timeoutS: z.number().finite().positive().optional().describe('Give up and go on after this many seconds (default 60).'),
    })
    .describe('Wait for a prompt.'),
  hangup: z.strictObject({ hangup: z.literal(true) }).describe('End the call from this side.'),
});

/**
 * FarEndBehaviour: how a far end reached by callPSTN, callSIP or callUser behaves (default when none
 * is configured: answer after 3 s).
 */
export const farEndSchema = keyedUnion(
  'a phone behaviour',
  'farEnd',
  'How a far end (phone, SIP peer or user) reached by the scenario behaves.',
  {
    answer: z
      .strictObject({
        answer: z.strictObject({
          afterS: seconds.optional().describe('Rings this long, then answers (default 3).'),
          actions: z.array(partyActionSchema).optional().describe('What the far end does once connected.'),
        }),
      })
      .describe('Answers, then runs actions.'),
    busy: z
      .strictObject({ busy: z.strictObject({ afterS: seconds.optional().describe('Failed 486 after this long (default 1).') }) })
      .describe('Busy.'),
    noAnswer: z.strictObject({ noAnswer: empty }).describe('Rings until 60 s pass (Failed 408) or the scenario hangs up (Failed 487).'),
    unreachable: z.strictObject({ unreachable: empty }).describe('Failed 480 at once (no Ringing).'),
    reject: z
      .strictObject({ reject: z.strictObject({ afterS: seconds.optional().describe('Failed 603 after this long (default 2).') }) })
      .describe('Declines.'),
    invalidNumber: z.strictObject({ invalidNumber: empty }).describe('Failed 404 at once.'),
  },
);

/** InboundCallSpec: an inbound PSTN call into a session. */
export const inboundCallSchema = z.strictObject({
  from: number.describe('Caller ID as the platform delivers it.'),
  to: number.describe('The dialed (virtual) number.'),
  atS: seconds.optional().describe("Arrival, seconds after the run's start (default 0)."),
  displayName: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional().describe('SIP X- headers delivered with CallAlerting.'),
  abandonAfterS: seconds.optional().describe('The caller gives up if not answered by then (seconds after arrival).'),
  actions: z.array(partyActionSchema).optional().describe('What the caller does once answered.'),
});

/**
 * HttpResponseSpec: the answer to a scenario's Net request. `delayMs` is virtual latency in ms (default
 * 50); `networkError` makes the request fail with that Net code (-1..-9, docs/platform.md#net-failures).
 */
export const httpResponseSchema = z
  .strictObject({
    status: z.number().int().min(100, 'must be an HTTP status 100-599').max(599, 'must be an HTTP status 100-599').optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional(),
    delayMs: z.number().finite().nonnegative().optional().describe('Virtual latency in ms (default 50).'),
    networkError: z
      .number()
      .int()
      .min(-9, 'must be a Net error code -1..-9')
      .max(-1, 'must be a Net error code -1..-9')
      .optional()
      .describe('Fail with this Net code instead (-7 timeout, -4 connection error, ...).'),
  })
  .meta({ id: 'httpResponse' });

/** SessionHttpRequest: a request to a session's access URL (types.ts). */
export const sessionHttpRequestSchema = z.strictObject({
  method: z.string().min(1, 'must be an HTTP method'),
  path: z.string().startsWith('/', "must be the URL's path, starting with /"),
  content: z.string(),
  headers: z.record(z.string(), z.string()),
});

const times = z.number().int().positive().optional().describe('How many operations it affects (default: all).');
const sessionId = z.number().int().positive().optional().describe('Only this session (default: every session).');

/** StorageFault: the matching ApplicationStorage operation rejects, or completes after `delayMs` virtual ms. */
export const storageFaultSchema = z.strictObject({
  op: z.enum(['get', 'put', 'remove', 'keys']),
  kind: z.enum(['reject', 'slow']),
  delayMs: z.number().finite().nonnegative().optional().describe("For 'slow': the virtual delay in ms (default 5000)."),
  times,
  keyPrefix: z.string().optional().describe('Only keys starting with this.'),
  sessionId,
});

/** HttpFault: matching Net requests time out (-7), answer 500, or fail to connect (-4). */
export const httpFaultSchema = z.strictObject({
  urlContains: z.string().optional(),
  kind: z.enum(['timeout', 'status500', 'connectionRefused']),
  times,
  sessionId,
});

/** FaultSpec: faults to inject; each applies to every session of the emulator unless it names a sessionId. */
export const faultsSchema = z.strictObject({
  storage: z.array(storageFaultSchema).optional(),
  http: z.array(httpFaultSchema).optional(),
});

const storageEntry = z.union([
  z.string(),
  z.strictObject({
    value: z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
    ttl: z.number().finite().nonnegative().optional(),
  }),
]);

/** Far ends keyed by address (compared as given, no normalisation). */
const farEnds = (what: string) =>
  z.record(z.string(), farEndSchema).optional().describe(`Far-end behaviour by ${what} (as the scenario dials it).`);

/** The call script of `voxmask call` (docs/runtime.md). */
export const callScriptSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    application: z
      .union([z.string().min(1), z.strictObject({ name: z.string().min(1), id: z.number().int().positive().optional() })])
      .optional()
      .describe("Application name, or { name, id } (default 'voxmask', id 1)."),
    scenarios: z
      .array(z.string().min(1, 'must be a file path'))
      .min(1, 'list at least one scenario file')
      .describe('Scenario files (plain VoxEngine JavaScript), loaded in this order into each session.'),
    ruleName: z.string().optional(),
    startTime: z
      .union([z.string(), z.number()])
      .optional()
      .describe('Virtual start time: ISO 8601 or epoch ms (default 2026-01-01T00:00:00Z).'),
    storage: z
      .record(z.string(), storageEntry)
      .optional()
      .describe('Initial ApplicationStorage: key → value, or key → { value, ttl } (ttl in seconds; objects are stored as JSON).'),
    secrets: z.record(z.string(), z.string()).optional().describe('Application secrets for VoxEngine.getSecretValue.'),
    http: z
      .array(
        z.strictObject({
          match: z.strictObject({ method: z.string().optional(), urlContains: z.string().optional() }).optional(),
          respond: httpResponseSchema,
        }),
      )
      .optional()
      .describe('HTTP answers: the first rule whose match fits answers; unmatched requests get 404.'),
    phones: farEnds('dialed phone number (callPSTN)'),
    sip: farEnds('SIP URI, for callSIP (e.g. "sip:desk@pbx.example.com")'),
    users: farEnds('Voximplant username, for callUser'),
    defaultPhone: farEndSchema.optional().describe('For phones, SIP URIs and users not listed (default: answer after 3 s).'),
    faults: faultsSchema.optional(),
    calls: z.array(inboundCallSchema).optional().describe('Inbound PSTN calls; each starts a session.'),
    sessions: z
      .array(
        z.strictObject({
          customData: z.string().optional().describe('What VoxEngine.customData() returns.'),
          requests: z
            .array(
              z.strictObject({
                atS: seconds.describe("When, seconds after the run's start."),
                method: z.string().min(1).optional().describe('Default POST.'),
                content: z.string().optional().describe('The body (default empty).'),
                headers: z.record(z.string(), z.string()).optional().describe('X- headers.'),
              }),
            )
            .optional()
            .describe("Requests to the session's access URL, delivered as AppEvents.HttpRequest (the backend cancelling a call, say)."),
        }),
      )
      .optional()
      .describe('Sessions started as by StartScenarios (no call), at the start of the run.'),
    maxVirtualS: z.number().finite().positive().optional().describe('Bound of the run in virtual seconds (default 10800).'),
  })
  .refine((s) => (s.calls?.length ?? 0) + (s.sessions?.length ?? 0) > 0, {
    message: 'give at least one inbound call (calls) or one session (sessions)',
    path: ['calls'],
  })
  // The refine above, as JSON Schema (zod cannot express a refine there).
  .meta({ anyOf: ['calls', 'sessions'].map((key) => ({ required: [key], properties: { [key]: { type: 'array', minItems: 1 } } })) });

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
