import { Script, createContext } from 'node:vm';
import { BundleError } from '../../src/build/errors';
import { bakeConfig, CONFIG_PLACEHOLDER, virtualConfigPlugin } from '../../src/build/virtual-config';
import { scenarioConfigSchema } from '../../src/config/scenario';

/** A printed script shaped as linkScenario's (4-space indentation, the placeholder on its own line). */
const PRINTED = [
  '(function () {',
  "    'use strict';",
  `    const settings = ${CONFIG_PLACEHOLDER};`,
  '    exported = settings;',
  '})();',
  '',
].join('\n');

/** Runs a baked script and returns the configuration it holds, as VoxEngine would see it. */
function settingsOf(script: string): unknown {
  const context = createContext({ exported: undefined });
  new Script(script).runInContext(context);
  return JSON.parse(JSON.stringify(context.exported));
}

describe('bakeConfig', () => {
  it('writes the configuration in place of the placeholder, as JSON indented from the line it sits on', () => {
    const config = scenarioConfigSchema.parse({ operator: { number: '+4930999999' } });
    const baked = bakeConfig(PRINTED, config);
    expect(baked).not.toContain(CONFIG_PLACEHOLDER);
    expect(baked).toContain('    const settings = {\n        "pin": {\n            "length": 5,');
    expect(baked).toContain('\n    };\n    exported = settings;');
    expect(settingsOf(baked)).toEqual(config);
  });

  it('takes every character of the configuration literally (`$&`, quotes, backslashes, U+2028, any script)', () => {
    const config = scenarioConfigSchema.parse({
      prompts: { en: { cleared: 'Cleared $& $1 $$ $` "quoted" back\\slash \u2028 ü 日本 😀' } },
      language: { byVirtualNumber: { '+493025550102': 'de' } },
    });
    expect(settingsOf(bakeConfig(PRINTED, config))).toEqual(config);
  });

  it('leaves a script that never imports voxmask:config unchanged', () => {
    const script = '(function () {\n    Logger.write("hi");\n})();\n';
    expect(bakeConfig(script, scenarioConfigSchema.parse({}))).toBe(script);
  });

  it.each([
    ['twice', `${PRINTED}const again = ${CONFIG_PLACEHOLDER};\n`],
    ['inside an expression', PRINTED.replace(`= ${CONFIG_PLACEHOLDER};`, `= f(${CONFIG_PLACEHOLDER});`)],
    ['as a statement of its own', PRINTED.replace(`const settings = ${CONFIG_PLACEHOLDER};`, `${CONFIG_PLACEHOLDER};`)],
  ])('refuses a script with the placeholder %s (config_placeholder), naming the expected line', (_, script) => {
    let error: unknown;
    try {
      bakeConfig(script, scenarioConfigSchema.parse({}));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BundleError);
    expect(error).toMatchObject({ code: 'config_placeholder', message: expect.stringContaining(`const <name> = ${CONFIG_PLACEHOLDER};`) });
  });
});

describe('virtualConfigPlugin', () => {
  it('serves voxmask:config as a module exporting the placeholder, and nothing else', () => {
    expect(CONFIG_PLACEHOLDER).toMatch(/^[A-Za-z_$][\w$]*$/); // an identifier: rollup can prove nothing about a global
    const plugin = virtualConfigPlugin();
    const resolveId = plugin.resolveId as (id: string) => string | null;
    const load = plugin.load as (id: string) => string | null;
    const resolved = resolveId('voxmask:config');
    expect(resolved).not.toBeNull();
    expect(resolveId('./other')).toBeNull();
    expect(load(resolved!)).toContain(`export default ${CONFIG_PLACEHOLDER};`);
    expect(load('./other')).toBeNull();
  });
});
