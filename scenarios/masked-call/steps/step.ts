/**
 * The uniform step lifecycle (jambonz-style verbs): a step is entered with its input, does one job on
 * the call, and resolves to the next step's input. Steps never call each other; the flow runner
 * (flow.ts) looks the next step up in its table. A step rejects only with CallerGoneError (the caller
 * left) or an unexpected error; the runner handles both.
 */
import type { PromptId } from '../../../contract/prompts';
import type { CallContext } from '../context';
import type { CalleeFailure } from '../../shared/logic/failure-codes';
import type { OperatorReason } from '../../../contract/call-result';


/** Input of each step, tagged by the step's name. */
export type Next =
  | { step: 'answer' }
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

/** A step; its name is its key in the flow's table (flow.ts STEPS). */
export interface Step<K extends StepName> {
  run(ctx: CallContext, input: StepInput<K>): Promise<Next>;
}
