/**
 * The masked-call flow (the shared number): its steps by name. A call is answered, routed by the
 * known-caller index when pin.skipForKnownCaller is on (steps/known-caller.ts, steps/choose-order.ts),
 * otherwise by the order PIN, then bridged to the other party of the order. docs/scenario.md has the
 * table of what the caller experiences at each step; shared/session.ts runs the table.
 */
import { answerStep } from '../shared/steps/answer';
import { calleeFailedStep } from '../shared/steps/callee-failed';
import { checkLockoutStep } from '../shared/steps/check-lockout';
import { collectPinStep } from '../shared/steps/collect-pin';
import { dialStep } from '../shared/steps/dial';
import { goodbyeStep } from '../shared/steps/goodbye';
import { lookupStep } from '../shared/steps/lookup';
import { operatorStep } from '../shared/steps/operator';
import { StepTable } from '../shared/steps/step';
import { talkStep } from '../shared/steps/talk';
import { chooseOrderStep } from './steps/choose-order';
import { knownCallerStep } from './steps/known-caller';

export const MASKED_CALL_STEPS: StepTable = {
  answer: answerStep,
  route: knownCallerStep,
  chooseOrder: chooseOrderStep,
  checkLockout: checkLockoutStep,
  collectPin: collectPinStep,
  lookup: lookupStep,
  dial: dialStep,
  talk: talkStep,
  calleeFailed: calleeFailedStep,
  operator: operatorStep,
  goodbye: goodbyeStep,
};
