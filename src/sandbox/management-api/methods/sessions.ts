import { CallSessionRecord } from '../../state/model';
import { MethodContext, MethodTable } from '../context';
import { ApiCode, ApiError } from '../errors';
import { LIST_LIMITS, pageOf, parsePlatformDateTime, platformDateTime } from '../format';
import { findApplication, requireRule } from '../lookup';
import { invalid } from '../params';

/** `VoxEngine.customData()` holds at most 200 bytes (docs/platform.md#custom-data). */
const CUSTOM_DATA_MAX_BYTES = 200;
/** Time zones the sandbox's history is kept and answered in (it is all UTC). */
const UTC_ZONES = new Set(['etc/gmt', 'gmt', 'utc', 'etc/utc']);

/**
 * Runtime sessions: StartScenarios (starts a JS session on the runtime emulator) and GetCallHistory
 * (the sessions it finished) — docs/platform.md#start-scenarios, docs/platform.md#call-history.
 */
export const sessionMethods: MethodTable = {
  /**
   * `rule_id` (or `rule_name` with the application), optional application, `script_custom_data`
   * (≤ 200 bytes, read with VoxEngine.customData()) → `{result: 1, media_session_access_url,
   * media_session_access_secure_url, media_session_check_url, call_session_history_id}`. 375 when the
   * rule has no scenario. The access URLs point at the sandbox (https both: it serves HTTPS only), which
   * delivers requests to them to the session as AppEvents.HttpRequest (media-session.ts).
   */
  StartScenarios: {
    handle: (ctx) => {
      refuseUsers(ctx);
      const app = findApplication(ctx, false);
      const rule = requireRule(ctx, app);
      const customData = ctx.params.string('script_custom_data') ?? '';
      const bytes = Buffer.byteLength(customData, 'utf8');
      if (bytes > CUSTOM_DATA_MAX_BYTES)
        throw new ApiError(ApiCode.TOO_LONG, `Invalid script_custom_data: ${bytes} bytes; at most ${CUSTOM_DATA_MAX_BYTES} are allowed`);
      if (rule.scenarioIds.length === 0) throw new ApiError(ApiCode.RULE_NO_SCENARIO_BOUND, `No scenario is bound to rule ${rule.name}`);
      const owner = ctx.state.applicationById(rule.applicationId);
      if (!owner) throw new ApiError(ApiCode.INVALID_APPLICATION_ID, `Invalid rule_id: the application of rule ${rule.id} is gone`);
      const started = ctx.sessions.startScenarios(owner, rule, customData);
      return {
        result: 1,
        media_session_access_url: started.accessUrl,
        media_session_access_secure_url: started.accessSecureUrl,
        media_session_check_url: started.checkUrl,
        call_session_history_id: started.historyId,
      };
    },
  },

  /**
   * Finished sessions, oldest first (`desc_order` for newest first). Filters: `from_date`/`to_date`
   * (`YYYY-MM-DD HH:mm:ss`, UTC; unbounded when omitted), `call_session_history_id` (list),
   * application, `rule_name`, `remote_number`/`local_number` (lists; any call leg), `remote_number_list`
   * (JSON array), `call_session_history_custom_data` (exact), `min_duration`/`max_duration` (s).
   * `with_calls`, `with_records`, `with_other_resources` add the nested arrays (snake_case). Paged
   * (default 20, max 1000). `timezone` must be UTC-like (Etc/GMT); `user_id`, `output`, `is_async` are refused.
   */
  GetCallHistory: {
    handle: (ctx) => {
      refuseUsers(ctx);
      for (const unsupported of ['output', 'is_async', 'child_account_id']) {
        if (ctx.params.has(unsupported)) throw invalid(unsupported, 'is not supported by the sandbox');
      }
      const zone = ctx.params.string('timezone');
      if (zone !== undefined && !UTC_ZONES.has(zone.toLowerCase()))
        throw invalid('timezone', `the sandbox answers in UTC only; pass Etc/GMT, got "${zone}"`);
      const offset = ctx.params.int('offset') ?? 0;
      if (offset > 10_000) throw invalid('offset', `must be at most 10000, got ${offset}`);

      const matches = historyFilter(ctx);
      const sessions = ctx.state.historySessions().filter(matches);
      if (ctx.params.bool('desc_order', false)) sessions.reverse();
      const page = pageOf(ctx.params, sessions, LIST_LIMITS);
      const nested = {
        calls: ctx.params.bool('with_calls', false),
        records: ctx.params.bool('with_records', false),
        other: ctx.params.bool('with_other_resources', false),
      };
      const body: Record<string, unknown> = {
        result: page.result.map((s) => sessionView(ctx, s, nested)),
        count: page.count,
        timezone: 'Etc/GMT',
      };
      if (ctx.params.bool('with_total_count', true)) body.total_count = page.total_count;
      return body;
    },
  },
};

