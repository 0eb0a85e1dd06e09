import { ApplicationRecord } from '../../state/model';
import { MethodContext, MethodTable } from '../context';
import { ApiCode, ApiError } from '../errors';
import { LIST_LIMITS, pageOf } from '../format';
import { missing } from '../params';
import { applicationsOf, requireApplication } from '../lookup';
import { deleteApplication } from './cascade';
import { toFullApplicationName } from './names';
import { applicationView, ruleView } from './views';

/** Applications: AddApplication, GetApplications, SetApplicationInfo, DelApplication (docs/platform.md#application-methods). */
export const applicationMethods: MethodTable = {
  /** `application_name` short or full → `{result: 1, application_id, application_name (full), secure_record_storage}`; 107, 129. */
  AddApplication: {
    handle: (ctx) => {
      const name = toFullApplicationName('application_name', ctx.params.requireString('application_name'), ctx.state.account);
      assertUniqueName(ctx, name, undefined);
      const app: ApplicationRecord = {
        id: ctx.state.nextId('application'),
        name,
        secureRecordStorage: ctx.params.bool('secure_record_storage', false),
        modifiedMs: ctx.wallNow(),
        secrets: {},
      };
      ctx.state.applications.push(app);
      return { result: 1, application_id: app.id, application_name: app.name, secure_record_storage: app.secureRecordStorage };
    },
  },

  /**
   * Filters: `application_id` (exact), `application_name` (case-insensitive part of the full name).
   * `with_rules` adds each application's `rules` in routing order; `with_scenarios` adds them with their
   * scenarios (the official client drops both, docs/platform.md#client-nested-fields). Paged with `count` (default 20) and `offset`.
   */
  GetApplications: {
    handle: (ctx) => {
      const id = ctx.params.int('application_id');
      const part = ctx.params.string('application_name')?.toLowerCase();
      const withScenarios = ctx.params.bool('with_scenarios', false);
      const withRules = ctx.params.bool('with_rules', false) || withScenarios;
      const apps = ctx.state.applications.filter(
        (a) => (id === undefined || a.id === id) && (part === undefined || a.name.toLowerCase().includes(part)),
      );
      const page = pageOf(ctx.params, apps, LIST_LIMITS);
      return {
        ...page,
        result: page.result.map((app) => ({
          ...applicationView(app),
          ...(withRules ? { rules: ctx.state.rulesOf(app.id).map((r) => ruleView(ctx.state, r, withScenarios)) } : {}),
        })),
      };
    },
  },

  /** `application_id` | `required_application_name`; new `application_name`, `secure_record_storage` → `{result: 1, application_name, secure_record_storage}`. */
  SetApplicationInfo: {
    handle: (ctx) => {
      const app = requireApplication(ctx, 'required_application_name');
      const newName = ctx.params.string('application_name');
      if (newName !== undefined) {
        const full = toFullApplicationName('application_name', newName, ctx.state.account);
        assertUniqueName(ctx, full, app);
        app.name = full;
      }
      app.secureRecordStorage = ctx.params.bool('secure_record_storage', app.secureRecordStorage);
      app.modifiedMs = ctx.wallNow();
      return { result: 1, application_name: app.name, secure_record_storage: app.secureRecordStorage };
    },
  },

  /** `application_id` (list or `all`) | `application_name` (list). Takes the application's rules, folder scenarios and storage with it. */
  DelApplication: {
    handle: (ctx) => {
      const apps = applicationsOf(ctx);
      if (!apps) throw missing('application_id or application_name');
      for (const app of apps) deleteApplication(ctx.state, app.id);
      return { result: 1 };
    },
  },
};

function assertUniqueName(ctx: MethodContext, fullName: string, self: ApplicationRecord | undefined): void {
  if (ctx.state.applications.some((a) => a.name === fullName && a !== self)) {
    throw new ApiError(ApiCode.APPLICATION_NAME_ISNT_UNIQUE, `Application name is not unique: ${fullName} exists`);
  }
}
