import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VoxfilesError } from '../../src/deploy/errors';
import { scriptHash } from '../../src/deploy/hash';
import {
  applicationMetadataText,
  changedMetadataFiles,
  metadataPaths,
  readScenarioMetadata,
  rulesMetadataText,
  scenarioMetadataText,
  writeMetadataFiles,
} from '../../src/deploy/metadata';
import { readDesiredApplication } from '../../src/deploy/voxfiles';

const APP = 'voxmask.acc.voximplant.com';

describe('voxfiles', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'voxmask-voxfiles-'));
    mkdirSync(join(root, 'applications', APP), { recursive: true });
    mkdirSync(join(root, 'scenarios', 'src'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (rel: string, text: string) => writeFileSync(join(root, rel), text);
  const app = (rel: string, value: unknown) => write(join('applications', APP, rel), JSON.stringify(value));

  it('reads the application, its rules in order and each referenced bundle once', () => {
    app('application.config.json', { applicationName: APP });
    app('rules.config.json', [
      { ruleName: 'inbound', scenarios: ['masked-call', 'helper'], rulePattern: '^\\+49.*' },
      { ruleName: 'fallback', scenarios: ['masked-call'] },
    ]);
    write('scenarios/src/masked-call.voxengine.js', 'VoxEngine.addEventListener();\n');
    write('scenarios/src/helper.voxengine.js', '// helper\n');
    write('scenarios/src/unused.voxengine.js', '// not referenced, not read\n');
    const desired = readDesiredApplication(root, APP);
    expect(desired.rules).toEqual([
      { ruleName: 'inbound', scenarios: ['masked-call', 'helper'], rulePattern: '^\\+49.*' },
      { ruleName: 'fallback', scenarios: ['masked-call'], rulePattern: '.*' },
    ]);
    expect(desired.scenarios.map((s) => [s.name, s.hash])).toEqual([
      ['masked-call', scriptHash('VoxEngine.addEventListener();\n')],
      ['helper', scriptHash('// helper\n')],
    ]);
  });

  it('names the missing application folder', () => {
    expect(() => readDesiredApplication(root, 'other.acc.voximplant.com')).toThrow(
      /no configuration for application other.acc.voximplant.com/,
    );
  });

  it('requires applicationName to equal the folder name', () => {
    app('application.config.json', { applicationName: 'voxmask' });
    expect(() => readDesiredApplication(root, APP)).toThrow(/must equal the folder name/);
  });

  it('names the bad field of rules.config.json', () => {
    app('application.config.json', { applicationName: APP });
    app('rules.config.json', [{ ruleName: 'inbound', scenarios: [] }]);
    expect(() => readDesiredApplication(root, APP)).toThrow(/0\.scenarios: must name at least one scenario/);
    app('rules.config.json', [{ ruleName: 'inbound', scenarios: ['a'], rulePatternExclude: 'x' }]);
    expect(() => readDesiredApplication(root, APP)).toThrow(/rulePatternExclude/);
    app('rules.config.json', [
      { ruleName: 'r', scenarios: ['a'] },
      { ruleName: 'r', scenarios: ['a'] },
    ]);
    expect(() => readDesiredApplication(root, APP)).toThrow(/ruleName "r" appears twice/);
    app('rules.config.json', [{ ruleName: 'r', scenarios: ['Call', 'call'] }]);
    expect(() => readDesiredApplication(root, APP)).toThrow(/differ only in case/);
  });

  it("applies the platform's name lengths: scenario names under 30 characters, rule names under 100", () => {
    app('application.config.json', { applicationName: APP });
    write(`scenarios/src/${'s'.repeat(29)}.voxengine.js`, '// ok\n');
    app('rules.config.json', [{ ruleName: 'r'.repeat(99), scenarios: ['s'.repeat(29)] }]);
    expect(readDesiredApplication(root, APP).scenarios.map((s) => s.name)).toEqual(['s'.repeat(29)]);
    app('rules.config.json', [{ ruleName: 'r', scenarios: ['s'.repeat(30)] }]);
    expect(() => readDesiredApplication(root, APP)).toThrow(/0\.scenarios\.0: /);
    app('rules.config.json', [{ ruleName: 'r'.repeat(100), scenarios: ['s'.repeat(29)] }]);
    expect(() => readDesiredApplication(root, APP)).toThrow(/0\.ruleName: /);
  });

  it('points at other config formats it does not read, and at missing bundles', () => {
    app('application.config.json', { applicationName: APP });
    write(join('applications', APP, 'rules.config.yml'), '- ruleName: r\n');
    expect(() => readDesiredApplication(root, APP)).toThrow(/voxmask reads JSON only; convert .*rules\.config\.yml/);
    app('rules.config.json', [{ ruleName: 'r', scenarios: ['masked-call'] }]);
    write('scenarios/src/masked-call.voxengine.ts', '');
    const err = (() => {
      try {
        readDesiredApplication(root, APP);
      } catch (e) {
        return e as VoxfilesError;
      }
    })();
    expect(err).toBeInstanceOf(VoxfilesError);
    expect(err?.message).toMatch(/only .*masked-call\.voxengine\.ts exists; run "voxmask build"/);
  });
});

