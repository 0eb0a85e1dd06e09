/**
 * The uniform step lifecycle (jambonz-style verbs): a step is entered with its input, does one job on
 * the call, and resolves to the next step's input. Steps never call each other; the runner
 * (session.ts) looks the next step up in the mode's table (<mode>/flow.ts). A step rejects only with
 * CallerGoneError (the caller left, or the session was cancelled) or an unexpected error; the runner
 * handles both.
 */
import type { PromptId } from '../../../contract/prompts';
import type { CallContext } from '../context';
import type { CalleeFailure } from '../logic/failure-codes';
import type { OperatorReason } from '../../../contract/call-result';

/** Input of each step, tagged by the step's name. */
export type Next =
  | { step: 'answer' }
  /** After the answer: the mode's own routing (masked-call: the known-caller index; pool-call: the route). */
  | { step: 'route' }
  /** masked-call: the known caller picks one of their orders (ctx.candidates) by DTMF. */
  | { step: 'chooseOrder' }
  /** click-to-call: read the request (custom data) and the order. */
  | { step: 'request' }
  /** click-to-call: call party A; when A answers, A becomes the primary leg. */
  | { step: 'callFirst' }
  | { step: 'checkLockout' }
  | { step: 'collectPin'; lead?: PromptId }
  | { step: 'lookup'; pin: string }
  | { step: 'dial' }
  | { step: 'talk'; peer: Call; peerKind: 'callee' | 'operator' }
  | { step: 'calleeFailed'; failure: CalleeFailure }
  | { step: 'operator'; reason: OperatorReason; lead?: PromptId[] }
  | { step: 'goodbye'; lines: PromptId[]; values?: Record<string, string | number> }
  | { step: 'done' };

export type StepName = Exclude<Next['step'], 'done'>;
export type StepInput<K extends StepName> = Extract<Next, { step: K }>;

/** A step; its name is its key in the mode's table (<mode>/flow.ts). */
export interface Step<K extends StepName> {
  run(ctx: CallContext, input: StepInput<K>): Promise<Next>;
}

/** A mode's steps by name; a mode leaves out the steps it never enters (they are not bundled). */
export type StepTable = { readonly [K in StepName]?: Step<K> };
