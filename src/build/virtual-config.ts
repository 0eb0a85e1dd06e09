import type { Plugin } from 'rollup';
import type { ScenarioConfig } from '../config/scenario';

/** The import id scenarios use for their baked-in configuration (scenarios/masked-call/virtual-config.d.ts). */
export const CONFIG_MODULE_ID = 'voxmask:config';
const RESOLVED_ID = `\0${CONFIG_MODULE_ID}`;

/**
 * A rollup plugin that serves `voxmask:config` as a generated module whose default export is the
 * validated scenario configuration (JSON, pretty-printed so the bundle stays readable).
 */
export function virtualConfigPlugin(config: ScenarioConfig): Plugin {
  return {
    name: 'voxmask-config',
    resolveId(id) {
      return id === CONFIG_MODULE_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      return `/* voxmask scenario configuration, validated at build time */\nexport default ${JSON.stringify(config, null, 2)};\n`;
    },
  };
}
