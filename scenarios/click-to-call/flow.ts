/**
 * The click-to-call flow (started by the backend with StartScenarios): its steps by name. The request
 * is read (steps/request.ts), party A is called (steps/call-first.ts), then B is dialed, whispered to
 * and bridged as in masked-call; when B cannot be reached, A hears why.
 */
import { calleeFailedStep } from '../common/steps/callee-failed';
import { dialStep } from '../common/steps/dial';
import { goodbyeStep } from '../common/steps/goodbye';
import { operatorStep } from '../common/steps/operator';
import { StepTable } from '../common/steps/step';
import { talkStep } from '../common/steps/talk';
import { callFirstStep } from './steps/call-first';
import { requestStep } from './steps/request';

export const CLICK_TO_CALL_STEPS: StepTable = {
  request: requestStep,
  callFirst: callFirstStep,
  dial: dialStep,
  talk: talkStep,
  calleeFailed: calleeFailedStep,
  operator: operatorStep,
  goodbye: goodbyeStep,
};
