import type { PlatformApi } from '../platform/api';
import { ActionOf, DeployAction, DeployActionKind, describeAction } from './actions';
import { DeployStateError } from './errors';
import { numberDigits, PlatformSnapshot } from './snapshot';

/** Where the sandbox rents numbers (deploy config `sandboxRental`). */
export interface RentalSpec {
  countryCode: string;
  phoneCategoryName: string;
  phoneRegionId: number;
}

/**
 * What the handlers share while a plan runs: ids known from the snapshot plus ids of objects created
 * by earlier actions (a new application's id, new scenario and rule ids, rented numbers' ids).
 */
export interface ExecutionContext {
  api: PlatformApi;
  applicationName: string;
  applicationId?: number;
  scenarioIds: Map<string, number>;
  ruleIds: Map<string, number>;
  /** Phone ids by digits (no `+`). */
  phoneIds: Map<string, number>;
  rental: RentalSpec;
}

/** Builds the context from the snapshot the plan was made from. */
export function contextFromSnapshot(api: PlatformApi, snapshot: PlatformSnapshot, rental: RentalSpec): ExecutionContext {
  return {
    api,
    applicationName: snapshot.applicationName,
    applicationId: snapshot.application?.applicationId,
    scenarioIds: new Map([...snapshot.scenarios].map(([name, s]) => [name, s.scenarioId])),
    ruleIds: new Map(snapshot.rules.map((r) => [r.ruleName, r.ruleId])),
    phoneIds: new Map([...snapshot.numbers].map(([digits, n]) => [digits, n.phoneId])),
    rental,
  };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DeployStateError(`${what} is not known (an earlier step should have created it)`);
  return value;
}
const appId = (ctx: ExecutionContext) => need(ctx.applicationId, `application ${ctx.applicationName}`);
const scenarioIds = (ctx: ExecutionContext, names: string[]) => names.map((n) => need(ctx.scenarioIds.get(n), `scenario ${n}`));

/** One handler per action kind: the Management API calls that carry it out (docs/platform.md#management-api). */
const HANDLERS: { [K in DeployActionKind]: (action: ActionOf<K>, ctx: ExecutionContext) => Promise<void> } = {
  async createApplication(a, ctx) {
    const res = await ctx.api.call('AddApplication', { applicationName: a.applicationName.split('.')[0] });
    if (res.applicationName !== a.applicationName) {
      throw new DeployStateError(
        `AddApplication created ${res.applicationName} (#${res.applicationId}), not ${a.applicationName}; set deploy.applicationName to "${res.applicationName}" and rename its voxfiles folder`,
      );
    }
    ctx.applicationId = res.applicationId;
  },
  async addScenario(a, ctx) {
    const res = await ctx.api.call('AddScenario', { scenarioName: a.name, scenarioScript: a.text });
    ctx.scenarioIds.set(a.name, res.scenarioId);
  },
  async updateScenario(a, ctx) {
    await ctx.api.call('SetScenarioInfo', { scenarioId: a.scenarioId, scenarioScript: a.text });
  },
  async addRule(a, ctx) {
    const res = await ctx.api.call('AddRule', {
      applicationId: appId(ctx),
      ruleName: a.ruleName,
      rulePattern: a.rulePattern,
      scenarioId: scenarioIds(ctx, a.scenarios),
    });
    ctx.ruleIds.set(a.ruleName, res.ruleId);
  },
  async setRulePattern(a, ctx) {
    await ctx.api.call('SetRuleInfo', { ruleId: a.ruleId, rulePattern: a.to });
  },
  async unbindScenarios(a, ctx) {
    await ctx.api.call('BindScenario', {
      scenarioId: a.scenarios.map((s) => s.scenarioId),
      ruleId: a.ruleId,
      applicationId: appId(ctx),
      bind: false,
    });
  },
  async bindScenarios(a, ctx) {
    await ctx.api.call('BindScenario', {
      scenarioId: scenarioIds(ctx, a.scenarios),
      ruleId: a.ruleId,
      applicationId: appId(ctx),
      bind: true,
    });
  },
  async reorderScenarios(a, ctx) {
    await ctx.api.call('ReorderScenarios', { ruleId: a.ruleId, scenarioId: scenarioIds(ctx, a.scenarios) });
  },
  async reorderRules(a, ctx) {
    await ctx.api.call('ReorderRules', { ruleId: a.rules.map((n) => need(ctx.ruleIds.get(n), `rule ${n}`)) });
  },
  async rentNumber(a, ctx) {
    const res = await ctx.api.call('AttachPhoneNumber', {
      countryCode: ctx.rental.countryCode,
      phoneCategoryName: ctx.rental.phoneCategoryName,
      phoneRegionId: ctx.rental.phoneRegionId,
      phoneNumber: numberDigits(a.number),
    });
    const attached = (res.phoneNumbers ?? []).find((p) => numberDigits(String(p.phoneNumber)) === numberDigits(a.number));
    if (!attached) throw new DeployStateError(`AttachPhoneNumber did not return ${a.number}`);
    ctx.phoneIds.set(numberDigits(a.number), attached.phoneId);
  },
  async bindNumber(a, ctx) {
    await ctx.api.call('BindPhoneNumberToApplication', {
      phoneId: need(ctx.phoneIds.get(numberDigits(a.number)), `number ${a.number}`),
      applicationId: appId(ctx),
      ruleId: a.ruleName === undefined ? undefined : need(ctx.ruleIds.get(a.ruleName), `rule ${a.ruleName}`),
      bind: true,
    });
  },
};

/**
 * Runs the actions in order, one handler each. Stops at the first failure: what ran stays on the
 * platform, and a re-run plans only what is still missing.
 * @param log told "✓ <description>" after each action
 * @throws whatever the failing handler threw (PlatformApiError, DeployStateError, …)
 */
export async function executePlan(actions: DeployAction[], ctx: ExecutionContext, log: (line: string) => void): Promise<void> {
  for (const action of actions) {
    await (HANDLERS[action.kind] as (a: DeployAction, c: ExecutionContext) => Promise<void>)(action, ctx);
    log(`  done: ${describeAction(action)}`);
  }
}
