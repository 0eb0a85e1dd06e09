/**
 * voxengine-ci compiles every scenario of a rule again with its own tsconfig and uploads (and hashes) what
 * tsc prints (docs/platform.md#voxengine-ci-build). The bundle voxmask writes must be a fixed point of that
 * pass, so switching between the two tools never re-uploads an unchanged scenario.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { PROJECT_ROOT } from '../../src/build/bundle';
import { voxengineCiEmit } from '../../src/build/voxengine-ci-emit';
import { scenarioSourceFile } from '../../src/deploy/voxfiles';

/** The tsconfig voxengine-ci writes (its VoxScenarioBuilderTsConfig), then `npx tsc -p` over it. */
function voxengineCiBuild(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'voxmask-vci-'));
  writeFileSync(join(dir, 'masked-call.voxengine.js'), script);
  const tsconfig = {
    compilerOptions: { allowJs: true, target: 'ES2020', lib: ['ES2020'], skipLibCheck: true, noEmitOnError: true, outDir: join(dir, 'dist') },
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
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the bundle is a fixed point of voxengine-ci\'s tsc pass', () => {
  it('the committed masked-call bundle comes out of voxengine-ci\'s build byte for byte (same sha256)', () => {
    const bundle = readFileSync(scenarioSourceFile(join(PROJECT_ROOT, 'voxfiles'), 'masked-call'), 'utf8');
    expect(sha256(voxengineCiBuild(bundle))).toBe(sha256(bundle));
  });

  it('voxengineCiEmit prints what the real program emit prints, and printing twice changes nothing', () => {
    const script = "// banner\n(function () {\n  'use strict';\n\n  const a = { \"k\": [1,2] };\n  function f(x) { return x  +  1 }\n  VoxEngine.addEventListener(AppEvents.Started, () => f(a));\n})();\n";
    const once = voxengineCiEmit(script);
    expect(once).not.toBe(script);
    expect(once).toBe(voxengineCiBuild(script));
    expect(voxengineCiEmit(once)).toBe(once);
  });
});
