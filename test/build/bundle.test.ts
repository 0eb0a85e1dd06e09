import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { BundleError } from '../../src/build/errors';
import { CompiledScenario, compileScenario, linkScenario, PROJECT_ROOT, ScenarioRollupOptions } from '../../src/build/bundle';
import { scenarioSourceFile } from '../../src/deploy/voxfiles';
import { createProgram } from '../../src/cli/main';
import { loadConfig } from '../../src/config';
import { scenarioConfigSchema } from '../../src/config/scenario';
import { bakeConfig } from '../../src/build/virtual-config';

/** The committed bundle (the default voxfiles/ of voxmask.config.json). */
const COMMITTED_BUNDLE = scenarioSourceFile(join(PROJECT_ROOT, 'voxfiles'), 'masked-call');

let compiled: CompiledScenario;
/** A build cache of this suite alone: empty at the start, so the first compile runs the compiler. */
let cacheDir: string;
beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'voxmask-bundle-cache-'));
  compiled = await compileScenario(undefined, { cacheDir });
}, 60_000);
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('masked-call bundle', () => {
  it('a compile is stored in the build cache under its key and read back from there', async () => {
    const [entry] = readdirSync(cacheDir);
    expect(readFileSync(join(cacheDir, entry), 'utf8')).toBe(compiled.esm);
    // Served from the cache: a planted entry under the same key is what the next compile returns.
    writeFileSync(join(cacheDir, entry), '// planted\n');
    expect((await compileScenario(undefined, { cacheDir })).esm).toBe('// planted\n');
    writeFileSync(join(cacheDir, entry), compiled.esm);
    // Linking goes through the cache too: the entry is the printed script without a configuration, which
    // bakeConfig completes; another configuration is served by the same entry. A cached script still
    // meets the size limits.
    const config = scenarioConfigSchema.parse({});
    const linked = await linkScenario(compiled, config, undefined, { cacheDir });
    const linkEntry = readdirSync(cacheDir).find((f) => f !== entry)!;
    const printed = readFileSync(join(cacheDir, linkEntry), 'utf8');
    expect(printed).not.toContain('"pin": {');
    expect(bakeConfig(printed, config)).toBe(linked.code);
    const other = scenarioConfigSchema.parse({ operator: { number: '+4930999999' } });
    expect((await linkScenario(compiled, other, undefined, { cacheDir })).code).toBe(bakeConfig(printed, other));
    expect(readdirSync(cacheDir)).toHaveLength(2);
    writeFileSync(join(cacheDir, linkEntry), 'x'.repeat(200_000));
    await expect(linkScenario(compiled, config, undefined, { cacheDir })).rejects.toMatchObject({ code: 'too_large' });
    rmSync(join(cacheDir, linkEntry));
  });

  it('the committed bundle matches a fresh build from the project configuration', async () => {
    const fresh = await linkScenario(compiled, loadConfig().scenario, undefined, { cacheDir: null });
    expect(readFileSync(COMMITTED_BUNDLE, 'utf8')).toBe(fresh.code);
  });

  it('voxmask build works from any working directory (the compiled CLI, run outside the project)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxmask-build-cwd-'));
    const out = join(dir, 'masked-call.voxengine.js');
    const child = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'bin/voxmask.js'), 'build', '--config', join(PROJECT_ROOT, 'voxmask.config.json'), '--out', out],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(COMMITTED_BUNDLE, 'utf8'));
  }, 60_000);

  it('rollup.config.js (`npx rollup -c`) produces the same bytes as voxmask build', async () => {
    const { rollup } = await import('rollup');
    const configs = require(join(PROJECT_ROOT, 'rollup.config.js')) as ScenarioRollupOptions[];
    // One config per scenario voxmask builds (masked-call, pool-call, click-to-call); masked-call is checked here.
    expect(configs.map((c) => c.output.file)).toContain(COMMITTED_BUNDLE);
    const masked = configs.find((c) => c.output.file === COMMITTED_BUNDLE)!;
    const build = await rollup(masked);
    const { output } = await build.generate(masked.output);
    await build.close();
    expect(output[0].code).toBe((await linkScenario(compiled, loadConfig().scenario)).code);
  }, 60_000);

  it('is one readable classic script: an iife, no import/export, not minified', async () => {
    const { code } = await linkScenario(compiled, scenarioConfigSchema.parse({}));
    expect(() => new Script(code)).not.toThrow();
    expect(code).toMatch(/^\/\/ Built by `voxmask build`/);
    expect(code).toContain('(function () {');
    expect(code.split('\n').length).toBeGreaterThan(500);
    // VoxEngine's own require(Modules.X) is the only require; no bundler runtime, no Node modules.
    expect(code.match(/\brequire\(/g)).toEqual(['require(']);
    expect(code).toContain('require(Modules.ApplicationStorage)');
  });

  it('bakes the configuration in, and reads the signing secret at run time by name only', async () => {
    const config = scenarioConfigSchema.parse({
      operator: { number: '+4930999999' },
      results: { webhookUrl: 'https://backend.example/results', secretName: 'orders-hmac' },
    });
    const { code } = await linkScenario(compiled, config);
    expect(code).toContain('"number": "+4930999999"');
    expect(code).toContain('"webhookUrl": "https://backend.example/results"');
    expect(code).toContain('"secretName": "orders-hmac"');
    expect(code).toContain('VoxEngine.getSecretValue(settings.results.secretName)');
  });

  it('fails on any rollup warning', async () => {
    const broken: CompiledScenario = {
      esm: `import settings from 'voxmask:config';\nimport { nothing } from 'left-pad';\nLogger.write(String(settings) + nothing);\n`,
    };
    await expect(linkScenario(broken, scenarioConfigSchema.parse({}))).rejects.toMatchObject({ code: 'rollup_warning' });
    await expect(linkScenario(broken, scenarioConfigSchema.parse({}))).rejects.toBeInstanceOf(BundleError);
  });
});

describe('voxmask build', () => {
  it('builds with --config into --out and rejects a bad configuration naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxmask-build-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, JSON.stringify({ scenario: { pin: { length: 6 } } }));
    writeFileSync(bad, JSON.stringify({ scenario: { pin: { length: 2 } } }));
    const out = join(dir, 'out.js');
    await createProgram().exitOverride().parseAsync(['node', 'voxmask', 'build', '--config', good, '--out', out]);
    expect(readFileSync(out, 'utf8')).toContain('"length": 6');
    await expect(createProgram().exitOverride().parseAsync(['node', 'voxmask', 'build', '--config', bad, '--out', out])).rejects.toThrow(
      /scenario\.pin\.length/,
    );
  }, 60_000);
});
