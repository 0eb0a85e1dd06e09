import { ApplicationRecord, RuleRecord, ScenarioRecord } from '../state/model';
import { MethodContext } from './context';
import { ApiCode, ApiError } from './errors';
import { missing } from './params';

/**
 * Resolving `xxx_id` | `xxx_name` parameter pairs to records. Either form may be given; both may be
 * given together, as voxengine-ci does (docs/platform.md#bind-scenario), as long as they name the same record —
 * otherwise ApiError 101. An id or name that names nothing is the kind's "invalid id" error.
 */

function conflict(idName: string, nameName: string): ApiError {
  return new ApiError(ApiCode.INVALID_ARGUMENTS, `Invalid arguments: '${idName}' and '${nameName}' name different records`);
}

/** Whether a list resolved from ids and one resolved from names hold the same records (same length, every id-found record among the name-found ones). */
export function sameRecords<T>(byId: readonly T[], byName: readonly T[]): boolean {
  return byId.length === byName.length && byId.every((record) => byName.includes(record));
}

/** How to resolve one `xxx_id` | `xxx_name` pair. */
export interface PairSpec<T> {
  idParam: string;
  nameParam: string;
  byId(id: number): T | undefined;
  byName(name: string): T | undefined;
  /** The error for a value that names nothing. */
  notFound(param: string, value: string | number): ApiError;
}

/**
 * The record named by an id parameter and/or a name parameter; undefined when neither is given.
 * ApiError from `notFound` when a given value names nothing, 101 when both name different records.
 */
export function resolvePair<T>(ctx: MethodContext, spec: PairSpec<T>): T | undefined {
  const id = ctx.params.int(spec.idParam);
  const name = ctx.params.string(spec.nameParam);
  const byId = id === undefined ? undefined : spec.byId(id);
  if (id !== undefined && byId === undefined) throw spec.notFound(spec.idParam, id);
  const byName = name === undefined ? undefined : spec.byName(name);
  if (name !== undefined && byName === undefined) throw spec.notFound(spec.nameParam, name);
  if (byId !== undefined && byName !== undefined && byId !== byName) throw conflict(spec.idParam, spec.nameParam);
  return byId ?? byName;
}

/** `"name"` for a name, the number for an id, in error messages. */
function shown(value: string | number): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** ApiError 147 for a rule id or name that names nothing (in `app` when given). */
export function ruleNotFound(param: string, value: string | number, app?: ApplicationRecord): ApiError {
  return new ApiError(ApiCode.INVALID_RULE_ID, `Invalid ${param}: no rule ${shown(value)}${app ? ` in application ${app.name}` : ''}`);
}

/** ApiError 132 for a scenario id or name that names nothing. */
export function scenarioNotFound(param: string, value: string | number): ApiError {
  return new ApiError(ApiCode.INVALID_SCENARIO_ID, `Invalid ${param}: no scenario ${shown(value)}`);
}

/** ApiError 116 for an application id or name that names nothing. */
export function applicationNotFound(param: string, value: string | number): ApiError {
  return new ApiError(ApiCode.INVALID_APPLICATION_ID, `Invalid ${param}: no application ${shown(value)}`);
}

/**
 * The application named by `application_id` and/or `nameParam` (default `application_name`; short or
 * full name).
 * Undefined when neither is given and `required` is false; ApiError 134 when required and missing;
 * 116 when it does not exist.
 */
export function findApplication(ctx: MethodContext, required: true, nameParam?: string): ApplicationRecord;
export function findApplication(ctx: MethodContext, required: boolean, nameParam?: string): ApplicationRecord | undefined;
export function findApplication(ctx: MethodContext, required: boolean, nameParam = 'application_name'): ApplicationRecord | undefined {
  const app = resolvePair(ctx, {
    idParam: 'application_id',
    nameParam,
    byId: (id) => ctx.state.applicationById(id),
    byName: (name) => ctx.state.applicationByName(name),
    notFound: applicationNotFound,
  });
  if (!app && required) throw missing(`application_id or ${nameParam}`);
  return app;
}

