/**
 * The masked-call flow (the shared number): its steps by name. A call is answered, routed by the
 * known-caller index when pin.skipForKnownCaller is on (steps/known-caller.ts, steps/choose-order.ts),
 * otherwise by the order PIN, then bridged to the other party of the order. docs/scenario.md has the
 * table of what the caller experiences at each step; common/session.ts runs the table.
 */
import { answerStep } from '../common/steps/answer';
import { calleeFailedStep } from '../common/steps/callee-failed';
import { checkLockoutStep } from '../common/steps/check-lockout';
import { collectPinStep } from '../common/steps/collect-pin';
import { dialStep } from '../common/steps/dial';
import { goodbyeStep } from '../common/steps/goodbye';
import { lookupStep } from '../common/steps/lookup';
import { operatorStep } from '../common/steps/operator';
import { StepTable } from '../common/steps/step';
import { talkStep } from '../common/steps/talk';
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