function refuseUsers(ctx: MethodContext): void {
  for (const param of ['user_id', 'user_name']) {
    if (ctx.params.has(param)) throw invalid(param, 'the sandbox has no users (SDK users are not emulated)');
  }
}

/** The predicate of GetCallHistory's filters. */
function historyFilter(ctx: MethodContext): (s: CallSessionRecord) => boolean {
  const from = ctx.params.string('from_date');
  const to = ctx.params.string('to_date');
  const fromMs = from === undefined ? -Infinity : parsePlatformDateTime('from_date', from);
  const toMs = to === undefined ? Infinity : parsePlatformDateTime('to_date', to);
  const ids = ctx.params.intList('call_session_history_id');
  if (ids) {
    if (ids.length > 1000) throw invalid('call_session_history_id', `at most 1000 ids, got ${ids.length}`);
    const unknown = ids.find((id) => !ctx.state.hasHistory(id));
    if (unknown !== undefined)
      throw new ApiError(ApiCode.INVALID_CALL_SESSION_HISTORY_ID, `Invalid call_session_history_id: no finished session ${unknown}`);
  }
  const app = findApplication(ctx, false);
  const ruleName = ctx.params.string('rule_name');
  if (ruleName !== undefined && !app) throw invalid('rule_name', 'needs application_id or application_name');
  const remote = [...(ctx.params.stringList('remote_number') ?? []), ...remoteNumberList(ctx)];
  const local = ctx.params.stringList('local_number');
  const customData = ctx.params.string('call_session_history_custom_data');
  const minS = ctx.params.int('min_duration');
  const maxS = ctx.params.int('max_duration');
  return (s) => {
    const start = Date.parse(s.startDate);
    return (
      start >= fromMs &&
      start <= toMs &&
      (ids === undefined || ids.includes(s.historyId)) &&
      (!app || s.applicationId === app.id) &&
      (ruleName === undefined || s.ruleName === ruleName) &&
      (remote.length === 0 || s.calls.some((c) => remote.includes(c.remoteNumber))) &&
      (local === undefined || s.calls.some((c) => local.includes(c.localNumber))) &&
      (customData === undefined || s.customData === customData) &&
      (minS === undefined || s.durationS >= minS) &&
      (maxS === undefined || s.durationS <= maxS)
    );
  };
}

function remoteNumberList(ctx: MethodContext): string[] {
  const raw = ctx.params.string('remote_number_list');
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid('remote_number_list', 'must be a JSON array of strings');
  }
  if (!Array.isArray(parsed) || parsed.some((n) => typeof n !== 'string'))
    throw invalid('remote_number_list', 'must be a JSON array of strings');
  return parsed as string[];
}

/** CallSessionInfo with nested arrays in snake_case (the client leaves them raw, docs/platform.md#call-history). */
function sessionView(
  ctx: MethodContext,
  s: CallSessionRecord,
  nested: { calls: boolean; records: boolean; other: boolean },
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    call_session_history_id: s.historyId,
    account_id: ctx.state.account.accountId,
    application_id: s.applicationId,
    application_name: s.applicationName,
    user_id: 0,
    rule_name: s.ruleName ?? '',
    start_date: platformDateTime(s.startDate),
    duration: Math.round(s.durationS),
    initiator_address: '127.0.0.1',
    media_server_address: '127.0.0.1',
    log_file_url: `https://${ctx.host}/_sandbox/logs/${s.historyId}`,
    finish_reason: s.finishReason,
    audio_quality: 'HD',
    custom_data: s.customData,
  };
  if (nested.calls) {
    view.calls = s.calls.map((c) => ({
      call_id: c.callId,
      start_time: platformDateTime(c.startTime),
      duration: Math.round(c.durationS),
      local_number: c.localNumber,
      remote_number: c.remoteNumber,
      remote_number_type: 'pstn',
      incoming: c.incoming,
      successful: c.successful,
      transaction_id: 0,
      record_url: c.recordUrl ?? '',
      media_server_address: '127.0.0.1',
      cost: 0,
      custom_data: '',
      end_reason: c.endReason,
    }));
  }
  if (nested.records) {
    view.records = s.records.map((r, i) => ({
      record_id: s.historyId * 100 + i,
      record_name: r.recordUrl.split('/').pop() ?? '',
      cost: 0,
      start_time: platformDateTime(r.startTime),
      duration: Math.round(r.durationS),
      record_url: r.recordUrl,
      transaction_id: 0,
      file_size: 0,
    }));
  }
  if (nested.other) view.other_resource_usage = [];
  return view;
}
