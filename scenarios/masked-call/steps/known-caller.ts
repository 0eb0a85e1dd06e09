/**
 * Step "route" of masked-call: with pin.skipForKnownCaller, the known-caller index
 * (contract/known-caller.ts) decides whether the caller needs a PIN at all. The caller's entries are
 * listed with one ApplicationStorage.keys call; each names an order and its PIN, whose record is read
 * and matched against the caller ID like a PIN entry would be (contract/routing.ts): the index only
 * says where to look, the order record decides. One usable order: connected at once (mode
 * 'known-caller'); several (at most KNOWN_CALLER_MENU_MAX): the caller picks one (chooseOrder); none,
 * too many, or the index unreadable: the PIN flow as usual. Off (the default), or on for other virtual
 * numbers only: straight to the PIN flow.
 */
import { knownCallerPrefix, parseKnownCaller } from '../../../contract/known-caller';
import { OrderRecord, OrderRecordError, orderKey, parseOrderRecord } from '../../../contract/order-record';
import { routeCall } from '../../../contract/routing';
import { knownCallerRoutingOn } from '../../../contract/scenario-settings';
import { STORAGE_FAILED } from '../../common/call-scope';
import type { CallContext } from '../../common/context';
import { logEvent } from '../../common/log';
import { Next, Step } from '../../common/steps/step';

/** Most orders offered in the menu (one DTMF digit each, 0 is "enter a PIN"); a caller with more gets the PIN flow. */
export const KNOWN_CALLER_MENU_MAX = 5;

export const knownCallerStep: Step<'route'> = {
  async run(ctx) {
    if (!knownCallerRoutingOn(ctx.settings.pin.skipForKnownCaller, ctx.virtualNumber)) return { step: 'checkLockout' };
    const orders = await knownOrders(ctx);
    logEvent('known_caller', { orders: orders.length });
    if (orders.length === 0) return { step: 'checkLockout' };
    if (orders.length === 1) return connectKnownOrder(ctx, orders[0]);
    ctx.candidates = orders;
    return { step: 'chooseOrder' };
  },
};

/**
 * Routes the session to `order`, whose parties include the caller (a candidate of knownOrders):
 * mode 'known-caller', then the dial step.
 */
export function connectKnownOrder(ctx: CallContext, order: OrderRecord): Next {
  const route = routeCall(order, ctx.callerId, ctx.defaultCountryCode);
  if (route.kind !== 'matched') throw new Error('a known order no longer routes the caller');
  ctx.order = order;
  ctx.route = { caller: route.caller, callee: route.callee };
  ctx.mode = 'known-caller';
  logEvent('matched', { orderId: order.orderId, callerRole: route.caller.role, calleeRole: route.callee.role, by: 'known_caller' });
  return { step: 'dial' };
}

/**
 * The caller's active orders that route them to another party, from the index; [] when the caller has
 * none, more than KNOWN_CALLER_MENU_MAX entries, or the index cannot be read (warning
 * known_caller_read_failed). Unusable entries are skipped (warning known_caller_invalid).
 */
async function knownOrders(ctx: CallContext): Promise<OrderRecord[]> {
  const prefix = knownCallerPrefix(ctx.callerId, ctx.defaultCountryCode);
  if (prefix === null) return [];
  const page = await ctx.scope.storage('known_caller_read_failed', () => ApplicationStorage.keys(prefix));
  if (page === STORAGE_FAILED) return [];
  const keys = page.keys.filter((key) => key.startsWith(prefix));
  if (keys.length > KNOWN_CALLER_MENU_MAX) {
    logEvent('known_caller_too_many', { entries: keys.length });
    return [];
  }
  const found = await Promise.all(keys.sort().map((key) => orderOfEntry(ctx, key)));
  const orders: OrderRecord[] = [];
  for (const order of found) {
    if (order !== null && !orders.some((o) => o.orderId === order.orderId)) orders.push(order);
  }
  return orders;
}

/** The order an index entry names, when it is still there and routes the caller; null otherwise. */
async function orderOfEntry(ctx: CallContext, key: string): Promise<OrderRecord | null> {
  const item = await ctx.scope.storage('known_caller_read_failed', () => ApplicationStorage.get(key));
  if (item === STORAGE_FAILED || item === null) return null;
  const entry = parseKnownCaller(item.value);
  if (!entry.ok) return skip(ctx, 'entry', entry.field);
  const { pin, orderId } = entry.value;
  if (pin === undefined) return skip(ctx, 'entry', 'pin');
  const record = await ctx.scope.storage('known_caller_read_failed', () => ApplicationStorage.get(orderKey(pin)));
  // A missing record is an order that has just ended; its entry expires with it.
  if (record === STORAGE_FAILED || record === null) return null;
  let order: OrderRecord;
  try {
    order = parseOrderRecord(record.value, { speakableTextOnly: false });
  } catch (err) {
    if (!(err instanceof OrderRecordError)) throw err;
    return skip(ctx, 'order', err.field);
  }
  // The PIN may have been given to another order since the entry was written.
  if (order.orderId !== orderId) return skip(ctx, 'order', 'orderId');
  if (routeCall(order, ctx.callerId, ctx.defaultCountryCode).kind !== 'matched') return skip(ctx, 'order', 'parties');
  return order;
}

function skip(ctx: CallContext, what: 'entry' | 'order', field: string): null {
  ctx.facts.warn('known_caller_invalid');
  logEvent('known_caller_skipped', { what, field });
  return null;
}
