/**
 * Step "operator": connects the caller to the configured operator, with the virtual number as caller
 * ID like every outbound leg. The operator first hears why the call was transferred. When the operator
 * does not answer, the caller hears so and the call ends.
 */
import { connectParty } from '../connect-party';
import { logEvent } from '../log';
import { Step } from './step';

export const operatorStep: Step<'operator'> = {
  async run(ctx, input) {
    const destination = ctx.settings.operator.target;
    if (!destination) throw new Error('operator step entered without an operator');
    ctx.facts.toOperator(input.reason);
    logEvent('to_operator', { reason: input.reason });
    const result = await connectParty(ctx, {
      kind: 'operator',
      destination,
      announcement: ctx.speech.utterance([...(input.lead ?? []), 'connectingOperator']),
      whisper: ctx.speech.text('operatorWhisper', { reason: ctx.speech.text(`reason_${input.reason}`) }),
      ringTimeoutS: ctx.settings.operator.ringTimeoutS,
    });
    if (result.kind === 'bridged') return { step: 'talk', peer: result.call, peerKind: 'operator' };
    ctx.facts.operatorUnavailable();
    return { step: 'goodbye', lines: ['operatorUnavailable'] };
  },
};