/** `findApplication(ctx, true, nameParam)`: the application, or ApiError 134 when missing, 116 when it does not exist. */
export function requireApplication(ctx: MethodContext, nameParam = 'application_name'): ApplicationRecord {
  return findApplication(ctx, true, nameParam);
}

/**
 * The rule named by `rule_id` and/or `rule_name` (a name needs `app`). When `app` is given the rule must
 * belong to it. Undefined when neither is given and `required` is false; ApiError 134 when required and
 * missing, 147 when it does not exist.
 */
export function findRule(ctx: MethodContext, app: ApplicationRecord | undefined, required: true): RuleRecord;
export function findRule(ctx: MethodContext, app: ApplicationRecord | undefined, required: boolean): RuleRecord | undefined;
export function findRule(ctx: MethodContext, app: ApplicationRecord | undefined, required: boolean): RuleRecord | undefined {
  const rule = resolvePair(ctx, {
    idParam: 'rule_id',
    nameParam: 'rule_name',
    byId: (id) => {
      const found = ctx.state.ruleById(id);
      return found && (!app || found.applicationId === app.id) ? found : undefined;
    },
    byName: (name) => {
      if (!app) throw missing('application_id or application_name (required with rule_name)');
      return ctx.state.rulesOf(app.id).find((r) => r.name === name);
    },
    notFound: (param, value) => ruleNotFound(param, value, app),
  });
  if (!rule && required) throw missing('rule_id or rule_name');
  return rule;
}

/** `findRule(ctx, app, true)`: the rule, or ApiError 134 when missing, 147 when it does not exist (in `app` when given). */
export function requireRule(ctx: MethodContext, app: ApplicationRecord | undefined): RuleRecord {
  return findRule(ctx, app, true);
}

/**
 * The scenarios named by `scenario_id` and/or `scenario_name` (`;`-lists), in the order given.
 * A name is looked up exactly; when several folders hold it, `app`'s folder wins, then Shared.
 * Undefined when neither is given; ApiError 132 for an unknown id or name.
 */
export function findScenarios(ctx: MethodContext, app: ApplicationRecord | undefined): ScenarioRecord[] | undefined {
  const ids = ctx.params.intList('scenario_id');
  const names = ctx.params.stringList('scenario_name');
  const byId = ids?.map((id) => scenarioById(ctx, id));
  const byName = names?.map((name) => scenarioByName(ctx, name, app));
  if (byId && byName && !sameRecords(byId, byName)) throw conflict('scenario_id', 'scenario_name');
  return byId ?? byName;
}

function scenarioById(ctx: MethodContext, id: number): ScenarioRecord {
  const scenario = ctx.state.scenarioById(id);
  if (!scenario) throw scenarioNotFound('scenario_id', id);
  return scenario;
}

function scenarioByName(ctx: MethodContext, name: string, app: ApplicationRecord | undefined): ScenarioRecord {
  const matches = ctx.state.scenarios.filter((s) => s.name === name);
  const chosen =
    matches.length <= 1
      ? matches[0]
      : (matches.find((s) => app !== undefined && s.applicationId === app.id) ?? matches.find((s) => s.applicationId === null));
  if (!chosen) {
    if (matches.length > 1)
      throw new ApiError(
        ApiCode.INVALID_ARGUMENTS,
        `Invalid scenario_name: "${name}" names scenarios in several applications; use scenario_id`,
      );
    throw scenarioNotFound('scenario_name', name);
  }
  return chosen;
}

/** Throws `error`; for use in expressions (`x ?? throwError(...)`). */
export function throwError(error: Error): never {
  throw error;
}

/**
 * The applications named by `application_id` (list or `all`) | `application_name` (list), for methods
 * that act on several; undefined when neither is given, ApiError 116 for one that does not exist.
 */
export function applicationsOf(ctx: MethodContext): ApplicationRecord[] | undefined {
  const ids = ctx.params.intList('application_id', true);
  const names = ctx.params.stringList('application_name');
  if (ids === 'all') return [...ctx.state.applications];
  if (ids) return ids.map((id) => ctx.state.applicationById(id) ?? throwError(applicationNotFound('application_id', id)));
  if (names) return names.map((n) => ctx.state.applicationByName(n) ?? throwError(applicationNotFound('application_name', n)));
  return undefined;
}
