/**
 * The typed steps of a deploy plan. Planning (plan.ts) produces them from voxfiles/ and the platform
 * state; `--dry-run` prints them (describeAction); execution (execute.ts) runs one handler per kind.
 * Every action is one or two Management API write calls (docs/platform.md#management-api).
 */
export type DeployAction =
  /** AddApplication with the short name; the platform answers with the full name. */
  | { kind: 'createApplication'; applicationName: string }
  /** AddScenario into the account's Shared folder, as voxengine-ci does (docs/platform.md#voxengine-ci-upload). */
  | { kind: 'addScenario'; name: string; hash: string; text: string }
  /** SetScenarioInfo with the new script. `overwritesPlatformEdit`: the platform copy changed since the last deploy (`--force`). */
  | {
      kind: 'updateScenario';
      name: string;
      scenarioId: number;
      fromHash: string;
      hash: string;
      text: string;
      overwritesPlatformEdit: boolean;
    }
  /** AddRule with its scenarios bound in order. */
  | { kind: 'addRule'; ruleName: string; rulePattern: string; scenarios: string[] }
  /** SetRuleInfo with the new pattern. */
  | { kind: 'setRulePattern'; ruleId: number; ruleName: string; from: string; to: string }
  /** BindScenario bind=false for scenarios the rule should no longer run. */
  | { kind: 'unbindScenarios'; ruleId: number; ruleName: string; scenarios: { scenarioId: number; scenarioName: string }[] }
  /** BindScenario bind=true for scenarios the rule should also run (appended in config order). */
  | { kind: 'bindScenarios'; ruleId: number; ruleName: string; scenarios: string[] }
  /** ReorderScenarios so the rule runs its scenarios in config order. */
  | { kind: 'reorderScenarios'; ruleId: number; ruleName: string; scenarios: string[] }
  /** ReorderRules: the configured rules in rules.config.json order (other rules are not listed, as in voxengine-ci). */
  | { kind: 'reorderRules'; rules: string[] }
  /** AttachPhoneNumber (sandbox target only: a real account's numbers are rented in the control panel). */
  | { kind: 'rentNumber'; number: string }
  /** BindPhoneNumberToApplication, optionally to one rule; `fromApplication` when it moves the number (`--force`). */
  | { kind: 'bindNumber'; number: string; ruleName?: string; fromApplication?: string };

export type DeployActionKind = DeployAction['kind'];
/** The action of one kind. */
export type ActionOf<K extends DeployActionKind> = Extract<DeployAction, { kind: K }>;

const short = (hash: string) => hash.slice(0, 12);

/** One line per action kind, for the printed plan. */
const DESCRIBERS: { [K in DeployActionKind]: (action: ActionOf<K>) => string } = {
  createApplication: (a) => `create application ${a.applicationName}`,
  // Each sha256 prefix follows a word without digits, so its digits never run into a neighbouring number (output is masked, contract/mask-text.ts).
  addScenario: (a) => `add scenario ${a.name} (${a.text.length} characters, hash ${short(a.hash)})`,
  updateScenario: (a) =>
    `update scenario ${a.name} #${a.scenarioId} (hash ${short(a.fromHash)} → hash ${short(a.hash)})${
      a.overwritesPlatformEdit ? ' OVERWRITING an edit made on the platform (--force)' : ''
    }`,
  addRule: (a) => `add rule ${a.ruleName} /${a.rulePattern}/ running ${a.scenarios.join(', ')}`,
  setRulePattern: (a) => `set pattern of rule ${a.ruleName} #${a.ruleId}: /${a.from}/ → /${a.to}/`,
  unbindScenarios: (a) => `unbind ${a.scenarios.map((s) => s.scenarioName).join(', ')} from rule ${a.ruleName}`,
  bindScenarios: (a) => `bind ${a.scenarios.join(', ')} to rule ${a.ruleName}`,
  reorderScenarios: (a) => `reorder scenarios of rule ${a.ruleName}: ${a.scenarios.join(', ')}`,
  reorderRules: (a) => `reorder rules: ${a.rules.join(', ')}`,
  rentNumber: (a) => `rent number ${a.number} in the sandbox`,
  bindNumber: (a) =>
    `bind number ${a.number} to the application${a.ruleName ? ` (rule ${a.ruleName})` : ''}${
      a.fromApplication ? `, moving it from ${a.fromApplication} (--force)` : ''
    }`,
};

/** A one-line description of an action, as `--dry-run` prints it. */
export function describeAction(action: DeployAction): string {
  return (DESCRIBERS[action.kind] as (a: DeployAction) => string)(action);
}
