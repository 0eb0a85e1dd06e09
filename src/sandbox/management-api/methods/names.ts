import {
  RULE_NAME_MAX,
  SCENARIO_NAME_MAX,
  SHORT_APPLICATION_NAME,
  SHORT_APPLICATION_NAME_RULE,
  applicationNameSuffix,
} from '../../../../contract/application-name';
import { SCRIPT_MAX_BYTES } from '../../../../contract/scenario-limits';
import { AccountRecord } from '../../state/model';
import { ApiCode, ApiError } from '../errors';

/**
 * Name rules of applications, scenarios and rules (docs/platform.md#application-names, docs/platform.md#scenario-methods, docs/platform.md#rule-methods). Each check throws the
 * platform's error for that name with a message naming the parameter.
 */

/**
 * The full application name for a name given as short (`myapp`) or full (`myapp.<account>.voximplant.com`,
 * as voxengine-ci sends it, docs/platform.md#application-names). ApiError 107 for a bad short part or a full name of another account.
 */
export function toFullApplicationName(param: string, name: string, account: AccountRecord): string {
  const suffix = applicationNameSuffix(account.accountName);
  const short = name.includes('.') ? (name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined) : name;
  if (short === undefined) {
    throw new ApiError(
      ApiCode.INVALID_APPLICATION_NAME,
      `Invalid ${param}: "${name}" is neither a short name nor a full name ending in "${suffix}"`,
    );
  }
  if (!SHORT_APPLICATION_NAME.test(short)) {
    throw new ApiError(ApiCode.INVALID_APPLICATION_NAME, `Invalid ${param}: "${short}" must be ${SHORT_APPLICATION_NAME_RULE}`);
  }
  return `${short}${suffix}`;
}

/** Longest scenario name + 1: names must be "fewer than 30 characters" (docs/platform.md#scenario-methods). */
const SCENARIO_NAME_LIMIT = SCENARIO_NAME_MAX + 1;
/** Longest rule name + 1: names must be "fewer than 100 characters" (docs/platform.md#rule-methods). */
const RULE_NAME_LIMIT = RULE_NAME_MAX + 1;

/** ApiError 168 unless the scenario name has 1..29 characters and no `;` (the list separator) (inferred). */
export function checkScenarioName(param: string, name: string): void {
  if (name.length >= SCENARIO_NAME_LIMIT)
    throw new ApiError(
      ApiCode.INVALID_SCENARIO_NAME,
      `Invalid ${param}: "${name}" has ${name.length} characters; fewer than ${SCENARIO_NAME_LIMIT} are allowed`,
    );
  if (name.includes(';')) throw new ApiError(ApiCode.INVALID_SCENARIO_NAME, `Invalid ${param}: "${name}" contains ";"`);
}

/** ApiError 130 when the script is 128 KB (SCRIPT_MAX_BYTES, counted in UTF-8 bytes) or more. */
export function checkScript(script: string): void {
  const bytes = Buffer.byteLength(script, 'utf8');
  if (bytes >= SCRIPT_MAX_BYTES)
    throw new ApiError(
      ApiCode.SCRIPT_TEXT_IS_TOO_LONG,
      `Invalid scenario_script: ${bytes} bytes; fewer than ${SCRIPT_MAX_BYTES} are allowed`,
    );
}

/** Rule names are "fewer than 100 characters" (docs/platform.md#rule-methods); `;` is refused as the list separator (inferred). ApiError 156. */
export function checkRuleName(param: string, name: string): void {
  if (name.length >= RULE_NAME_LIMIT)
    throw new ApiError(
      ApiCode.INVALID_RULE_NAME,
      `Invalid ${param}: "${name.slice(0, 20)}..." has ${name.length} characters; fewer than ${RULE_NAME_LIMIT} are allowed`,
    );
  if (name.includes(';')) throw new ApiError(ApiCode.INVALID_RULE_NAME, `Invalid ${param}: "${name}" contains ";"`);
}
