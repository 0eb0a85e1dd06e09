/**
 * Step "route" of pool-call: the caller dialed a pool number, and one ApplicationStorage read of
 * `route:<dialed digits>:<caller digits>` (contract/pool-route.ts) gives everything to dial: the other
 * party's number and role, the order id, the session's settings. A live route goes straight to the dial
 * step (whisper, bridge, time limit, recording, operator fallback as in PIN mode). No route, an
 * expired one or an unreadable one: the caller hears that this number is not connected to an active
 * order for their phone, then pool.noRoute decides: the PIN flow ('pin', result `fallback: "pin"`), or
 * the operator ('operator', result `fallback: "operator"`, operatorReason `no_route`), or a goodbye
 * when no operator is configured (outcome `no_route`).
 */
import { isPoolRouteLive, parsePoolRoute, PoolRoute, poolRouteKey } from '../../../contract/pool-route';
import { STORAGE_FAILED } from '../../common/call-scope';
import type { CallContext } from '../../common/context';
import { logEvent } from '../../common/log';
import { serviceUnavailable } from '../../common/steps/attempts';
import { Next, Step } from '../../common/steps/step';

export const poolRouteStep: Step<'route'> = {
  async run(ctx) {
    const key = poolRouteKey(ctx.virtualNumber, ctx.callerId, ctx.defaultCountryCode);
    if (key === null) return noRoute(ctx, 'unreadable_number');
    const item = await ctx.scope.storage('route_read_failed', () => ApplicationStorage.get(key));
    if (item === STORAGE_FAILED) return serviceUnavailable(ctx);
    if (item === null) return noRoute(ctx, 'none');
    const parsed = parsePoolRoute(item.value);
    if (!parsed.ok) {
      ctx.facts.warn('route_invalid');
      logEvent('route_invalid', { field: parsed.field });
      return noRoute(ctx, 'invalid');
    }
    if (!isPoolRouteLive(parsed.value, Math.floor(Date.now() / 1000))) return noRoute(ctx, 'expired');
    useRoute(ctx, parsed.value);
    return { step: 'dial' };
  },
};

/** Makes `route` the session's order (the two parties of the pair and the session's settings) and route. */
function useRoute(ctx: CallContext, route: PoolRoute): void {
  const caller = { role: route.callerRole, phone: `+${ctx.callerDigits}` };
  const callee = { role: route.calleeRole, phone: route.callee };
  const { callTimeLimitS, ringTimeoutS, record } = route.settings ?? {};
  ctx.order = { version: 1, orderId: route.orderId, parties: [caller, callee], settings: { maxCallS: callTimeLimitS, record } };
  ctx.route = { caller, callee };
  if (ringTimeoutS !== undefined) ctx.ringTimeoutS = ringTimeoutS;
  ctx.reference.poolSessionId = route.sessionId;
  logEvent('matched', { orderId: route.orderId, callerRole: route.callerRole, calleeRole: route.calleeRole, by: 'pool_route' });
}

/** The no-route prompt, then the PIN flow, the operator or a goodbye (pool.noRoute). */
async function noRoute(ctx: CallContext, why: 'none' | 'expired' | 'invalid' | 'unreadable_number'): Promise<Next> {
  logEvent('no_route', { why, then: ctx.settings.pool.noRoute });
  if (ctx.settings.pool.noRoute === 'pin') {
    ctx.reference.fallback = 'pin';
    await ctx.speech.speak(ctx.speech.text('noRoute'));
    return { step: 'checkLockout' };
  }
  ctx.facts.failed('no_route');
  if (!ctx.settings.operator.target) return { step: 'goodbye', lines: ['noRoute'] };
  ctx.reference.fallback = 'operator';
  return { step: 'operator', reason: 'no_route', lead: ['noRoute'] };
}
