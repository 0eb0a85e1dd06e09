import { CallSessionRecord } from '../../../src/sandbox/state/model';
import { ApiHarness, HARNESS_TOKEN, startApi } from './harness';

/** StartScenarios and GetCallHistory against a recording SessionStarter and seeded history (docs/platform.md#start-scenarios, docs/platform.md#call-history). */
describe('StartScenarios and GetCallHistory', () => {
  let api: ApiHarness;
  let appId: number;
  let ruleId: number;
  beforeEach(async () => {
    api = await startApi();
    appId = (await api.client.Applications.addApplication({ applicationName: 'runs' })).applicationId;
    const scenarioId = (await api.client.Scenarios.addScenario({ scenarioName: 'callback', scenarioScript: 'VoxEngine.terminate();' }))
      .scenarioId;
    ruleId = (await api.client.Rules.addRule({ applicationId: appId, ruleName: 'start', rulePattern: '.*', scenarioId })).ruleId;
  });
  afterEach(async () => {
    await api.close();
  });

  test('StartScenarios hands rule and custom data to the runtime and answers its access URLs and history id', async () => {
    const res = await api.client.Scenarios.startScenarios({ ruleId, scriptCustomData: '{"order":"1001"}' });
    expect(res.result).toBe(1);
    expect(api.started).toEqual([{ applicationId: appId, ruleId, customData: '{"order":"1001"}', historyId: res.callSessionHistoryId }]);
    expect(res.mediaSessionAccessUrl).toBe(`https://${api.host}/request/${res.callSessionHistoryId}/${HARNESS_TOKEN}`);
    expect(res.mediaSessionAccessSecureUrl).toBe(res.mediaSessionAccessUrl);
    expect((res as unknown as Record<string, string>).media_session_check_url).toBe(`${res.mediaSessionAccessUrl}/check`);
    // This server has no media-session handler: its access URLs answer 501.
    const access = await api.raw({ path: new URL(res.mediaSessionAccessUrl).pathname, token: null });
    expect(access.status).toBe(501);
  });

  test('StartScenarios refuses a rule without scenarios (375), custom data over 200 bytes (499), users (101)', async () => {
    const empty = (await api.client.Rules.addRule({ applicationId: appId, ruleName: 'empty', rulePattern: '.*' })).ruleId;
    expect((await api.client.Scenarios.startScenarios({ ruleId: empty })).error?.code).toBe(375);
    expect((await api.client.Scenarios.startScenarios({ ruleId, scriptCustomData: 'й'.repeat(101) })).error?.code).toBe(499);
    expect((await api.client.Scenarios.startScenarios({ ruleId, userId: 5 })).error?.code).toBe(101);
    expect((await api.client.Scenarios.startScenarios({} as never)).error?.code).toBe(134);
    expect(api.started).toHaveLength(0);
  });

  function seed(overrides: Partial<CallSessionRecord>): CallSessionRecord {
    const record: CallSessionRecord = {
      historyId: api.opened.state.nextId('history'),
      applicationId: appId,
      applicationName: 'runs.voxmask-sandbox.voximplant.com',
      ruleName: 'start',
      startDate: '2026-01-01T10:00:00.000Z',
      durationS: 42,
      finishReason: 'Normal termination',
      customData: '',
      calls: [
        {
          callId: 'c1',
          incoming: true,
          localNumber: '12125550100',
          remoteNumber: '+15550001111',
          startTime: '2026-01-01T10:00:01.000Z',
          durationS: 40,
          successful: true,
          endReason: 'Normal call clearing',
        },
      ],
      records: [{ recordUrl: 'https://records.invalid/2026/01/01/r1.mp3', startTime: '2026-01-01T10:00:05.000Z', durationS: 30 }],
      ...overrides,
    };
    api.opened.state.appendHistory(record, ['Started', 'Terminated'], 2000);
    return record;
  }

  test('GetCallHistory lists finished sessions with snake_case nested calls and records on request', async () => {
    const s = seed({ customData: 'order-1001' });
    const plain = await api.post({ cmd: 'GetCallHistory' });
    expect(plain.json.result).toEqual([
      expect.objectContaining({
        call_session_history_id: s.historyId,
        application_id: appId,
        rule_name: 'start',
        start_date: '2026-01-01 10:00:00',
        duration: 42,
        finish_reason: 'Normal termination',
        custom_data: 'order-1001',
      }),
    ]);
    expect(plain.json.result[0].calls).toBeUndefined();
    expect([plain.json.total_count, plain.json.timezone]).toEqual([1, 'Etc/GMT']);
    const full = await api.client.History.getCallHistory({ withCalls: true, withRecords: true, timezone: 'Etc/GMT' } as never);
    const session = full.result[0] as unknown as { calls: Record<string, unknown>[]; records: Record<string, unknown>[] };
    expect(session.calls[0]).toMatchObject({
      call_id: 'c1',
      incoming: true,
      local_number: '12125550100',
      remote_number: '+15550001111',
      start_time: '2026-01-01 10:00:01',
      duration: 40,
    });
    expect(session.records[0]).toMatchObject({ record_url: 'https://records.invalid/2026/01/01/r1.mp3', duration: 30 });
    const log = await api.raw({ path: `/_sandbox/logs/${s.historyId}`, method: 'GET' });
    expect(log.text).toBe('Started\nTerminated\n');
  });

  test('GetCallHistory filters by dates, ids, numbers, custom data and duration; pages; desc_order', async () => {
    const a = seed({ startDate: '2026-01-01T08:00:00.000Z', customData: 'a', durationS: 10 });
    const b = seed({ startDate: '2026-01-02T08:00:00.000Z', customData: 'b', durationS: 100 });
    const c = seed({ startDate: '2026-01-03T08:00:00.000Z', customData: 'c', calls: [] });
    const ids = async (fields: Record<string, string>) =>
      (await api.post({ cmd: 'GetCallHistory', ...fields })).json.result.map(
        (s: { call_session_history_id: number }) => s.call_session_history_id,
      );
    expect(await ids({ from_date: '2026-01-02 00:00:00', to_date: '2026-01-02 23:59:59' })).toEqual([b.historyId]);
    expect(await ids({ call_session_history_id: `${a.historyId};${c.historyId}` })).toEqual([a.historyId, c.historyId]);
    expect(await ids({ remote_number: '+15550001111' })).toEqual([a.historyId, b.historyId]);
    expect(await ids({ remote_number_list: '["+15550001111"]', call_session_history_custom_data: 'b' })).toEqual([b.historyId]);
    expect(await ids({ min_duration: '50' })).toEqual([b.historyId]);
    expect(await ids({ desc_order: 'true', count: '2' })).toEqual([c.historyId, b.historyId]);
    expect(await ids({ application_id: String(appId), rule_name: 'start', offset: '2' })).toEqual([c.historyId]);
    expect((await api.post({ cmd: 'GetCallHistory', call_session_history_id: '5' })).json.error.code).toBe(150);
    expect((await api.post({ cmd: 'GetCallHistory', from_date: '2026-13-01 00:00:00' })).json.error.code).toBe(101);
    expect((await api.post({ cmd: 'GetCallHistory', timezone: 'Europe/Berlin' })).json.error.msg).toContain('timezone');
    expect((await api.post({ cmd: 'GetCallHistory', with_total_count: 'false' })).json.total_count).toBeUndefined();
  });
});
