/**
 * What happens after a PIN attempt fails: another attempt while the per-call budget lasts
 * (ctx.attemptLimit: fewer on the slow path), then the operator (when configured) or a goodbye.
 * Shared by collect-pin and lookup; serviceUnavailable by every step that reads storage.
 */
import type { PinOutcome } from '../../../contract/call-result';
import type { FailureOutcome } from '../logic/result-facts';
import type { PromptId } from '../../../contract/prompts';
import type { CallContext } from '../context';
import type { Next } from './step';

export function failAttempt(ctx: CallContext, pinOutcome: PinOutcome, lead: PromptId, finalOutcome: FailureOutcome): Next {
  ctx.facts.pinResult(pinOutcome);
  if (ctx.facts.pinAttempts < ctx.attemptLimit) return { step: 'collectPin', lead };
  ctx.facts.failed(finalOutcome);
  if (ctx.settings.operator.target) return { step: 'operator', reason: 'pin_failed', lead: [lead] };
  return { step: 'goodbye', lines: [lead, 'tryLater'] };
}

/** Storage or order-record trouble during a PIN lookup: the PIN's outcome says so, then serviceUnavailable. */
export function serviceFailure(ctx: CallContext): Next {
  ctx.facts.pinResult('service_error');
  return serviceUnavailable(ctx);
}

/** Storage or record trouble in any mode: apologise, then the operator or a goodbye. */
export function serviceUnavailable(ctx: CallContext): Next {
  ctx.facts.failed('service_error');
  if (ctx.settings.operator.target) return { step: 'operator', reason: 'service_error', lead: ['serviceError'] };
  return { step: 'goodbye', lines: ['serviceError', 'tryLater'] };
}
