/**
 * Step "chooseOrder" of masked-call: a known caller with several active orders (ctx.candidates, at most
 * KNOWN_CALLER_MENU_MAX) hears "You have 2 active orders. For order A-1042, press 1. ... To enter an
 * order number instead, press 0." and presses one key (it interrupts the menu). An order id that could
 * read like a phone number is never spoken (contract/spoken-text.ts): that option names the other
 * party instead ("For your order with the customer, press 2."). No key within
 * pin.firstDigitTimeoutS after the menu: the menu once more, then the PIN flow; 0: the PIN flow.
 */
import type { OrderRecord } from '../../../contract/order-record';
import { routeCall } from '../../../contract/routing';
import { listen } from '../../common/call-scope';
import type { CallContext } from '../../common/context';
import { logEvent } from '../../common/log';
import { Step } from '../../common/steps/step';
import { connectKnownOrder } from './known-caller';

/** Times the menu is played before the caller is sent to the PIN flow. */
const MENU_PLAYS = 2;
/** Hard bound for one play of the menu and its answer, in ms, in case the platform never reports the prompt's end. */
const MENU_BOUND_MS = 120_000;

export const chooseOrderStep: Step<'chooseOrder'> = {
  async run(ctx) {
    const orders = ctx.candidates;
    const menu = menuText(ctx, orders);
    for (let play = 1; play <= MENU_PLAYS; play += 1) {
      const key = await pressedKey(ctx, menu);
      if (key === null) continue;
      if (key === '0') break;
      const chosen = orders[Number(key) - 1];
      logEvent('order_chosen', { option: key });
      return connectKnownOrder(ctx, chosen);
    }
    logEvent('known_caller_to_pin');
    return { step: 'checkLockout' };
  },
};

/** The menu in the session's language: one option per order, digits 1..n, then 0 for the PIN flow. */
function menuText(ctx: CallContext, orders: OrderRecord[]): string {
  const options = orders.map((order, i) => {
    const digit = i + 1;
    const orderId = ctx.speech.speakableOrderId(order.orderId);
    if (orderId !== null) return ctx.speech.text('knownCallerOption', { orderId, digit });
    const route = routeCall(order, ctx.callerId, ctx.defaultCountryCode);
    const calleeName = route.kind === 'matched' ? ctx.speech.partyName(route.callee, 'object') : '';
    return ctx.speech.text('knownCallerOptionWithout', { calleeName, digit });
  });
  return [ctx.speech.text('knownCallerMenu', { count: orders.length }), ...options, ctx.speech.text('knownCallerPinOption')].join(' ');
}

/**
 * Plays `menu` and resolves the first valid key ('0' or an option's digit; other keys are ignored),
 * or null when none comes within pin.firstDigitTimeoutS after the menu has finished.
 */
function pressedKey(ctx: CallContext, menu: string): Promise<string | null> {
  const options = ctx.candidates.length;
  return ctx.scope.wait<string | null>(
    (done) => {
      let cancelTimeout = () => undefined as void;
      const offs = [
        listen(ctx.primary, CallEvents.PlaybackFinished, () => {
          cancelTimeout();
          cancelTimeout = ctx.scope.timer(ctx.settings.pin.firstDigitTimeoutS * 1000, () => done(null));
        }),
        listen(ctx.primary, CallEvents.ToneReceived, (e) => {
          const n = Number(e.tone);
          if (!/^[0-9]$/.test(e.tone) || n > options) return;
          ctx.primary.stopPlayback();
          done(e.tone);
        }),
      ];
      ctx.speech.say(ctx.primary, menu);
      return () => {
        cancelTimeout();
        offs.forEach((off) => off());
      };
    },
    { timeoutMs: MENU_BOUND_MS, onTimeout: () => null },
  );
}
