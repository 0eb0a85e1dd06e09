import type { DeployNumber } from '../config/deploy';
import { DeployAction } from './actions';
import { PlanProblem } from './errors';
import type { ScenarioMetadata } from './metadata';
import { numberDigits, PlatformRule, PlatformSnapshot } from './snapshot';
import type { DesiredApplication, RuleConfig, ScenarioSource } from './voxfiles';

/**
 * Planning: compares what voxfiles/ asks for with what the platform holds and what the last deploy
 * recorded (metadata), and lists the write actions that make the platform match. Pure: no I/O.
 *
 * Scenario rules (voxengine-ci's upload algorithm, docs/platform.md#voxengine-ci-upload, with one tightening):
 * - not on the platform → add;
 * - on the platform without metadata, or with metadata naming another scenario id (left over from
 *   another account) → adopt the platform copy as the baseline;
 * - the platform copy's hash differs from the metadata hash → edited on the platform since the last
 *   deploy: refused unless `force` whenever the upload would overwrite it. voxengine-ci checks this
 *   only when the local file changed; deploy also checks when only the platform changed, because
 *   making the platform match voxfiles/ would silently undo that edit;
 * - local hash differs from the platform's → update; equal → nothing.
 */

/** What the planner needs besides voxfiles/ and the snapshot. */
export interface PlanInput {
  desired: DesiredApplication;
  snapshot: PlatformSnapshot;
  /** The recorded metadata of a scenario, if any (metadata.ts readScenarioMetadata). */
  scenarioMetadata: (name: string) => ScenarioMetadata | undefined;
  numbers: DeployNumber[];
  /** The sandbox may rent missing numbers; a real account may not. */
  canRentNumbers: boolean;
  force: boolean;
}

/** The plan: write actions in execution order, problems that block it, and notes for the reader. */
export interface DeployPlan {
  applicationName: string;
  actions: DeployAction[];
  problems: PlanProblem[];
  /** Things that are already as wanted or are adopted, one line each. */
  notes: string[];
}

/** Builds the plan. See the module comment for the scenario rules. */
export function planDeploy(input: PlanInput): DeployPlan {
  const plan: DeployPlan = { applicationName: input.snapshot.applicationName, actions: [], problems: [], notes: [] };
  planApplication(input, plan);
  for (const scenario of input.desired.scenarios) planScenario(input, scenario, plan);
  for (const clash of input.snapshot.caseClashes) {
    plan.problems.push({
      kind: 'scenario',
      subject: clash.wanted,
      message: `scenario ${clash.wanted} clashes with the platform's scenario ${clash.existing} (names are unique ignoring case); rename one`,
      forceable: false,
    });
  }
  for (const rule of input.desired.rules) planRule(input, rule, plan);
  planRuleOrder(input, plan);
  for (const number of input.numbers) planNumber(input, number, plan);
  return plan;
}

function planApplication(input: PlanInput, plan: DeployPlan): void {
  const { snapshot } = input;
  if (snapshot.application) return;
  const nodeVariant = snapshot.similarApplications.find((n) =>
    n.startsWith(`${snapshot.applicationName.replace(/\.voximplant\.com$/, '')}.`),
  );
  if (nodeVariant) {
    plan.problems.push({
      kind: 'application',
      subject: snapshot.applicationName,
      message: `application ${snapshot.applicationName} not found, but ${nodeVariant} exists; set deploy.applicationName to "${nodeVariant}" and rename its voxfiles folder`,
      forceable: false,
    });
    return;
  }
  plan.actions.push({ kind: 'createApplication', applicationName: snapshot.applicationName });
}