describe('metadata files (the exact bytes voxengine-ci writes)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'voxmask-meta-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("serialises compact JSON with voxengine-ci's key order", () => {
    expect(applicationMetadataText({ applicationName: APP, applicationId: 1 })).toBe(`{"applicationId":1,"applicationName":"${APP}"}`);
    expect(scenarioMetadataText({ hash: 'h', scenarioName: 's', scenarioId: 2 })).toBe('{"scenarioId":2,"scenarioName":"s","hash":"h"}');
    expect(rulesMetadataText([{ rulePattern: '.*', scenarios: [{ scenarioId: 2, scenarioName: 's' }], ruleId: 3, ruleName: 'r' }])).toBe(
      '[{"ruleName":"r","ruleId":3,"scenarios":[{"scenarioName":"s","scenarioId":2}],"rulePattern":".*"}]',
    );
  });

  it('writes only changed files, leaves no temp file, and reads scenario metadata back', async () => {
    const hash = scriptHash('x');
    const files = [
      { path: metadataPaths.scenario('masked-call'), text: scenarioMetadataText({ scenarioId: 5, scenarioName: 'masked-call', hash }) },
      { path: metadataPaths.application(APP), text: applicationMetadataText({ applicationId: 1, applicationName: APP }) },
    ];
    expect(changedMetadataFiles(root, files)).toEqual(files);
    await writeMetadataFiles(root, files);
    expect(changedMetadataFiles(root, files)).toEqual([]);
    expect(readdirSync(join(root, 'scenarios', 'dist'))).toEqual(['masked-call.metadata.config.json']);
    expect(readdirSync(join(root, 'applications', APP))).toEqual(['application.metadata.config.json']);
    expect(readScenarioMetadata(root, 'masked-call')).toEqual({ scenarioId: 5, scenarioName: 'masked-call', hash });
    expect(readScenarioMetadata(root, 'other')).toBeUndefined();
  });

  it('accepts newer voxengine-ci fields and rejects malformed metadata', () => {
    const hash = scriptHash('x');
    mkdirSync(join(root, 'scenarios', 'dist'), { recursive: true });
    writeFileSync(join(root, metadataPaths.scenario('a')), JSON.stringify({ scenarioId: 5, scenarioName: 'a', hash, applicationId: 9 }));
    expect(readScenarioMetadata(root, 'a')).toEqual({ scenarioId: 5, scenarioName: 'a', hash });
    writeFileSync(join(root, metadataPaths.scenario('b')), JSON.stringify({ scenarioId: '5', scenarioName: 'b', hash: 'zz' }));
    expect(() => readScenarioMetadata(root, 'b')).toThrow(/scenarioId must be an integer; hash must be a sha256 hex digest/);
    writeFileSync(join(root, metadataPaths.scenario('c')), '{');
    expect(() => readScenarioMetadata(root, 'c')).toThrow(/not valid JSON/);
  });
});
