/**
 * The pool-call flow (numbers of the number pool): its steps by name. A call is answered and routed by
 * its pool route (steps/pool-route.ts); a caller without one goes on to the PIN flow or the operator as
 * configured (pool.noRoute). From the dial step on, everything is as in masked-call.
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
