/**
 * voxengine-ci compiles every scenario of a rule again with its own tsconfig and uploads (and hashes) what
 * tsc prints (docs/platform.md#voxengine-ci-build). The bundle voxmask writes must be a fixed point of that
 * pass, so switching between the two tools never re-uploads an unchanged scenario.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { compileScenario, linkScenario, PROJECT_ROOT } from '../../src/build/bundle';
import { scenarioConfigSchema } from '../../src/config/scenario';
import { voxengineCiEmit } from '../../src/build/voxengine-ci-emit';
import { BUILT_SCENARIOS } from '../../src/deploy/build-step';
import { scenarioSourceFile } from '../../src/deploy/voxfiles';

/**
 * voxengine-ci's build of one script: the tsconfig it writes (its VoxScenarioBuilderTsConfig), then the
 * program emit `npx tsc -p` runs. A real program type-checks lib.es2020 first (noEmitOnError), a few
 * seconds of CPU, so it runs once, on a small script; the bundle itself goes through voxengineCiEmit.
 */
function voxengineCiBuild(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'voxmask-vci-'));
  try {
    writeFileSync(join(dir, 'masked-call.voxengine.js'), script);
    const tsconfig = {
      compilerOptions: {
        allowJs: true,
        target: 'ES2020',
        lib: ['ES2020'],
        skipLibCheck: true,
        noEmitOnError: true,
        outDir: join(dir, 'dist'),
      },
      include: [join(dir, '*.js')],
      exclude: [],
    };
    const parsed = ts.parseJsonConfigFileContent(tsconfig, ts.sys, dir);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const emitted = new Map<string, string>();
    const result = program.emit(undefined, (file, text) => emitted.set(file, text));
    expect(result.emitSkipped).toBe(false);
    expect(emitted.size).toBe(1);
    return [...emitted.values()][0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The shapes a rollup bundle of our scenarios carries, written the way rollup writes them (2-space indent, blank lines). */
const ROLLUP_SHAPED_SCRIPT = [
  '// banner',
  '(function () {',
  "  'use strict';",
  '',
  '  /* configuration */',
  '  const settings = { "pin": { "length": 5 }, "list": [1,2] };',
  '  class Flow { constructor(call) { this.call = call; } async run() { return this.call?.id ?? `none ${settings.pin.length}`; } }',
  '  const PATTERN = /^\\+[0-9]{8,15}$/u;',
  '  function f(x) { return x  +  1 }',
  '  VoxEngine.addEventListener(AppEvents.Started, async (event) => { await new Flow(event.call).run(); f(PATTERN.test("x") ? 1 : 0); });',
  '',
  '})();',
  '',
].join('\n');

describe("the bundle is a fixed point of voxengine-ci's tsc pass", () => {
  it("voxengineCiEmit prints what voxengine-ci's program emit prints, and printing twice changes nothing", () => {
    const once = voxengineCiEmit(ROLLUP_SHAPED_SCRIPT);
    expect(once).not.toBe(ROLLUP_SHAPED_SCRIPT);
    expect(once).toBe(voxengineCiBuild(ROLLUP_SHAPED_SCRIPT));
    expect(voxengineCiEmit(once)).toBe(once);
  });

  it.each(Object.keys(BUILT_SCENARIOS))("the committed %s bundle comes out of voxengine-ci's pass byte for byte (same sha256)", (name) => {
    const bundle = readFileSync(scenarioSourceFile(join(PROJECT_ROOT, 'voxfiles'), name), 'utf8');
    expect(sha256(voxengineCiEmit(bundle))).toBe(sha256(bundle));
  });

  // linkScenario prints once and bakes each configuration into the printed script (virtual-config.ts): what
  // it writes in must print as it stands, whatever the values (lists, records, empty ones, any text).
  it.each([
    ['the defaults', {}],
    [
      'lists, records and unusual text',
      {
        pin: { skipForKnownCaller: ['+493025550102', '+493025550103'] },
        language: { byVirtualNumber: { '+493025550102': 'de' } },
        prompts: { en: { cleared: 'Cleared $& "quoted" back\\slash \u2028 ü 日本 😀' }, de: { cleared: 'Gelöscht.' } },
        results: { webhookUrl: 'https://backend.example/results?a=1&b=$1', secretName: 'orders-hmac' },
      },
    ],
  ])('a bundle linked with %s comes out of the pass unchanged', async (_, overrides) => {
    const { code } = await linkScenario(await compileScenario(), scenarioConfigSchema.parse(overrides));
    expect(voxengineCiEmit(code)).toBe(code);
  });
});
