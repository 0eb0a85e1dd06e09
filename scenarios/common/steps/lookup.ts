/**
 * Step "lookup": one PIN guess. The guess is first admitted by the brute-force defence (lockout-store.ts:
 * its record is written and the caller's records counted; over the limit it is refused unevaluated),
 * then `order:<pin>` is read from ApplicationStorage, validated, and the caller ID matched against its
 * parties (contract/routing.ts, national caller IDs resolved with the dialed number's country code).
 *
 * Oracle rule: unless pin.revealCallerMismatch is set, "no such order", "not a party of the order" and
 * "unreadable record" sound the same to the caller (prompt `pinRejected`), run the same storage
 * operations and cost the same attempt; only the result's pin.outcome tells the backend which it was.
 * A rejected or slow storage read never becomes an unhandled rejection: it sends the caller to the
 * operator, or apologises.
 */
import { OrderRecordError, orderKey, parseOrderRecord } from '../../../contract/order-record';
import { routeCall } from '../../../contract/routing';
import { Admission, admitGuess, forgetGuess, settleFailure } from '../lockout-store';
import { logEvent } from '../log';
import { failAttempt, serviceFailure } from './attempts';
import { Next, Step } from './step';
import { STORAGE_FAILED } from '../call-scope';
import type { FailureOutcome } from '../logic/result-facts';
import type { CallContext } from '../context';
import type { PinOutcome } from '../../../contract/call-result';
import type { PromptId } from '../../../contract/prompts';

export const lookupStep: Step<'lookup'> = {
  async run(ctx, input) {
    const admission = await admitGuess(ctx);
    if (admission.kind === 'unavailable') return serviceFailure(ctx);
    if (admission.kind === 'refused') return lockedOut(ctx);
    const item = await ctx.scope.storage('order_read_failed', () => ApplicationStorage.get(orderKey(input.pin)));
    if (item === STORAGE_FAILED) {
      forgetGuess(ctx, admission);
      return serviceFailure(ctx);
    }
    const reveal = ctx.settings.pin.revealCallerMismatch;
    if (item === null) {
      logEvent('order_not_found', { attempt: ctx.facts.pinAttempts });
      return failedGuess(ctx, admission, 'not_found', reveal ? 'orderNotFound' : 'pinRejected', 'order_not_found');
    }
    let order;
    try {
      // Spoken text is checked again where it is spoken (ctx.partyName, ctx.whisperFrom), so a bad label costs the label, not the call.
      order = parseOrderRecord(item.value, { speakableTextOnly: false });
    } catch (err) {
      if (!(err instanceof OrderRecordError)) throw err;
      logEvent('order_invalid', { field: err.field, code: err.code });
      ctx.facts.warn('order_record_invalid');
      // Whether the caller is a party is unknown: by default this must sound like any other rejected PIN.
      if (!reveal) return failedGuess(ctx, admission, 'service_error', 'pinRejected', 'service_error');
      return serviceFailure(ctx);
    }
    ctx.order = order;
    const route = routeCall(order, ctx.callerId, ctx.defaultCountryCode);
    if (route.kind === 'caller_not_on_order') {
      logEvent('caller_not_on_order', { orderId: order.orderId, caller: ctx.maskedCaller });
      return failedGuess(ctx, admission, 'caller_mismatch', reveal ? 'callerNotOnOrder' : 'pinRejected', 'caller_unknown');
    }
    forgetGuess(ctx, admission);
    if (route.kind === 'no_callee') {
      logEvent('order_has_no_callee', { orderId: order.orderId, callerRole: route.caller.role });
      ctx.facts.warn('order_has_no_callee');
      return serviceFailure(ctx);
    }
    ctx.route = { caller: route.caller, callee: route.callee };
    ctx.facts.pinResult('matched');
    logEvent('matched', { orderId: order.orderId, callerRole: route.caller.role, calleeRole: route.callee.role });
    return { step: 'dial' };
  },
};

/**
 * A failed guess: it stays counted (settleFailure); a caller who has reached the limit is told and the
 * call ends, any other caller gets the usual next attempt (failAttempt, with the same arguments).
 */
async function failedGuess(
  ctx: CallContext,
  admission: Admission,
  pinOutcome: PinOutcome,
  lead: PromptId,
  finalOutcome: FailureOutcome,
): Promise<Next> {
  ctx.facts.pinResult(pinOutcome);
  if (await settleFailure(ctx, admission)) return lockedOut(ctx);
  return failAttempt(ctx, pinOutcome, lead, finalOutcome);
}

function lockedOut(ctx: CallContext): Next {
  ctx.facts.failed('locked_out');
  return { step: 'goodbye', lines: ['lockedOut'] };
}
