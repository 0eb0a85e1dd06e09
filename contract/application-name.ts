/**
 * The platform's naming rules of applications, scenarios and rules, shared by the configuration, the
 * deploy library (voxfiles) and the sandbox's Management API (docs/platform.md#application-names, docs/platform.md#scenario-methods, docs/platform.md#rule-methods;
 * voxengine-ci's getApplicationFullName): an application `myapp` of account `acme` is
 * `myapp.acme.voximplant.com`. Pure TypeScript.
 */

/** Short application name: a letter, then 1..79 of `a-z 0-9 -` (the Node client says up to 64, the older docs up to 79; the looser bound is used (inferred), docs/platform.md#application-names). */
const SHORT_NAME = '[a-z][a-z0-9-]{1,79}';
/** Matches a valid short application name (2..80 characters, see SHORT_APPLICATION_NAME_RULE). */
export const SHORT_APPLICATION_NAME = new RegExp(`^${SHORT_NAME}$`);
/** SHORT_APPLICATION_NAME in words, for error messages. */
export const SHORT_APPLICATION_NAME_RULE = 'a lowercase letter followed by 1 to 79 of a-z, 0-9, "-"';
/**
 * A short application name, or a full one: a short name followed by dot-separated labels of `a-z 0-9 -`
 * (`myapp.acme.voximplant.com`, or `myapp.acme.n1.voximplant.com` on a node).
 */
export const APPLICATION_NAME = new RegExp(`^${SHORT_NAME}(\\.[a-z0-9-]+)*$`);

/** Longest scenario name, in characters: AddScenario wants "fewer than 30" (docs/platform.md#scenario-methods). */
export const SCENARIO_NAME_MAX = 29;
/** Longest rule name, in characters: AddRule wants "fewer than 100" (docs/platform.md#rule-methods). */
export const RULE_NAME_MAX = 99;

/** What a full application name of `accountName` ends with: `.<account_name>.voximplant.com`. */
export function applicationNameSuffix(accountName: string): string {
  return `.${accountName}.voximplant.com`;
}

/**
 * `<short>.<account_name>.voximplant.com` for a short name; a name with a dot is taken as already full.
 * Accounts on a node (`….n1.voximplant.com`) need the full name in the configuration (inferred).
 */
export function fullApplicationName(name: string, accountName: string): string {
  return name.includes('.') ? name : `${name}${applicationNameSuffix(accountName)}`;
}
