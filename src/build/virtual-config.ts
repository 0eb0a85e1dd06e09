import type { Plugin } from 'rollup';
import type { ScenarioConfig } from '../config/scenario';
import { BundleError } from './errors';

/** The import id scenarios use for their baked-in configuration (scenarios/masked-call/virtual-config.d.ts). */
export const CONFIG_MODULE_ID = 'voxmask:config';
const RESOLVED_ID = `\0${CONFIG_MODULE_ID}`;

/**
 * What the generated `voxmask:config` module exports until bakeConfig puts the configuration in its
 * place. An undeclared global, not a literal: rollup can prove nothing about its value, so no branch of
 * the scenario is dropped for one configuration, and one printed script serves every configuration.
 */
export const CONFIG_PLACEHOLDER = '__voxmaskScenarioConfiguration__';

/** The one line the placeholder may sit on in a bundle: `<indent>const <name> = <placeholder>;`. */
const PLACEHOLDER_LINE = new RegExp(`^([ \\t]*)(?:const|let|var) [\\w$]+ = ${CONFIG_PLACEHOLDER};$`, 'gm');

/**
 * A rollup plugin that serves `voxmask:config` as a generated module whose default export is the
 * configuration placeholder; bakeConfig (or bakeConfigPlugin, as the last output step) writes the
 * configuration in.
 */
export function virtualConfigPlugin(): Plugin {
  return {
    name: 'voxmask-config',
    resolveId(id) {
      return id === CONFIG_MODULE_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      return `/* voxmask scenario configuration, validated at build time */\nexport default ${CONFIG_PLACEHOLDER};\n`;
    },
  };
}

/**
 * `script` (a printed bundle, see voxengine-ci-emit.ts) with `config` written in place of the placeholder
 * as pretty-printed JSON, indented as TypeScript's printer indents an object literal at that line (4
 * spaces a level), so the result is still a fixed point of voxengine-ci's pass. A script that never
 * imports `voxmask:config` is returned unchanged. Takes microseconds: a build links many configurations
 * from one printed script. Throws BundleError `config_placeholder` when the placeholder appears
 * anywhere but on one `const <name> = <placeholder>;` line.
 */
export function bakeConfig(script: string, config: ScenarioConfig): string {
  const uses = script.split(CONFIG_PLACEHOLDER).length - 1;
  if (uses === 0) return script;
  const lines = [...script.matchAll(PLACEHOLDER_LINE)];
  if (uses !== 1 || lines.length !== 1) {
    throw new BundleError(
      'config_placeholder',
      `the bundle uses the configuration placeholder ${uses} time(s), ${lines.length} of them as "const <name> = ${CONFIG_PLACEHOLDER};": expected exactly one such line`,
    );
  }
  const indent = lines[0][1];
  const literal = JSON.stringify(config, null, 4).split('\n').join(`\n${indent}`);
  // A function replacement: `$` sequences in the configuration (a TTS text, a URL) are taken literally.
  return script.replace(CONFIG_PLACEHOLDER, () => literal);
}

/** A rollup output plugin that runs bakeConfig on each chunk: after voxengineCiFixedPoint, as linkScenario does. */
export function bakeConfigPlugin(config: ScenarioConfig): Plugin {
  return {
    name: 'voxmask-bake-config',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') chunk.code = bakeConfig(chunk.code, config);
    },
  };
}
