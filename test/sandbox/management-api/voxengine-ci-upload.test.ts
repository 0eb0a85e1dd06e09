import { ApiHarness, startApi } from './harness';
import { CiDriftError, CiUploadInput, ciUpload, sha256 } from './voxengine-ci-replay';
import { isWriteMethod } from '../../../src/platform/methods';

/** voxengine-ci's `upload` call sequence (docs/platform.md#voxengine-ci-upload) replayed through the real client. */
describe('voxengine-ci upload replay', () => {
  let api: ApiHarness;
  let input: CiUploadInput;
  beforeEach(async () => {
    api = await startApi();
    input = {
      applicationName: 'masking',
      rules: [
        { ruleName: 'inbound', scenarios: ['main', 'helper'], rulePattern: '1\\d{10}' },
        { ruleName: 'fallback', scenarios: ['main'] },
      ],
      dist: { main: 'VoxEngine.addEventListener(AppEvents.CallAlerting, onCall);\n', helper: 'function onCall(e) { e.call.answer(); }\n' },
      meta: {},
    };
  });
  afterEach(async () => {
    await api.close();
  });

  /** The methods called by one upload. */
  async function upload(): Promise<string[]> {
    const before = api.server.requestLog().length;
    await ciUpload(api.client, input);
    return api.server
      .requestLog()
      .slice(before)
      .map((e) => e.cmd);
  }

  async function platformRules() {
    const rules = await api.client.Rules.getRules({ applicationName: 'masking', withScenarios: true });
    return rules.result.map((r) => ({
      name: r.ruleName,
      pattern: r.rulePattern,
      scenarios: (r.scenarios as unknown as { scenario_name: string }[]).map((s) => s.scenario_name),
    }));
  }

  test('new: creates the application (full name), Shared scenarios byte for byte, rules with scenarios in order', async () => {
    const calls = await upload();
    expect(calls.filter(isWriteMethod)).toEqual(['AddApplication', 'AddScenario', 'AddScenario', 'AddRule', 'AddRule']);
    expect(calls[0]).toBe('GetAccountInfo');
    const apps = await api.client.Applications.getApplications({});
    expect(apps.result.map((a) => a.applicationName)).toEqual(['masking.voxmask-sandbox.voximplant.com']);
    expect(await platformRules()).toEqual([
      { name: 'inbound', pattern: '1\\d{10}', scenarios: ['main', 'helper'] },
      { name: 'fallback', pattern: '.*', scenarios: ['main'] },
    ]);
    for (const name of ['main', 'helper']) {
      const got = await api.client.Scenarios.getScenarios({ scenarioId: input.meta[name].scenarioId, withScript: true });
      expect(sha256(got.result[0].scenarioScript ?? '')).toBe(sha256(input.dist[name]));
    }
    expect(api.opened.state.scenarios.every((s) => s.applicationId === null)).toBe(true);
  });

  test('unchanged: a second upload makes no write call', async () => {
    await upload();
    const calls = await upload();
    expect(calls.filter(isWriteMethod)).toEqual([]);
    expect(calls.length).toBeGreaterThan(5);
  });

  test('modified: a changed scenario is written with SetScenarioInfo and nothing else', async () => {
    await upload();
    input.dist.main = 'VoxEngine.addEventListener(AppEvents.CallAlerting, onCall); // v2\n';
    const calls = await upload();
    expect(calls.filter(isWriteMethod)).toEqual(['SetScenarioInfo']);
    const got = await api.client.Scenarios.getScenarios({ scenarioId: input.meta.main.scenarioId, withScript: true });
    expect(got.result[0].scenarioScript).toBe(input.dist.main);
    expect(input.meta.main.hash).toBe(sha256(input.dist.main));
  });

  test('drift: a script edited on the platform aborts the upload of a local change; --force overwrites it', async () => {
    await upload();
    await api.client.Scenarios.setScenarioInfo({
      scenarioId: input.meta.helper.scenarioId,
      scenarioScript: '// edited in the control panel\n',
    });
    input.dist.helper = 'function onCall(e) { e.call.answer(); } // local v2\n';
    const before = api.server.requestLog().length;
    await expect(ciUpload(api.client, input)).rejects.toThrow(CiDriftError);
    expect(
      api.server
        .requestLog()
        .slice(before)
        .filter((e) => isWriteMethod(e.cmd)),
    ).toEqual([]);
    input.force = true;
    const calls = await upload();
    expect(calls.filter(isWriteMethod)).toEqual(['SetScenarioInfo']);
    const got = await api.client.Scenarios.getScenarios({ scenarioId: input.meta.helper.scenarioId, withScript: true });
    expect(got.result[0].scenarioScript).toBe(input.dist.helper);
  });

  test('config changes: a new pattern, a dropped scenario and a new rule order are applied, and the next upload converges', async () => {
    await upload();
    input.rules = [
      { ruleName: 'fallback', scenarios: ['main'] },
      { ruleName: 'inbound', scenarios: ['main'], rulePattern: '1\\d+' },
    ];
    const calls = await upload();
    expect(calls.filter(isWriteMethod)).toEqual(['SetRuleInfo', 'BindScenario', 'BindScenario', 'ReorderRules']);
    expect(await platformRules()).toEqual([
      { name: 'fallback', pattern: '.*', scenarios: ['main'] },
      { name: 'inbound', pattern: '1\\d+', scenarios: ['main'] },
    ]);
    expect((await upload()).filter(isWriteMethod)).toEqual([]);
  });

  test('adoption: scenarios already on the platform without local metadata are adopted, not duplicated', async () => {
    await upload();
    input.meta = {};
    const calls = await upload();
    expect(calls.filter(isWriteMethod)).toEqual([]);
    expect(input.meta.main.hash).toBe(sha256(input.dist.main));
    expect(api.opened.state.scenarios).toHaveLength(2);
  });
});
