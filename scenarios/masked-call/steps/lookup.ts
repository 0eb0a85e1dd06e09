/**
 * Step "lookup": reads `order:<pin>` from ApplicationStorage, validates the record, matches the caller
 * ID against its parties (contract/routing.ts) and picks the callee. Failed lookups count towards the
 * cross-call lockout. A rejected or slow storage read never becomes an unhandled rejection: it sends the
 * caller to the operator, or apologises.
 */
import { OrderRecordError, orderKey, parseOrderRecord } from '../../../contract/order-record';
import { routeCall } from '../../../contract/routing';
import { clearLockout, recordFailure } from '../lockout-store';
import { logEvent } from '../log';
import { failAttempt, serviceFailure } from './attempts';
import { Next, Step } from './step';
import { CallContext, STORAGE_FAILED } from '../context';
import type { CallOutcome, PinOutcome } from '../../../contract/call-result';
import type { PromptId } from '../../../contract/prompts';

export const lookupStep: Step<'lookup'> = {
  async run(ctx, input) {
    const item = await ctx.storage('order_read_failed', () => ApplicationStorage.get(orderKey(input.pin)));
    if (item === STORAGE_FAILED) return serviceFailure(ctx);
    if (item === null) {
      logEvent('order_not_found', { attempt: ctx.attemptsUsed });
      return failedLookup(ctx, 'not_found', 'orderNotFound', 'order_not_found');
    }
    let order;
    try {
      order = parseOrderRecord(item.value);
    } catch (err) {
      if (!(err instanceof OrderRecordError)) throw err;
      logEvent('order_invalid', { field: err.field, code: err.code });
      ctx.warn('order_record_invalid');
      return serviceFailure(ctx);
    }
    ctx.order = order;
    const route = routeCall(order, ctx.callerId);
    if (route.kind === 'caller_not_on_order') {
      logEvent('caller_not_on_order', { orderId: order.orderId, caller: ctx.maskedCaller });
      return failedLookup(ctx, 'caller_mismatch', 'callerNotOnOrder', 'caller_unknown');
    }
    if (route.kind === 'no_callee') {
      logEvent('order_has_no_callee', { orderId: order.orderId, callerRole: route.caller.role });
      ctx.warn('order_has_no_callee');
      return serviceFailure(ctx);
    }
    ctx.route = { caller: route.caller, callee: route.callee };
    ctx.pinOutcome = 'matched';
    logEvent('matched', { orderId: order.orderId, callerRole: route.caller.role, calleeRole: route.callee.role });
    clearLockout(ctx);
    return { step: 'dial' };
  },
};

/**
 * Counts the failure towards the lockout; a caller who reaches the limit is told and the call ends,
 * any other caller gets the usual next attempt (failAttempt, with the same arguments).
 */
async function failedLookup(ctx: CallContext, pinOutcome: PinOutcome, lead: PromptId, finalOutcome: CallOutcome): Promise<Next> {
  ctx.pinOutcome = pinOutcome;
  if (await recordFailure(ctx)) {
    ctx.outcome = 'locked_out';
    return { step: 'goodbye', lines: ['lockedOut'] };
  }
  return failAttempt(ctx, pinOutcome, lead, finalOutcome);
}
