/**
 * Step "dial": calls the matched order party. The outbound leg starts as soon as the match is known;
 * the caller hears "connecting you to the courier" and ringback while it rings (connect-party.ts).
 */
import { OrderParty } from '../../../contract/order-record';
import { spokenTogetherProblem } from '../../../contract/spoken-text';
import { CallContext } from '../context';
import { connectParty } from '../connect-party';
import { Step } from './step';

export const dialStep: Step<'dial'> = {
  async run(ctx) {
    const route = ctx.route;
    if (!route || !ctx.order) throw new Error('dial step entered without a matched order');
    const result = await connectParty(ctx, {
      kind: 'callee',
      number: route.callee.phone,
      announcement: ctx.text('connecting', { calleeName: ctx.partyName(route.callee, 'object') }),
      whisper: checkedWhisper(ctx, route.caller),
      ringTimeoutS: ctx.settings.dial.ringTimeoutS,
    });
    if (result.kind === 'bridged') return { step: 'talk', peer: result.call, peerKind: 'callee' };
    return { step: 'calleeFailed', failure: result.failure };
  },
};

/**
 * The whisper about `caller`, checked once more as one utterance (contract/spoken-text.ts
 * spokenTogetherProblem): a party number split between the label and the order id, each harmless
 * alone, falls back to the role name without the order id (warning `order_text_unspeakable`).
 */
function checkedWhisper(ctx: CallContext, caller: OrderParty): string {
  const whisper = ctx.whisperFrom(caller);
  const phones = ctx.order ? ctx.order.parties.map((party) => party.phone) : [];
  if (spokenTogetherProblem([whisper], phones) === null) return whisper;
  ctx.warn('order_text_unspeakable');
  return ctx.text('whisperWithoutOrderId', { callerName: ctx.text(`role_${caller.role}`) });
}
