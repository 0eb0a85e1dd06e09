/**
 * Click-to-call (issue 12 §3): `placeCall({ orderId, from: 'courier', to: 'customer' })` starts the
 * click-to-call scenario with the Management API's StartScenarios; `cancelCall(accessUrl)` stops it.
 *
 * ```ts
 * const calls = await openConfiguredClickToCall(api, loadConfig());
 * const placed = await calls.placeCall({ orderId: 'A-1042', from: 'courier', to: 'customer' });
 * await calls.cancelCall(placed.accessUrl, placed.requestId);
 * ```
 */
import type { VoxmaskConfig } from '../../config';
import { VoxmaskError } from '../../errors';
import type { PlatformApi } from '../../platform/api';
import { resolveApplication } from '../../platform/application';
import { openConfiguredOrderStore } from '../orders';
import { ClickToCall, ClickToCallOptions } from './click-to-call';

export { ClickToCall, CancelCallError } from './click-to-call';
export type { CancelOutcome, ClickToCallOptions, PlaceCallInput, PlacedCall } from './click-to-call';
export { AccessUrlError, postToAccessUrl } from './access-url';

/** The click-to-call rule is not on the application. */
export class RuleNotFoundError extends VoxmaskError {
  override name = 'RuleNotFoundError';
  readonly code = 'E_RULE_NOT_FOUND';
  constructor(
    readonly ruleName: string,
    readonly applicationName: string,
  ) {
    super(`rule ${ruleName} does not exist in application ${applicationName}; define it in rules.config.json and run "voxmask deploy"`);
  }
}

/**
 * The id of the rule named `ruleName` exactly (GetRules filters by substring, docs/platform.md#rule-methods).
 * @throws RuleNotFoundError
 */
export async function resolveRuleId(api: PlatformApi, applicationId: number, applicationName: string, ruleName: string): Promise<number> {
  const res = await api.call('GetRules', { applicationId, ruleName, count: 100 });
  const rule = (res.result ?? []).find((r) => r.ruleName === ruleName);
  if (!rule) throw new RuleNotFoundError(ruleName, applicationName);
  return rule.ruleId;
}

/**
 * ClickToCall on the configured application and its click-to-call rule (`deploy.clickToCall.rule`),
 * checking orders in the configured order store before each call.
 * @throws ApplicationNotFoundError; RuleNotFoundError
 */
export async function openConfiguredClickToCall(
  api: PlatformApi,
  config: VoxmaskConfig,
  overrides: Partial<ClickToCallOptions> = {},
): Promise<ClickToCall> {
  const app = await resolveApplication(api, config.deploy.applicationName);
  const ruleId = await resolveRuleId(api, app.applicationId, app.applicationName, config.deploy.clickToCall.rule);
  return new ClickToCall({
    api,
    applicationId: app.applicationId,
    ruleId,
    orders: await openConfiguredOrderStore(api, config),
    ...overrides,
  });
}
