/**
 * What happens after a PIN attempt fails: another attempt while the per-call budget lasts
 * (ctx.attemptLimit: fewer on the slow path), then the operator (when configured) or a goodbye.
 * Shared by collect-pin and lookup.
 */
import type { PinOutcome } from '../../../contract/call-result';
import type { FailureOutcome } from '../../shared/logic/result-facts';
import type { PromptId } from '../../../contract/prompts';
import type { CallContext } from '../context';
import type { Next } from './step';

export function failAttempt(ctx: CallContext, pinOutcome: PinOutcome, lead: PromptId, finalOutcome: FailureOutcome): Next {
  ctx.facts.pinResult(pinOutcome);
  if (ctx.facts.pinAttempts < ctx.attemptLimit) return { step: 'collectPin', lead };
  ctx.facts.failed(finalOutcome);
  if (ctx.settings.operator.number) return { step: 'operator', reason: 'pin_failed', lead: [lead] };
  return { step: 'goodbye', lines: [lead, 'tryLater'] };
}

/** Storage or order-record trouble: apologise, then the operator or a goodbye. */
export function serviceFailure(ctx: CallContext): Next {
  ctx.facts.pinResult('service_error');
  ctx.facts.failed('service_error');
  if (ctx.settings.operator.number) return { step: 'operator', reason: 'service_error', lead: ['serviceError'] };
  return { step: 'goodbye', lines: ['serviceError', 'tryLater'] };
}
