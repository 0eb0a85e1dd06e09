import { ApplicationRecord, PhoneNumberRecord, RuleRecord, ScenarioRecord } from './model';
import { compileRulePattern, RuleMatcher } from './rule-pattern';
import { SandboxState } from './sandbox-state';
import { VoxmaskError } from '../../errors';

export { compileRulePattern, MAX_MATCHED_CHARS, RulePatternError } from './rule-pattern';

/** Why an inbound call could not be routed; the message names the number, application or rule. */
export class SandboxRoutingError extends VoxmaskError {
  override name = 'SandboxRoutingError';
  readonly code = 'E_SANDBOX_ROUTING';
  constructor(
    /** `not-rented`: no such number on the account; `not-bound`: not bound to an application;
     *  `no-rule`: no rule matches; `no-scenario`: the chosen rule has no scenario. */
    readonly reason: 'not-rented' | 'not-bound' | 'no-rule' | 'no-scenario',
    /** The dialed number as given. */
    readonly number: string,
    message: string,
  ) {
    super(message);
  }
}

/** Where an inbound call goes: the number, its application, the rule, and the rule's scenarios in bound order. */
export interface InboundRoute {
  phone: PhoneNumberRecord;
  application: ApplicationRecord;
  rule: RuleRecord;
  scenarios: ScenarioRecord[];
}

/** Compiled patterns by source: routing and GetRules match the same few patterns again and again. */
const compiled = new Map<string, RuleMatcher>();
/** Most compiled patterns kept; the cache starts over when full. */
const COMPILED_CACHE_LIMIT = 1000;

function matcherOf(pattern: string): RuleMatcher {
  let matcher = compiled.get(pattern);
  if (!matcher) {
    if (compiled.size >= COMPILED_CACHE_LIMIT) compiled.clear();
    matcher = compileRulePattern(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher;
}

/**
 * Whether `rule` takes a call to `dialed`: the pattern matches the whole number and the exclude pattern
 * (when set) does not (rule-pattern.ts: bounded-time matching; a `dialed` longer than
 * MAX_MATCHED_CHARS characters matches no rule). Throws RulePatternError for a stored pattern the
 * matcher refuses (AddRule and SetRuleInfo refuse those, so only a hand-edited state file has one).
 */
export function ruleMatches(rule: RuleRecord, dialed: string): boolean {
  if (!matcherOf(rule.pattern).test(dialed)) return false;
  return rule.patternExclude === '' || !matcherOf(rule.patternExclude).test(dialed);
}

/** Digits of a phone number without a leading `+` (the platform lists rented numbers without it). */
export function phoneDigits(number: string): string {
  return number.startsWith('+') ? number.slice(1) : number;
}

/**
 * Routes an inbound PSTN call to the dialed number `dialed` (E.164 with or without `+`), as the platform
 * does (docs/platform.md#scenario-loading, routing docs): the rented number → its application → the rule the
 * number is bound to, if any ("forcing a rule for a specific number"), else the first rule from the top
 * whose pattern matches the dialed number as given and whose exclude pattern does not → that rule's
 * scenarios in bound order. Throws SandboxRoutingError naming what is missing.
 */
export function routeInboundCall(state: SandboxState, dialed: string): InboundRoute {
  const digits = phoneDigits(dialed);
  const phone = state.phoneNumbers.find((p) => p.number === digits);
  if (!phone)
    throw new SandboxRoutingError(
      'not-rented',
      dialed,
      `${dialed} is not a phone number of the sandbox account (rent it with AttachPhoneNumber)`,
    );
  const application = phone.applicationId === null ? undefined : state.applicationById(phone.applicationId);
  if (!application)
    throw new SandboxRoutingError('not-bound', dialed, `${dialed} is not bound to an application (BindPhoneNumberToApplication)`);

  const forced = phone.ruleId === null ? undefined : state.ruleById(phone.ruleId);
  const rule = forced ?? state.rulesOf(application.id).find((r) => ruleMatches(r, dialed));
  if (!rule) {
    const rules = state.rulesOf(application.id);
    const tried = rules.length ? `; patterns tried: ${rules.map((r) => `${r.name} "${r.pattern}"`).join(', ')}` : '; it has no rules';
    throw new SandboxRoutingError('no-rule', dialed, `no rule of application ${application.name} matches ${dialed}${tried}`);
  }
  const scenarios = state.scenariosOf(rule);
  if (scenarios.length === 0) {
    throw new SandboxRoutingError(
      'no-scenario',
      dialed,
      `rule ${rule.name} of application ${application.name} (taking ${dialed}) has no scenario bound`,
    );
  }
  return { phone, application, rule, scenarios };
}