function planScenario(input: PlanInput, local: ScenarioSource, plan: DeployPlan): void {
  const platform = input.snapshot.scenarios.get(local.name);
  if (!platform) {
    plan.actions.push({ kind: 'addScenario', name: local.name, hash: local.hash, text: local.text });
    return;
  }
  const meta = input.scenarioMetadata(local.name);
  const known = meta !== undefined && meta.scenarioId === platform.scenarioId;
  if (!known) {
    plan.notes.push(
      `scenario ${local.name} #${platform.scenarioId} exists on the platform ${meta ? `(metadata named #${meta.scenarioId}) ` : ''}and is adopted`,
    );
  }
  if (local.hash === platform.hash) {
    plan.notes.push(`scenario ${local.name} unchanged`);
    return;
  }
  const editedOnPlatform = known && platform.hash !== meta.hash;
  if (editedOnPlatform && !input.force) {
    plan.problems.push({
      kind: 'drift',
      subject: local.name,
      message: `scenario ${local.name} #${platform.scenarioId} was changed on the platform since the last deploy (hash ${meta.hash.slice(0, 12)} → hash ${platform.hash.slice(0, 12)}); uploading would overwrite that edit`,
      forceable: true,
    });
    return;
  }
  plan.actions.push({
    kind: 'updateScenario',
    name: local.name,
    scenarioId: platform.scenarioId,
    fromHash: platform.hash,
    hash: local.hash,
    text: local.text,
    overwritesPlatformEdit: editedOnPlatform,
  });
}

function planRule(input: PlanInput, rule: RuleConfig, plan: DeployPlan): void {
  const existing = input.snapshot.rules.find((r) => r.ruleName === rule.ruleName);
  if (!existing) {
    plan.actions.push({ kind: 'addRule', ruleName: rule.ruleName, rulePattern: rule.rulePattern, scenarios: [...rule.scenarios] });
    return;
  }
  if (existing.rulePattern !== rule.rulePattern) {
    plan.actions.push({
      kind: 'setRulePattern',
      ruleId: existing.ruleId,
      ruleName: rule.ruleName,
      from: existing.rulePattern,
      to: rule.rulePattern,
    });
  }
  planRuleScenarios(existing, rule, plan);
}

function planRuleScenarios(existing: PlatformRule, rule: RuleConfig, plan: DeployPlan): void {
  const extra = existing.scenarios.filter((s) => !rule.scenarios.includes(s.scenarioName));
  const kept = existing.scenarios.map((s) => s.scenarioName).filter((n) => rule.scenarios.includes(n));
  const missing = rule.scenarios.filter((n) => !kept.includes(n));
  if (extra.length > 0) plan.actions.push({ kind: 'unbindScenarios', ruleId: existing.ruleId, ruleName: rule.ruleName, scenarios: extra });
  if (missing.length > 0)
    plan.actions.push({ kind: 'bindScenarios', ruleId: existing.ruleId, ruleName: rule.ruleName, scenarios: missing });
  const inConfigOrder = [...kept, ...missing].join('\n') === rule.scenarios.join('\n');
  if (!inConfigOrder) {
    plan.actions.push({ kind: 'reorderScenarios', ruleId: existing.ruleId, ruleName: rule.ruleName, scenarios: [...rule.scenarios] });
  }
  if (extra.length === 0 && missing.length === 0 && inConfigOrder) {
    plan.notes.push(`rule ${rule.ruleName} runs ${rule.scenarios.join(', ')} as configured`);
  }
}

/** New rules are appended by AddRule (inferred); only the configured rules' relative order is compared (as voxengine-ci does). */
function planRuleOrder(input: PlanInput, plan: DeployPlan): void {
  const wanted = input.desired.rules.map((r) => r.ruleName);
  const existingOrder = input.snapshot.rules.map((r) => r.ruleName).filter((n) => wanted.includes(n));
  const afterAdds = [...existingOrder, ...wanted.filter((n) => !existingOrder.includes(n))];
  if (afterAdds.join('\n') !== wanted.join('\n')) plan.actions.push({ kind: 'reorderRules', rules: wanted });
}

function planNumber(input: PlanInput, wanted: DeployNumber, plan: DeployPlan): void {
  const { snapshot } = input;
  if (wanted.rule !== undefined && !input.desired.rules.some((r) => r.ruleName === wanted.rule)) {
    plan.problems.push({
      kind: 'number',
      subject: wanted.number,
      message: `number ${wanted.number} is configured for rule ${wanted.rule}, which rules.config.json does not define`,
      forceable: false,
    });
    return;
  }
  const rented = snapshot.numbers.get(numberDigits(wanted.number));
  const bind = { kind: 'bindNumber' as const, number: wanted.number, ...(wanted.rule ? { ruleName: wanted.rule } : {}) };
  if (!rented) {
    if (!input.canRentNumbers) {
      plan.problems.push({
        kind: 'number',
        subject: wanted.number,
        message: `number ${wanted.number} is not rented on account ${snapshot.accountName}; buy it in the control panel first`,
        forceable: false,
      });
      return;
    }
    plan.actions.push({ kind: 'rentNumber', number: wanted.number }, bind);
    return;
  }
  const appId = snapshot.application?.applicationId;
  const onOurApp = appId !== undefined && rented.applicationId === appId;
  if (rented.applicationId !== undefined && !onOurApp) {
    const from = rented.applicationName ?? `application #${rented.applicationId}`;
    if (!input.force) {
      plan.problems.push({
        kind: 'number',
        subject: wanted.number,
        message: `number ${wanted.number} is bound to ${from}; binding it here would take it away from there`,
        forceable: true,
      });
      return;
    }
    plan.actions.push({ ...bind, fromApplication: from });
    return;
  }
  if (onOurApp && (wanted.rule === undefined || rented.ruleName === wanted.rule)) {
    plan.notes.push(`number ${wanted.number} is bound as configured`);
    return;
  }
  plan.actions.push(bind);
}
