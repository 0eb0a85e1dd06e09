import { SandboxState } from '../../state/sandbox-state';

/**
 * Deletions and what they take with them, so no record is left pointing at a deleted one (inferred: the
 * platform's cascade is not documented; this is what its control panel shows after a deletion).
 */

/** Deletes rules; numbers bound to them stay bound to their application without a rule. */
export function deleteRules(state: SandboxState, ruleIds: ReadonlySet<number>): void {
  if (ruleIds.size === 0) return;
  removeWhere(state.rules, (r) => ruleIds.has(r.id));
  for (const phone of state.phoneNumbers) if (phone.ruleId !== null && ruleIds.has(phone.ruleId)) phone.ruleId = null;
}

/** Deletes scenarios and unbinds them from every rule. */
export function deleteScenarios(state: SandboxState, scenarioIds: ReadonlySet<number>): void {
  if (scenarioIds.size === 0) return;
  removeWhere(state.scenarios, (s) => scenarioIds.has(s.id));
  for (const rule of state.rules) rule.scenarioIds = rule.scenarioIds.filter((id) => !scenarioIds.has(id));
}

/** Deletes an application with its rules, the scenarios in its folder and its ApplicationStorage; unbinds its numbers. */
export function deleteApplication(state: SandboxState, applicationId: number): void {
  deleteRules(state, new Set(state.rulesOf(applicationId).map((r) => r.id)));
  deleteScenarios(state, new Set(state.scenarios.filter((s) => s.applicationId === applicationId).map((s) => s.id)));
  for (const phone of state.phoneNumbers) {
    if (phone.applicationId === applicationId) {
      phone.applicationId = null;
      phone.ruleId = null;
    }
  }
  state.dropStorage(applicationId);
  removeWhere(state.applications, (a) => a.id === applicationId);
}

/** Removes in place the items for which `drop` holds. */
export function removeWhere<T>(items: T[], drop: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!drop(item)) items[kept++] = item;
  items.length = kept;
}
