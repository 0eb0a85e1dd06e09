import { ApiHarness, startApi } from './harness';

/** Applications, scenarios and rules through the real client (docs/platform.md#application-methods, docs/platform.md#scenario-methods, docs/platform.md#rule-methods). */
describe('applications, scenarios and rules', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(async () => {
    await api.close();
  });

  async function app(name: string): Promise<number> {
    const res = await api.client.Applications.addApplication({ applicationName: name });
    expect(res.error).toBeUndefined();
    return res.applicationId;
  }
  async function scenario(name: string, script = `// ${name}`, extra: Record<string, string> = {}): Promise<number> {
    const res = await api.client.Scenarios.addScenario({ scenarioName: name, scenarioScript: script, ...extra });
    expect(res.error).toBeUndefined();
    return res.scenarioId;
  }

  test('AddApplication takes a short or a full name and answers the full name; duplicates are 129, bad names 107', async () => {
    const short = await api.client.Applications.addApplication({ applicationName: 'orders' });
    expect(short.applicationName).toBe('orders.voxmask-sandbox.voximplant.com');
    const full = await api.client.Applications.addApplication({ applicationName: 'couriers.voxmask-sandbox.voximplant.com' });
    expect(full.applicationName).toBe('couriers.voxmask-sandbox.voximplant.com');
    expect((await api.client.Applications.addApplication({ applicationName: 'orders.voxmask-sandbox.voximplant.com' })).error?.code).toBe(
      129,
    );
    expect((await api.client.Applications.addApplication({ applicationName: 'Orders' })).error?.code).toBe(107);
    expect((await api.client.Applications.addApplication({ applicationName: 'x.other-account.voximplant.com' })).error?.code).toBe(107);
  });

  test('GetApplications filters by name part, pages with count/offset and reports total_count', async () => {
    for (const name of ['alpha', 'beta', 'alphabet', 'gamma']) await app(name);
    const filtered = await api.client.Applications.getApplications({ applicationName: 'alpha' });
    expect(filtered.result.map((a) => a.applicationName.split('.')[0])).toEqual(['alpha', 'alphabet']);
    expect(filtered.totalCount).toBe(2);
    const page = await api.client.Applications.getApplications({ count: 2, offset: 1 });
    expect(page.result.map((a) => a.applicationName.split('.')[0])).toEqual(['beta', 'alphabet']);
    expect([page.totalCount, page.count]).toEqual([4, 2]);
  });

  test('SetApplicationInfo renames, DelApplication removes with its rules', async () => {
    const id = await app('old');
    const set = await api.client.Applications.setApplicationInfo({ applicationId: id, applicationName: 'new', secureRecordStorage: true });
    expect(set.error).toBeUndefined();
    const got = await api.client.Applications.getApplications({ applicationId: id });
    expect(got.result[0]).toMatchObject({ applicationName: 'new.voxmask-sandbox.voximplant.com', secureRecordStorage: true });
    await api.client.Rules.addRule({ applicationId: id, ruleName: 'r', rulePattern: '.*' });
    expect((await api.client.Applications.delApplication({ applicationId: id })).result).toBe(1);
    expect((await api.client.Applications.getApplications({})).totalCount).toBe(0);
    expect((await api.client.Rules.getRules({ applicationId: id })).error?.code).toBe(116);
    expect(api.opened.state.rules).toHaveLength(0);
  });

  test('GetScenarios returns the script only with with_script AND scenario_id; names match as case-insensitive parts', async () => {
    const id = await scenario('MaskedCall', 'VoxEngine.addEventListener(AppEvents.CallAlerting, () => {});');
    await scenario('helper');
    const byName = await api.client.Scenarios.getScenarios({ scenarioName: 'maskedcall', withScript: true });
    expect(byName.result).toHaveLength(1);
    expect(byName.result[0].scenarioScript).toBeUndefined();
    const byId = await api.client.Scenarios.getScenarios({ scenarioId: id, withScript: true });
    expect(byId.result[0].scenarioScript).toBe('VoxEngine.addEventListener(AppEvents.CallAlerting, () => {});');
    const all = await api.client.Scenarios.getScenarios({});
    expect(all.result.map((s) => s.scenarioName)).toEqual(['MaskedCall', 'helper']);
  });

  test('AddScenario: names < 30 chars (168), unique per folder (133) unless rewrite, scripts < 128 KB (130)', async () => {
    await scenario('dup');
    expect((await api.client.Scenarios.addScenario({ scenarioName: 'dup', scenarioScript: 'x' })).error?.code).toBe(133);
    const rewritten = await api.client.Scenarios.addScenario({ scenarioName: 'dup', scenarioScript: 'new', rewrite: true });
    expect(rewritten.error).toBeUndefined();
    expect((await api.client.Scenarios.getScenarios({ scenarioId: rewritten.scenarioId, withScript: true })).result[0].scenarioScript).toBe(
      'new',
    );
    expect((await api.client.Scenarios.addScenario({ scenarioName: 'a'.repeat(30), scenarioScript: '' })).error?.code).toBe(168);
    expect((await api.client.Scenarios.addScenario({ scenarioName: 'big', scenarioScript: 'x'.repeat(128 * 1024) })).error?.code).toBe(130);
    const appId = await app('folder');
    const inApp = await api.client.Scenarios.addScenario({ scenarioName: 'dup', scenarioScript: 'app copy', applicationId: appId });
    expect(inApp.error).toBeUndefined();
    const listed = await api.client.Scenarios.getScenarios({ applicationId: appId });
    expect(listed.result.map((s) => s.scenarioId)).toEqual([inApp.scenarioId]);
  });

  test('SetScenarioInfo and DelScenario; deleting a scenario unbinds it from rules', async () => {
    const appId = await app('sc');
    const a = await scenario('a');
    const b = await scenario('b');
    await api.client.Rules.addRule({ applicationId: appId, ruleName: 'r', rulePattern: '.*', scenarioId: [a, b] });
    expect(
      (await api.client.Scenarios.setScenarioInfo({ requiredScenarioName: 'a', scenarioName: 'a2', scenarioScript: 'changed' })).result,
    ).toBe(1);
    expect((await api.client.Scenarios.getScenarios({ scenarioId: a, withScript: true })).result[0]).toMatchObject({
      scenarioName: 'a2',
      scenarioScript: 'changed',
    });
    expect((await api.client.Scenarios.setScenarioInfo({ scenarioId: 999, scenarioName: 'x' })).error?.code).toBe(132);
    await api.client.Scenarios.delScenario({ scenarioId: a });
    const rules = await api.client.Rules.getRules({ applicationId: appId, withScenarios: true });
    expect((rules.result[0].scenarios as unknown as { scenario_id: number }[]).map((s) => s.scenario_id)).toEqual([b]);
  });

  test('a rule runs its scenarios in bound order: GetRules lists them so, in routing order', async () => {
    const appId = await app('order');
    const first = await scenario('first');
    const second = await scenario('second');
    const third = await scenario('third');
    const r1 = await api.client.Rules.addRule({ applicationId: appId, ruleName: 'one', rulePattern: '1.*' });
    await api.client.Rules.addRule({ applicationId: appId, ruleName: 'two', rulePattern: '2.*' });
    await api.client.Scenarios.bindScenario({ scenarioId: second, ruleId: r1.ruleId });
    await api.client.Scenarios.bindScenario({ scenarioId: [third, first], ruleId: r1.ruleId });
    await api.client.Scenarios.bindScenario({ scenarioId: second, ruleId: r1.ruleId }); // already bound: stays in place
    const rules = await api.client.Rules.getRules({ applicationId: appId, withScenarios: true });
    expect(rules.result.map((r) => r.ruleName)).toEqual(['one', 'two']);
    // The client leaves nested arrays in snake_case (docs/platform.md#client-nested-fields).
    expect((rules.result[0].scenarios as unknown as { scenario_name: string }[]).map((s) => s.scenario_name)).toEqual([
      'second',
      'third',
      'first',
    ]);
    expect(rules.result[1].scenarios).toEqual([]);
    await api.client.Scenarios.bindScenario({ scenarioId: third, ruleId: r1.ruleId, bind: false });
    const after = await api.client.Rules.getRules({ applicationId: appId, ruleId: r1.ruleId, withScenarios: true });
    expect((after.result[0].scenarios as unknown as { scenario_name: string }[]).map((s) => s.scenario_name)).toEqual(['second', 'first']);
  });

  test('BindScenario accepts ids and names of scenario, rule and application together (voxengine-ci), and refuses a mismatch', async () => {
    const appId = await app('ci');
    const appName = 'ci.voxmask-sandbox.voximplant.com';
    const a = await scenario('a');
    const b = await scenario('b');
    const { ruleId } = await api.client.Rules.addRule({
      applicationId: appId,
      applicationName: '',
      ruleName: 'inbound',
      rulePattern: '.*',
      scenarioName: '',
      scenarioId: '' as never,
    });
    const res = await api.client.Scenarios.bindScenario({
      scenarioId: [b, a],
      scenarioName: 'b;a',
      ruleId,
      ruleName: 'inbound',
      applicationId: appId,
      applicationName: appName,
      bind: true,
    });
    expect(res).toEqual({ result: 1 });
    const mismatch = await api.client.Scenarios.bindScenario({ scenarioId: a, scenarioName: 'b', ruleId, applicationId: appId });
    expect(mismatch.error?.code).toBe(101);
    const scenarioOfOtherApp = await api.client.Scenarios.addScenario({
      scenarioName: 'private',
      scenarioScript: '',
      applicationId: await app('other'),
    });
    expect((await api.client.Scenarios.bindScenario({ scenarioId: scenarioOfOtherApp.scenarioId, ruleId })).error?.code).toBe(132);
  });

  test('AddRule checks patterns (148/149), names (156/175) and the application (134/116)', async () => {
    const appId = await app('checks');
    expect((await api.client.Rules.addRule({ applicationId: appId, ruleName: 'bad', rulePattern: '(' })).error?.code).toBe(148);
    expect(
      (await api.client.Rules.addRule({ applicationId: appId, ruleName: 'bad', rulePattern: '.*', rulePatternExclude: '[' })).error?.code,
    ).toBe(149);
    expect((await api.client.Rules.addRule({ applicationId: appId, ruleName: 'x'.repeat(100), rulePattern: '.*' })).error?.code).toBe(156);
    await api.client.Rules.addRule({ applicationId: appId, ruleName: 'same', rulePattern: '.*' });
    expect((await api.client.Rules.addRule({ applicationId: appId, ruleName: 'same', rulePattern: '.*' })).error?.code).toBe(175);
    expect((await api.client.Rules.addRule({ ruleName: 'orphan', rulePattern: '.*' } as never)).error?.code).toBe(134);
    expect((await api.client.Rules.addRule({ applicationId: 42, ruleName: 'orphan', rulePattern: '.*' })).error?.code).toBe(116);
  });

  test('GetRules filters by name part, by template number (whole-number match, exclude honoured) and by video_conference', async () => {
    const appId = await app('tmpl');
    await api.client.Rules.addRule({
      applicationId: appId,
      ruleName: 'us-numbers',
      rulePattern: '1\\d+',
      rulePatternExclude: '1800\\d+',
      videoConference: true,
    });
    await api.client.Rules.addRule({ applicationId: appId, ruleName: 'prefix-only', rulePattern: '12' });
    await api.client.Rules.addRule({ applicationId: appId, ruleName: 'catch-all', rulePattern: '.*' });
    const names = async (req: Record<string, string>) =>
      (await api.client.Rules.getRules({ applicationId: appId, ...req })).result.map((r) => r.ruleName);
    expect(await names({ template: '12125550100' })).toEqual(['us-numbers', 'catch-all']);
    expect(await names({ template: '18005550100' })).toEqual(['catch-all']);
    expect(await names({ template: '12' })).toEqual(['us-numbers', 'prefix-only', 'catch-all']);
    expect(await names({ ruleName: 'NUMBERS' })).toEqual(['us-numbers']);
    expect(await names({ videoConference: true } as never)).toEqual(['us-numbers']);
    expect(await names({ videoConference: false } as never)).toEqual(['prefix-only', 'catch-all']);
  });

  test('SetRuleInfo edits; ReorderRules puts the listed rules on top in order and keeps the others after them', async () => {
    const appId = await app('reorder');
    const ids: number[] = [];
    for (const name of ['a', 'b', 'c', 'd'])
      ids.push((await api.client.Rules.addRule({ applicationId: appId, ruleName: name, rulePattern: '.*' })).ruleId);
    expect((await api.client.Rules.setRuleInfo({ ruleId: ids[0], rulePattern: '7.*', ruleName: 'a2' })).result).toBe(1);
    expect((await api.client.Rules.setRuleInfo({ ruleId: ids[0], ruleName: 'b' })).error?.code).toBe(175);
    expect((await api.client.Rules.reorderRules({ ruleId: [ids[2], ids[0]] })).result).toBe(1);
    const rules = await api.client.Rules.getRules({ applicationId: appId });
    expect(rules.result.map((r) => `${r.ruleName}:${r.rulePattern}`)).toEqual(['c:.*', 'a2:7.*', 'b:.*', 'd:.*']);
    const other = await app('elsewhere');
    const foreign = await api.client.Rules.addRule({ applicationId: other, ruleName: 'f', rulePattern: '.*' });
    expect((await api.client.Rules.reorderRules({ ruleId: [ids[1], foreign.ruleId] })).error?.code).toBe(147);
  });

  test('DelRule by id list, by name with the application, and numbers bound to a deleted rule keep their application', async () => {
    const appId = await app('del');
    const a = await api.client.Rules.addRule({ applicationId: appId, ruleName: 'a', rulePattern: '.*' });
    const b = await api.client.Rules.addRule({ applicationId: appId, ruleName: 'b', rulePattern: '.*' });
    await api.client.Rules.addRule({ applicationId: appId, ruleName: 'c', rulePattern: '.*' });
    const bought = await api.client.PhoneNumbers.attachPhoneNumber({
      countryCode: 'US',
      phoneCategoryName: 'GEOGRAPHIC',
      phoneRegionId: 1,
      phoneCount: 1,
    });
    await api.client.PhoneNumbers.bindPhoneNumberToApplication({
      phoneId: bought.phoneNumbers[0].phoneId,
      applicationId: appId,
      ruleId: a.ruleId,
    });
    expect((await api.client.Rules.delRule({ ruleId: [a.ruleId, b.ruleId] })).result).toBe(1);
    expect((await api.client.Rules.delRule({ ruleName: 'c' })).error?.code).toBe(134);
    expect((await api.client.Rules.delRule({ ruleName: 'c', applicationId: appId })).result).toBe(1);
    expect((await api.client.Rules.getRules({ applicationId: appId })).totalCount).toBe(0);
    const phones = await api.client.PhoneNumbers.getPhoneNumbers({});
    expect(phones.result[0].applicationId).toBe(appId);
    expect(phones.result[0].ruleId).toBeUndefined();
    expect((await api.client.Rules.delRule({ ruleId: a.ruleId })).error?.code).toBe(147);
  });

  test('write methods answer only after state.db holds the change', async () => {
    // A minute of debounce: only the answer's own wait for the commit can put the change on disk in time.
    await api.close();
    api = await startApi({ debounceMs: 60_000 });
    const id = await app('durable');
    const { exportState } = await import('../../../src/sandbox/state/export');
    expect(exportState(api.opened.databaseFile).applications.map((a) => a.id)).toEqual([id]);
  });
});
