/**
 * Step "dial": calls the matched order party. The outbound leg starts as soon as the match is known;
 * the caller hears "connecting you to the courier" and ringback while it rings (connect-party.ts).
 */
import { connectParty } from '../connect-party';
import { Step } from './step';

export const dialStep: Step<'dial'> = {
  async run(ctx) {
    const route = ctx.route;
    if (!route || !ctx.order) throw new Error('dial step entered without a matched order');
    const result = await connectParty(ctx, {
      kind: 'callee',
      destination: { type: 'pstn', number: route.callee.phone },
      announcement: ctx.speech.text('connecting', { calleeName: ctx.speech.partyName(route.callee, 'object') }),
      whisper: ctx.speech.whisperFrom(route.caller),
      ringTimeoutS: ctx.ringTimeoutS,
    });
    if (result.kind === 'bridged') return { step: 'talk', peer: result.call, peerKind: 'callee' };
    return { step: 'calleeFailed', failure: result.failure };
  },
};
