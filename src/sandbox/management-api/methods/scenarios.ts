import { ApplicationRecord, RuleRecord, ScenarioRecord } from '../../state/model';
import { MethodContext, MethodTable } from '../context';
import { ApiCode, ApiError } from '../errors';
import { LIST_LIMITS, pageOf } from '../format';
import { findApplication, findRule, findScenarios, requireRule, resolvePair, scenarioNotFound, throwError } from '../lookup';
import { missing } from '../params';
import { deleteScenarios } from './cascade';
import { checkScenarioName, checkScript } from './names';
import { scenarioView } from './views';

/**
 * Scenarios: AddScenario, GetScenarios, SetScenarioInfo, DelScenario, BindScenario, ReorderScenarios
 * (docs/platform.md#scenario-methods). A scenario lives in the account-wide Shared folder or in one application's
 * folder; names are unique within a folder (inferred). Scripts are stored and returned byte for byte.
 */
export const scenarioMethods: MethodTable = {
  /**
   * `scenario_name` (< 30 chars), `scenario_script` (< 128 KB), optional application (its folder; Shared
   * without one), optional `rule_id` | `rule_name` to bind it to, `rewrite` to replace a same-named
   * scenario → `{result: 1, scenario_id}`. Errors 133, 130, 168.
   */
  AddScenario: {
    handle: (ctx) => {
      const name = ctx.params.requireString('scenario_name');
      checkScenarioName('scenario_name', name);
      const script = ctx.params.string('scenario_script') ?? '';
      checkScript(script);
      const app = findApplication(ctx, false);
      const rule = findRule(ctx, app, false);
      const folder = app?.id ?? null;
      if (rule) assertBindable({ id: 0, name, applicationId: folder }, rule);

      let scenario = ctx.state.scenarios.find((s) => s.applicationId === folder && s.name === name);
      if (scenario && !ctx.params.bool('rewrite', false)) {
        throw new ApiError(
          ApiCode.SCENARIO_NAME_ISNT_UNIQUE,
          `Scenario name is not unique: "${name}" exists in ${folderName(app)} (pass rewrite=true to replace it)`,
        );
      }
      if (scenario) {
        scenario.script = script;
        scenario.modifiedMs = ctx.wallNow();
      } else {
        scenario = { id: ctx.state.nextId('scenario'), name, script, applicationId: folder, modifiedMs: ctx.wallNow() };
        ctx.state.scenarios.push(scenario);
      }
      if (rule && !rule.scenarioIds.includes(scenario.id)) rule.scenarioIds.push(scenario.id);
      return { result: 1, scenario_id: scenario.id };
    },
  },

  /**
   * Filters: `scenario_id`, `scenario_name` (case-insensitive part), application (its folder only).
   * `scenario_script` is returned only with `with_script=true` AND `scenario_id` (docs/platform.md#scenario-methods (inferred); voxengine-ci
   * re-fetches by id). Sorted by id; paged with `count` (default 20) and `offset`. With an application the
   * answer also carries `application_id`, `application_name`, `extended_application_name`.
   */
  GetScenarios: {
    handle: (ctx) => {
      const id = ctx.params.int('scenario_id');
      const part = ctx.params.string('scenario_name')?.toLowerCase();
      const app = findApplication(ctx, false);
      const withScript = ctx.params.bool('with_script', false) && id !== undefined;
      const scenarios = ctx.state.scenarios
        .filter(
          (s) =>
            (id === undefined || s.id === id) &&
            (part === undefined || s.name.toLowerCase().includes(part)) &&
            (!app || s.applicationId === app.id),
        )
        .sort((a, b) => a.id - b.id);
      const page = pageOf(ctx.params, scenarios, LIST_LIMITS);
      return {
        ...page,
        result: page.result.map((s) => scenarioView(s, withScript)),
        ...(app ? { application_id: app.id, application_name: app.name, extended_application_name: app.name } : {}),
      };
    },
  },

  /** `scenario_id` | `required_scenario_name` (+ application to pick its folder); new `scenario_name`, `scenario_script` → `{result: 1}`. 132, 133, 130, 168. */
  SetScenarioInfo: {
    handle: (ctx) => {
      const app = findApplication(ctx, false);
      const scenario = resolvePair(ctx, {
        idParam: 'scenario_id',
        nameParam: 'required_scenario_name',
        byId: (id) => ctx.state.scenarioById(id),
        byName: (name) => ctx.state.scenarios.find((s) => s.name === name && s.applicationId === (app?.id ?? null)),
        notFound: scenarioNotFound,
      });
      if (!scenario) throw missing('scenario_id or required_scenario_name');
      const newName = ctx.params.string('scenario_name');
      const script = ctx.params.string('scenario_script');
      if (newName !== undefined) {
        checkScenarioName('scenario_name', newName);
        if (ctx.state.scenarios.some((s) => s !== scenario && s.applicationId === scenario.applicationId && s.name === newName)) {
          throw new ApiError(ApiCode.SCENARIO_NAME_ISNT_UNIQUE, `Scenario name is not unique: "${newName}" exists in the same folder`);
        }
      }
      if (script !== undefined) checkScript(script);
      if (newName !== undefined) scenario.name = newName;
      if (script !== undefined) scenario.script = script;
      scenario.modifiedMs = ctx.wallNow();
      return { result: 1 };
    },
  },

  /** `scenario_id` (list, or `all` = every scenario of the account) | `scenario_name` (list) → `{result: 1}`; unbinds them from their rules. */
  DelScenario: {
    handle: (ctx) => {
      const ids = ctx.params.intList('scenario_id', true);
      const names = ctx.params.stringList('scenario_name');
      let doomed: ScenarioRecord[] | undefined;
      if (ids === 'all') doomed = [...ctx.state.scenarios];
      else if (ids) doomed = ids.map((id) => ctx.state.scenarioById(id) ?? throwError(scenarioNotFound('scenario_id', id)));
      else if (names) doomed = findScenarios(ctx, findApplication(ctx, false));
      if (!doomed) throw missing('scenario_id or scenario_name');
      deleteScenarios(ctx.state, new Set(doomed.map((s) => s.id)));
      return { result: 1 };
    },
  },

  /**
   * `scenario_id` | `scenario_name` (lists), `rule_id` | `rule_name` (a name needs the application),
   * `bind` (default true; false unbinds). Binding appends the scenarios not yet bound, in the order
   * given, so a rule runs them in bound order (docs/platform.md#scenario-methods). Ids and names may all be given together (voxengine-ci).
   */
  BindScenario: {
    handle: (ctx) => {
      const { rule, scenarios } = ruleAndScenarios(ctx);
      if (ctx.params.bool('bind', true)) {
        for (const s of scenarios) assertBindable(s, rule);
        for (const s of scenarios) if (!rule.scenarioIds.includes(s.id)) rule.scenarioIds.push(s.id);
      } else {
        const unbind = new Set(scenarios.map((s) => s.id));
        rule.scenarioIds = rule.scenarioIds.filter((id) => !unbind.has(id));
      }
      rule.modifiedMs = ctx.wallNow();
      return { result: 1 };
    },
  },

  /** `rule_id` | `rule_name`, `scenario_id` (list of bound scenarios): those run first in that order, the others after them in their old order (inferred). */
  ReorderScenarios: {
    handle: (ctx) => {
      const { rule, scenarios } = ruleAndScenarios(ctx);
      const listed = scenarios.map((s) => s.id);
      for (const id of listed) {
        if (!rule.scenarioIds.includes(id))
          throw new ApiError(ApiCode.INVALID_SCENARIO_ID, `Invalid scenario_id: scenario ${id} is not bound to rule ${rule.name}`);
      }
      rule.scenarioIds = [...new Set(listed), ...rule.scenarioIds.filter((id) => !listed.includes(id))];
      rule.modifiedMs = ctx.wallNow();
      return { result: 1 };
    },
  },
};

function ruleAndScenarios(ctx: MethodContext): { rule: RuleRecord; scenarios: ScenarioRecord[] } {
  const app = findApplication(ctx, false);
  const rule = requireRule(ctx, app);
  const scenarios = findScenarios(ctx, app ?? ctx.state.applicationById(rule.applicationId));
  if (!scenarios) throw missing('scenario_id or scenario_name');
  return { rule, scenarios };
}

/** A scenario can be bound to a rule when it is in the Shared folder or in the rule's application. ApiError 132 otherwise. */
export function assertBindable(scenario: Pick<ScenarioRecord, 'id' | 'name' | 'applicationId'>, rule: RuleRecord): void {
  if (scenario.applicationId !== null && scenario.applicationId !== rule.applicationId) {
    throw new ApiError(
      ApiCode.INVALID_SCENARIO_ID,
      `Invalid scenario_id: scenario "${scenario.name}" belongs to another application than rule ${rule.name}`,
    );
  }
}

function folderName(app: ApplicationRecord | undefined): string {
  return app ? `application ${app.name}` : 'the Shared folder';
}
