import { ApplicationRecord, PhoneNumberRecord, RuleRecord, ScenarioRecord } from '../../state/model';
import { SandboxState } from '../../state/sandbox-state';
import { platformDate, platformDateTime } from '../format';

/**
 * Wire shapes (snake_case) of the records, as the platform returns them (docs/platform.md#application-methods, docs/platform.md#scenario-methods, docs/platform.md#rule-methods, docs/platform.md#phone-numbers;
 * field lists of the official client's `ApplicationInfo`, `ScenarioInfo`, `RuleInfo`, `AttachedPhoneInfo`).
 */

/** ApplicationInfo: `{application_id, application_name, modified, secure_record_storage}`. */
export function applicationView(app: ApplicationRecord): Record<string, unknown> {
  return {
    application_id: app.id,
    application_name: app.name,
    modified: platformDateTime(app.modifiedMs),
    secure_record_storage: app.secureRecordStorage,
  };
}

/** ScenarioInfo: `{scenario_id, scenario_name, modified, parent, scenario_script?}`. */
export function scenarioView(scenario: ScenarioRecord, withScript: boolean): Record<string, unknown> {
  return {
    scenario_id: scenario.id,
    scenario_name: scenario.name,
    modified: platformDateTime(scenario.modifiedMs),
    parent: false,
    ...(withScript ? { scenario_script: scenario.script } : {}),
  };
}

/** RuleInfo; `scenarios` lists the bound scenarios in bound order (`{scenario_id, scenario_name, modified}`). */
export function ruleView(state: SandboxState, rule: RuleRecord, withScenarios: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    rule_id: rule.id,
    application_id: rule.applicationId,
    rule_name: rule.name,
    rule_pattern: rule.pattern,
    rule_pattern_exclude: rule.patternExclude,
    video_conference: rule.videoConference,
    modified: platformDateTime(rule.modifiedMs),
  };
  if (withScenarios) {
    view.scenarios = rule.scenarioIds.map((id) => {
      const scenario = state.scenarioById(id);
      return { scenario_id: id, scenario_name: scenario?.name ?? '', modified: scenario ? platformDateTime(scenario.modifiedMs) : '' };
    });
  }
  return view;
}

/** AttachedPhoneInfo of a rented number. */
export function phoneView(state: SandboxState, phone: PhoneNumberRecord): Record<string, unknown> {
  const app = phone.applicationId === null ? undefined : state.applicationById(phone.applicationId);
  const rule = phone.ruleId === null ? undefined : state.ruleById(phone.ruleId);
  return {
    phone_id: phone.id,
    phone_number: phone.number,
    phone_price: phone.price,
    phone_country_code: phone.countryCode,
    activation_status: 'ACTIVE',
    phone_next_renewal: platformDate(phone.nextRenewalMs),
    phone_purchase_date: platformDateTime(phone.purchasedMs),
    deactivated: false,
    canceled: false,
    auto_charge: true,
    ...(app ? { application_id: app.id, application_name: app.name, extended_application_name: app.name } : {}),
    ...(rule ? { rule_id: rule.id, rule_name: rule.name } : {}),
    category_name: phone.categoryName,
    required_verification: 'NOT_REQUIRED',
    verification_status: 'VERIFIED',
    can_be_used: true,
    is_sms_supported: false,
    is_sms_enabled: false,
    emergency_calls_to_be_enabled: false,
    emergency_calls_enabled: false,
    subscription_id: phone.id,
    phone_region_name: phone.regionName,
    modified: platformDateTime(phone.modifiedMs),
  };
}
