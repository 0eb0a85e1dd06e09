import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { deploy, DeployOptions } from '../../src/deploy/deploy';
import { DeployRefusedError } from '../../src/deploy/errors';
import { makeVoxfiles, readTree, SANDBOX_APP, SandboxFixture, startSandbox } from './sandbox-harness';

const sha256 = (t: string) => createHash('sha256').update(t).digest('hex');
const MAIN_V1 = '// masked call v1\nVoxEngine.addEventListener(AppEvents.CallAlerting, (e) => e.call.answer());\n';
const MAIN_V2 = '// masked call v2 — Ünïcode survives\nVoxEngine.addEventListener(AppEvents.CallAlerting, (e) => e.call.hangup());\n';
const HELPER = '// helper scenario\n';
const NUMBER = '+12125550142';

describe('deploy against the sandbox (real client over HTTPS)', () => {
  let fx: SandboxFixture;
  let vox: ReturnType<typeof makeVoxfiles>;
  let client: VoximplantApiClient;
  const lines: string[] = [];

  const run = (over: Partial<DeployOptions> = {}) =>
    deploy({
      api: fx.api,
      voxfilesDir: vox.root,
      metadataDir: vox.metadataDir,
      applicationName: 'voxmask',
      numbers: [{ number: NUMBER, rule: 'inbound' }],
      canRentNumbers: true,
      rental: { countryCode: 'US', phoneCategoryName: 'GEOGRAPHIC', phoneRegionId: 1 },
      log: (l) => lines.push(l),
      ...over,
    });

  // Each test starts from an empty sandbox and a fresh voxfiles/ tree: no test depends on another.
  beforeEach(async () => {
    fx = await startSandbox();
    vox = makeVoxfiles(
      [
        { ruleName: 'inbound', scenarios: ['masked-call', 'helper'], rulePattern: '.*' },
        { ruleName: 'fallback', scenarios: ['helper'] },
      ],
      { 'masked-call': MAIN_V1, helper: HELPER },
    );
    client = new VoximplantApiClient({ pathToCredentials: fx.sandbox.credentialsFile, host: fx.sandbox.host });
    await new Promise<void>((ready) => (client.onReady = () => ready()));
  });
  afterEach(async () => {
    await fx.close();
    vox.cleanup();
  });

  /** What voxengine-ci 28 would write, derived from the platform through the raw client (docs/platform.md#voxfiles-layout, docs/platform.md#voxengine-ci-upload). */
  async function ciMetadata(uploaded: Record<string, string>): Promise<Record<string, string>> {
    const apps = await client.Applications.getApplications({ applicationName: SANDBOX_APP });
    const app = apps.result.find((a) => a.applicationName === SANDBOX_APP)!;
    const rules = await client.Rules.getRules({ applicationId: app.applicationId, withScenarios: true, count: 100 });
    const scenarios = await client.Scenarios.getScenarios({ count: 100 });
    const files: Record<string, string> = {
      [`applications/${SANDBOX_APP}/application.metadata.config.json`]: JSON.stringify({
        applicationId: app.applicationId,
        applicationName: app.applicationName,
      }),
      [`applications/${SANDBOX_APP}/rules.metadata.config.json`]: JSON.stringify(
        rules.result.map((r) => ({
          ruleName: r.ruleName,
          ruleId: r.ruleId,
          scenarios: (r.scenarios as unknown as { scenario_name: string; scenario_id: number }[]).map((s) => ({
            scenarioName: s.scenario_name,
            scenarioId: s.scenario_id,
          })),
          rulePattern: r.rulePattern,
        })),
      ),
    };
    for (const [name, text] of Object.entries(uploaded)) {
      const s = scenarios.result.find((x) => x.scenarioName === name)!;
      files[`scenarios/dist/${name}.metadata.config.json`] = JSON.stringify({
        scenarioId: s.scenarioId,
        scenarioName: name,
        hash: sha256(text),
      });
    }
    return files;
  }

  it('a dry run into the empty sandbox prints the plan and writes nothing', async () => {
    const mark = fx.mark();
    const result = await run({ dryRun: true });
    expect(result.plan.actions.map((a) => a.kind)).toEqual([
      'createApplication',
      'addScenario',
      'addScenario',
      'addRule',
      'addRule',
      'rentNumber',
      'bindNumber',
    ]);
    expect(fx.writesSince(mark)).toEqual([]);
    expect(readTree(vox.metadataDir)).toEqual({});
    expect(lines.join('\n')).toContain('1. create application voxmask.voxmask-sandbox.voximplant.com');
  });

  it('deploys into the empty sandbox and writes the metadata files voxengine-ci would write', async () => {
    const mark = fx.mark();
    const result = await run();
    expect(fx.writesSince(mark)).toEqual([
      'AddApplication',
      'AddScenario',
      'AddScenario',
      'AddRule',
      'AddRule',
      'AttachPhoneNumber',
      'BindPhoneNumberToApplication',
    ]);
    expect(result.metadataFiles).toHaveLength(4);
    expect(readTree(vox.metadataDir)).toEqual(await ciMetadata({ 'masked-call': MAIN_V1, helper: HELPER }));
    const rules = await client.Rules.getRules({ applicationName: SANDBOX_APP, withScenarios: true });
    expect(
      rules.result.map((r) => [r.ruleName, (r.scenarios as unknown as { scenario_name: string }[]).map((s) => s.scenario_name)]),
    ).toEqual([
      ['inbound', ['masked-call', 'helper']],
      ['fallback', ['helper']],
    ]);
    const phones = await client.PhoneNumbers.getPhoneNumbers({ phoneNumber: NUMBER.slice(1) });
    expect(phones.result[0]).toMatchObject({ applicationName: SANDBOX_APP, ruleName: 'inbound' });
  });

  it('a second run with no change makes no write call and rewrites no file', async () => {
    await run();
    const before = readTree(vox.metadataDir);
    const mark = fx.mark();
    const result = await run();
    expect(result.plan.actions).toEqual([]);
    expect(fx.callsSince(mark).length).toBeGreaterThan(0);
    expect(fx.writesSince(mark)).toEqual([]);
    expect(result.metadataFiles).toEqual([]);
    expect(readTree(vox.metadataDir)).toEqual(before);
  });

  it('uploads an edited scenario with one SetScenarioInfo, byte for byte', async () => {
    await run();
    vox.setScript('masked-call', MAIN_V2);
    const mark = fx.mark();
    await run();
    expect(fx.writesSince(mark)).toEqual(['SetScenarioInfo']);
    const id = JSON.parse(readTree(vox.metadataDir)['scenarios/dist/masked-call.metadata.config.json']).scenarioId;
    const onPlatform = await client.Scenarios.getScenarios({ scenarioId: id, withScript: true });
    expect(onPlatform.result[0].scenarioScript).toBe(MAIN_V2);
    expect(readTree(vox.metadataDir)).toEqual(await ciMetadata({ 'masked-call': MAIN_V2, helper: HELPER }));
  });

  it('a dry run of a pending edit calls no write method and touches no file', async () => {
    await run();
    vox.setScript('helper', `${HELPER}// edited\n`);
    const before = readTree(vox.metadataDir);
    const mark = fx.mark();
    const result = await run({ dryRun: true });
    expect(result.plan.actions.map((a) => a.kind)).toEqual(['updateScenario']);
    expect(fx.writesSince(mark)).toEqual([]);
    expect(readTree(vox.metadataDir)).toEqual(before);
  });

  it('a dry run with only a metadata file missing lists exactly that file as would be written, and writes nothing', async () => {
    await run();
    const rulesFile = `applications/${SANDBOX_APP}/rules.metadata.config.json`;
    rmSync(join(vox.metadataDir, rulesFile));
    const before = readTree(vox.metadataDir);
    const mark = fx.mark();
    const from = lines.length;
    const result = await run({ dryRun: true });
    expect(result.plan.actions).toEqual([]);
    expect(result.metadataFiles).toEqual([rulesFile]);
    expect(lines.slice(from)).toContain(`Dry run: metadata files that would be written: ${rulesFile}`);
    expect(fx.writesSince(mark)).toEqual([]);
    expect(readTree(vox.metadataDir)).toEqual(before);
  });

  it('refuses to overwrite a scenario edited on the platform, and overwrites it with force', async () => {
    await run();
    const id = JSON.parse(readTree(vox.metadataDir)['scenarios/dist/masked-call.metadata.config.json']).scenarioId;
    await client.Scenarios.setScenarioInfo({ scenarioId: id, scenarioScript: '// edited in the control panel\n' });
    const before = readTree(vox.metadataDir);
    const mark = fx.mark();
    const err = await run().catch((e: Error) => e);
    expect(err).toBeInstanceOf(DeployRefusedError);
    expect((err as DeployRefusedError).problems).toEqual([expect.objectContaining({ kind: 'drift', subject: 'masked-call' })]);
    expect(fx.writesSince(mark)).toEqual([]);
    expect(readTree(vox.metadataDir)).toEqual(before);

    const forced = fx.mark();
    await run({ force: true });
    expect(fx.writesSince(forced)).toEqual(['SetScenarioInfo']);
    const onPlatform = await client.Scenarios.getScenarios({ scenarioId: id, withScript: true });
    expect(onPlatform.result[0].scenarioScript).toBe(MAIN_V1);
  });

  it('follows rules.config.json changes: pattern, scenario order, rule order', async () => {
    await run();
    vox.setRules([
      { ruleName: 'fallback', scenarios: ['helper'], rulePattern: '^\\+1.*' },
      { ruleName: 'inbound', scenarios: ['helper', 'masked-call'], rulePattern: '.*' },
    ]);
    const mark = fx.mark();
    await run();
    expect(fx.writesSince(mark)).toEqual(['SetRuleInfo', 'ReorderScenarios', 'ReorderRules']);
    const rules = await client.Rules.getRules({ applicationName: SANDBOX_APP, withScenarios: true });
    expect(
      rules.result.map((r) => [
        r.ruleName,
        r.rulePattern,
        (r.scenarios as unknown as { scenario_name: string }[]).map((s) => s.scenario_name),
      ]),
    ).toEqual([
      ['fallback', '^\\+1.*', ['helper']],
      ['inbound', '.*', ['helper', 'masked-call']],
    ]);
    expect(readTree(vox.metadataDir)).toEqual(await ciMetadata({ 'masked-call': MAIN_V1, helper: HELPER }));
    const again = fx.mark();
    await run();
    expect(fx.writesSince(again)).toEqual([]);
  });
});
