import { ApplicationRecord, RuleRecord } from '../../state/model';
import { compileRulePattern, MAX_MATCHED_CHARS, ruleMatches, RulePatternError } from '../../state/routing';
import { MethodContext, MethodTable } from '../context';
import { ApiCode, ApiError } from '../errors';
import { LIST_LIMITS, pageOf } from '../format';
import { applicationsOf, findScenarios, requireApplication, ruleNotFound, throwError } from '../lookup';
import { invalid, missing } from '../params';
import { deleteRules } from './cascade';
import { checkRuleName } from './names';
import { assertBindable } from './scenarios';
import { ruleView } from './views';

/** Longest rule pattern + 1, in characters: patterns are "under 64 KB" (docs/platform.md#rule-methods). */
const PATTERN_LIMIT = 64 * 1024;

/**
 * Rules: AddRule, GetRules, SetRuleInfo, DelRule, ReorderRules (docs/platform.md#rule-methods). An application's
 * rules are kept in routing order (top to bottom); a new rule goes to the bottom.
 */
export const ruleMethods: MethodTable = {
  /**
   * `rule_name` (< 100 chars, unique in the application), `rule_pattern`, application, optional
   * `rule_pattern_exclude`, `video_conference`, `bind_key_id`, `scenario_id` | `scenario_name` (bound in
   * the order given) → `{result: 1, rule_id}`. Errors 134, 148, 149, 156, 175, 132.
   */
  AddRule: {
    handle: (ctx) => {
      const app = requireApplication(ctx);
      const name = ctx.params.requireString('rule_name');
      checkRuleName('rule_name', name);
      assertUniqueRuleName(ctx, app, name, undefined);
      const pattern = checkedPattern(ctx.params.requireString('rule_pattern'), 'rule_pattern');
      const patternExclude = checkedPattern(ctx.params.string('rule_pattern_exclude') ?? '', 'rule_pattern_exclude');
      const scenarios = findScenarios(ctx, app) ?? [];
      const rule: RuleRecord = {
        id: ctx.state.nextId('rule'),
        applicationId: app.id,
        name,
        pattern,
        patternExclude,
        videoConference: ctx.params.bool('video_conference', false),
        bindKeyId: ctx.params.string('bind_key_id') ?? null,
        scenarioIds: [],
        modifiedMs: ctx.wallNow(),
      };
      for (const s of scenarios) assertBindable(s, rule);
      rule.scenarioIds = [...new Set(scenarios.map((s) => s.id))];
      ctx.state.rules.push(rule);
      return { result: 1, rule_id: rule.id };
    },
  },

  /**
   * The application's rules in routing order. Filters: `rule_id`, `rule_name` (case-insensitive part),
   * `video_conference`, `template` (rules whose pattern takes that number). `with_scenarios` adds each
   * rule's scenarios in bound order. Paged with `count` (default 20) and `offset`.
   */
  GetRules: {
    handle: (ctx) => {
      const app = requireApplication(ctx);
      const id = ctx.params.int('rule_id');
      const part = ctx.params.string('rule_name')?.toLowerCase();
      const video = ctx.params.optionalBool('video_conference');
      const template = ctx.params.string('template');
      if (template !== undefined && template.length > MAX_MATCHED_CHARS)
        throw invalid('template', `a phone number has at most ${MAX_MATCHED_CHARS} characters, got ${template.length}`);
      const withScenarios = ctx.params.bool('with_scenarios', false);
      const rules = ctx.state
        .rulesOf(app.id)
        .filter(
          (r) =>
            (id === undefined || r.id === id) &&
            (part === undefined || r.name.toLowerCase().includes(part)) &&
            (video === undefined || r.videoConference === video) &&
            (template === undefined || ruleMatches(r, template)),
        );
      const page = pageOf(ctx.params, rules, LIST_LIMITS);
      return { ...page, result: page.result.map((r) => ruleView(ctx.state, r, withScenarios)) };
    },
  },

  /** `rule_id`; optional new `rule_name`, `rule_pattern`, `rule_pattern_exclude`, `video_conference`, `bind_key_id` → `{result: 1}`. An empty value leaves a field unchanged. */
  SetRuleInfo: {
    handle: (ctx) => {
      const id = ctx.params.requireInt('rule_id');
      const rule = ctx.state.ruleById(id) ?? throwError(ruleNotFound('rule_id', id));
      const app = ctx.state.applicationById(rule.applicationId) as ApplicationRecord;
      const name = ctx.params.string('rule_name');
      if (name !== undefined) {
        checkRuleName('rule_name', name);
        assertUniqueRuleName(ctx, app, name, rule);
      }
      const pattern = ctx.params.string('rule_pattern');
      const exclude = ctx.params.string('rule_pattern_exclude');
      if (pattern !== undefined) rule.pattern = checkedPattern(pattern, 'rule_pattern');
      if (exclude !== undefined) rule.patternExclude = checkedPattern(exclude, 'rule_pattern_exclude');
      if (name !== undefined) rule.name = name;
      rule.videoConference = ctx.params.bool('video_conference', rule.videoConference);
      rule.bindKeyId = ctx.params.string('bind_key_id') ?? rule.bindKeyId;
      rule.modifiedMs = ctx.wallNow();
      return { result: 1 };
    },
  },

  /**
   * `rule_id` (list or `all`) | `rule_name` (list; needs the application), optional `application_id`
   * (list or `all`) | `application_name` (list) to restrict to → `{result: 1}`. Numbers bound to a
   * deleted rule stay bound to their application.
   */
  DelRule: {
    handle: (ctx) => {
      const apps = applicationsOf(ctx);
      const inScope = (r: RuleRecord): boolean => apps === undefined || apps.some((a) => a.id === r.applicationId);
      const ids = ctx.params.intList('rule_id', true);
      const names = ctx.params.stringList('rule_name');
      let doomed: RuleRecord[];
      if (ids === 'all') doomed = ctx.state.rules.filter(inScope);
      else if (ids)
        doomed = ids.map((id) => ctx.state.rules.find((r) => r.id === id && inScope(r)) ?? throwError(ruleNotFound('rule_id', id)));
      else if (names) {
        if (!apps) throw missing('application_id or application_name (required with rule_name)');
        doomed = names.map((n) => ctx.state.rules.find((r) => r.name === n && inScope(r)) ?? throwError(ruleNotFound('rule_name', n)));
      } else throw missing('rule_id or rule_name');
      deleteRules(ctx.state, new Set(doomed.map((r) => r.id)));
      return { result: 1 };
    },
  },

  /**
   * `rule_id`: rules of one application in the wanted routing order. The listed rules go to the top in
   * that order and the application's other rules follow in their old order (voxengine-ci lists only the
   * rules in its config, docs/platform.md#rule-methods (inferred)).
   */
  ReorderRules: {
    handle: (ctx) => {
      const ids = ctx.params.intList('rule_id');
      if (ids === undefined) throw missing('rule_id');
      const listed = ids.map((id) => ctx.state.ruleById(id) ?? throwError(ruleNotFound('rule_id', id)));
      const appId = listed[0].applicationId;
      const stranger = listed.find((r) => r.applicationId !== appId);
      if (stranger)
        throw new ApiError(
          ApiCode.INVALID_RULE_ID,
          `Invalid rule_id: rule ${stranger.id} belongs to another application than rule ${listed[0].id}`,
        );
      const order = [...new Set(listed), ...ctx.state.rulesOf(appId).filter((r) => !listed.includes(r))];
      const others = ctx.state.rules.filter((r) => r.applicationId !== appId);
      ctx.state.rules.splice(0, ctx.state.rules.length, ...others, ...order);
      return { result: 1 };
    },
  },
};

