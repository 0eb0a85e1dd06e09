import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploy } from '../../src/deploy/deploy';
import { metadataPaths, scenarioMetadataText, writeMetadataFiles } from '../../src/deploy/metadata';
import { ciUpload, CiScenarioMeta } from '../sandbox/management-api/voxengine-ci-replay';
import { makeVoxfiles, readTree, SANDBOX_APP, SandboxFixture, startSandbox } from './sandbox-harness';

/**
 * voxmask deploy and voxengine-ci share one working tree and one history: each accepts what the other
 * uploaded and recorded. voxengine-ci is replayed at the API level (test/sandbox/management-api/voxengine-ci-replay.ts:
 * the docs/platform.md#voxengine-ci-upload call sequence through the real client).
 */
const RULES = [{ ruleName: 'inbound', scenarios: ['masked-call', 'helper'], rulePattern: '.*' }];
const DIST = { 'masked-call': '// masked call\n', helper: '// helper\n' };

describe('voxmask deploy ⇄ voxengine-ci upload', () => {
  let fx: SandboxFixture;
  let vox: ReturnType<typeof makeVoxfiles>;
  let client: VoximplantApiClient;

  beforeEach(async () => {
    fx = await startSandbox();
    vox = makeVoxfiles(RULES, DIST);
    client = new VoximplantApiClient({ pathToCredentials: fx.sandbox.credentialsFile, host: fx.sandbox.host });
    await new Promise<void>((ready) => (client.onReady = () => ready()));
  });
  afterEach(async () => {
    await fx.close();
    vox.cleanup();
  });

  const run = () =>
    deploy({
      api: fx.api,
      voxfilesDir: vox.root,
      metadataDir: vox.metadataDir,
      applicationName: 'voxmask',
      numbers: [],
      canRentNumbers: true,
      rental: { countryCode: 'US', phoneCategoryName: 'GEOGRAPHIC', phoneRegionId: 1 },
    });

  const readMeta = (name: string): CiScenarioMeta => JSON.parse(readFileSync(join(vox.metadataDir, metadataPaths.scenario(name)), 'utf8'));

  it("voxengine-ci finds nothing to upload after voxmask deploy, reading voxmask's metadata", async () => {
    await run();
    const meta = { 'masked-call': readMeta('masked-call'), helper: readMeta('helper') };
    const recorded = JSON.parse(JSON.stringify(meta));
    const mark = fx.mark();
    await ciUpload(client, { applicationName: 'voxmask', rules: RULES, dist: { ...DIST }, meta });
    expect(fx.writesSince(mark)).toEqual([]);
    expect(meta).toEqual(recorded);
  });

  it("voxmask deploy finds nothing to do after voxengine-ci upload, reading voxengine-ci's metadata", async () => {
    const meta: Record<string, CiScenarioMeta> = {};
    await ciUpload(client, { applicationName: 'voxmask', rules: RULES, dist: { ...DIST }, meta });
    await writeMetadataFiles(
      vox.metadataDir,
      Object.values(meta).map((m) => ({ path: metadataPaths.scenario(m.scenarioName), text: scenarioMetadataText(m) })),
    );
    const mark = fx.mark();
    const result = await run();
    expect(result.plan.actions).toEqual([]);
    expect(fx.writesSince(mark)).toEqual([]);
    // deploy completes the tree with the application and rules metadata voxengine-ci keeps too.
    expect(Object.keys(readTree(vox.metadataDir)).sort()).toEqual([
      `applications/${SANDBOX_APP}/application.metadata.config.json`,
      `applications/${SANDBOX_APP}/rules.metadata.config.json`,
      'scenarios/dist/helper.metadata.config.json',
      'scenarios/dist/masked-call.metadata.config.json',
    ]);
  });

  it('both tools detect the same platform edit as drift', async () => {
    await run();
    const meta = { 'masked-call': readMeta('masked-call'), helper: readMeta('helper') };
    await client.Scenarios.setScenarioInfo({ scenarioId: meta['masked-call'].scenarioId, scenarioScript: '// edited on the platform\n' });
    await expect(run()).rejects.toThrow(/masked-call .* was changed on the platform/);
    await expect(
      ciUpload(client, { applicationName: 'voxmask', rules: RULES, dist: { ...DIST, 'masked-call': '// local edit\n' }, meta }),
    ).rejects.toThrow(/already been changed from the platform/);
  });
});
