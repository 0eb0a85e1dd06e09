/**
 * Step "request" of click-to-call: reads what the backend asked for and whom to call. The session's
 * custom data (VoxEngine.customData(), docs/platform.md#custom-data) is contract/click-to-call.ts data:
 * an order id and two roles, no phone numbers. The order's PIN comes from the backend's order index
 * (contract/order-index.ts), the numbers from the order record `order:<pin>`. Bad custom data or a missing
 * virtual number end the session with outcome `service_error` (warnings `request_invalid`,
 * `virtual_number_missing`); an order that is gone ends it with `order_not_found`.
 */
import { parseClickToCallData } from '../../../contract/click-to-call';
import { orderIndexKey, parseOrderIndex } from '../../../contract/order-index';
import { OrderRecord, OrderRecordError, orderKey, parseOrderRecord } from '../../../contract/order-record';
import { STORAGE_FAILED } from '../../common/call-scope';
import type { CallContext } from '../../common/context';
import { logEvent } from '../../common/log';
import { Next, Step } from '../../common/steps/step';

export const requestStep: Step<'request'> = {
  async run(ctx) {
    const data = parseClickToCallData(VoxEngine.customData());
    if (!data.ok) {
      logEvent('request_invalid', { field: data.field, problem: data.problem });
      return fail(ctx, 'request_invalid');
    }
    const { orderId, from, to, requestId } = data.value;
    ctx.reference.requestId = requestId;
    logEvent('request', { orderId, from, to, requestId });
    if (!ctx.settings.clickToCall.virtualNumber) return fail(ctx, 'virtual_number_missing');
    const order = await readOrder(ctx, orderId);
    if (order === STORAGE_FAILED) return fail(ctx, null);
    if (order === null) {
      logEvent('order_not_found', { orderId });
      ctx.facts.failed('order_not_found');
      return { step: 'done' };
    }
    const caller = order.parties.find((party) => party.role === from);
    const callee = order.parties.find((party) => party.role === to);
    if (!caller || !callee) {
      logEvent('request_invalid', { field: caller ? 'to' : 'from', problem: 'no such party in the order' });
      ctx.order = order;
      return fail(ctx, 'request_invalid');
    }
    ctx.order = order;
    ctx.route = { caller, callee };
    ctx.identifyCaller(caller.phone);
    return { step: 'callFirst' };
  },
};

/**
 * The order `orderId` from ApplicationStorage: null when its index entry or record is gone (or now
 * belongs to another order), STORAGE_FAILED when a read failed (warning order_read_failed) or the
 * record is unreadable (warning order_record_invalid).
 */
async function readOrder(ctx: CallContext, orderId: string): Promise<OrderRecord | null | typeof STORAGE_FAILED> {
  const index = await ctx.scope.storage('order_read_failed', () => ApplicationStorage.get(orderIndexKey(orderId)));
  if (index === STORAGE_FAILED || index === null) return index;
  const pin = parseOrderIndex(index.value)?.pin;
  if (pin === undefined) return null;
  const record = await ctx.scope.storage('order_read_failed', () => ApplicationStorage.get(orderKey(pin)));
  if (record === STORAGE_FAILED || record === null) return record;
  try {
    const order = parseOrderRecord(record.value, { speakableTextOnly: false });
    // The PIN may belong to another order by now (the index entry outlived its order).
    return order.orderId === orderId ? order : null;
  } catch (err) {
    if (!(err instanceof OrderRecordError)) throw err;
    logEvent('order_invalid', { field: err.field, code: err.code });
    ctx.facts.warn('order_record_invalid');
    return STORAGE_FAILED;
  }
}

/** Ends the session before any call: outcome service_error, with `warning` when given. */
function fail(ctx: CallContext, warning: 'request_invalid' | 'virtual_number_missing' | null): Next {
  if (warning) ctx.facts.warn(warning);
  ctx.facts.failed('service_error');
  return { step: 'done' };
}