function assertUniqueRuleName(ctx: MethodContext, app: ApplicationRecord, name: string, self: RuleRecord | undefined): void {
  if (ctx.state.rulesOf(app.id).some((r) => r.name === name && r !== self)) {
    throw new ApiError(ApiCode.DUPLICATE_RULE_NAME, `Rule name is not unique: "${name}" exists in application ${app.name}`);
  }
}

/**
 * The pattern if it is under 64 KB and the bounded matcher takes it (rule-pattern.ts: JavaScript syntax
 * without backreferences or lookaround); ApiError 148 (`rule_pattern`) or 149 (`rule_pattern_exclude`).
 */
function checkedPattern(pattern: string, param: 'rule_pattern' | 'rule_pattern_exclude'): string {
  const code = param === 'rule_pattern' ? ApiCode.INVALID_RULE_PATTERN : ApiCode.INVALID_RULE_PATTERN_EXCLUDE;
  if (pattern.length >= PATTERN_LIMIT)
    throw new ApiError(code, `Invalid ${param}: ${pattern.length} characters; fewer than ${PATTERN_LIMIT} are allowed`);
  try {
    compileRulePattern(pattern);
  } catch (err) {
    if (!(err instanceof RulePatternError)) throw err;
    throw new ApiError(code, `Invalid ${param}: ${err.message}`);
  }
  return pattern;
}
