/**
 * The pool-call flow (numbers of the number pool): its steps by name. A call is answered and routed by
 * its pool route (steps/pool-route.ts); a caller without one goes on to the PIN flow or the operator as
 * configured (pool.noRoute). From the dial step on, everything is as in masked-call.
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
import { poolRouteStep } from './steps/pool-route';

export const POOL_CALL_STEPS: StepTable = {
  answer: answerStep,
  route: poolRouteStep,
  checkLockout: checkLockoutStep,
  collectPin: collectPinStep,
  lookup: lookupStep,
  dial: dialStep,
  talk: talkStep,
  calleeFailed: calleeFailedStep,
  operator: operatorStep,
  goodbye: goodbyeStep,
};
