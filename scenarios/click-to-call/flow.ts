/**
 * The click-to-call flow (started by the backend with StartScenarios): its steps by name. The request
 * is read (steps/request.ts), party A is called (steps/call-first.ts), then B is dialed, whispered to
 * and bridged as in masked-call; when B cannot be reached, A hears why.
 */
import { calleeFailedStep } from '../shared/steps/callee-failed';
import { dialStep } from '../shared/steps/dial';
import { goodbyeStep } from '../shared/steps/goodbye';
import { operatorStep } from '../shared/steps/operator';
import { StepTable } from '../shared/steps/step';
import { talkStep } from '../shared/steps/talk';
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
