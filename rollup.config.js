// `npx rollup -c`: bundles every VoxEngine scenario voxmask builds, with voxmask.config.json's `scenario`
// section baked in, into <deploy.voxfilesDir>/scenarios/src/<name>.voxengine.js. The options come from the
// same function `voxmask build` uses (src/build/bundle.ts scenarioRollupOptions), so both write the same
// bytes; `voxmask build` also refuses a bundle over the platform's size limits. Needs the compiled Node
// side (`npx tsc -b` or `npm run build`). CommonJS, as the package is.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, 'dist', 'src');
if (!existsSync(join(dist, 'build', 'bundle.js'))) {
  throw new Error('rollup.config.js needs the compiled Node side: run "npx tsc -b" first');
}
const { compileScenario, scenarioRollupOptions } = require(join(dist, 'build', 'bundle'));
const { loadConfig } = require(join(dist, 'config'));
const { BUILT_SCENARIOS } = require(join(dist, 'deploy', 'build-step'));
const { scenarioSourceFile } = require(join(dist, 'deploy', 'voxfiles'));

const config = loadConfig();
module.exports = Object.entries(BUILT_SCENARIOS).map(([name, entry]) =>
  scenarioRollupOptions(() => compileScenario(entry), config.scenario, scenarioSourceFile(config.deploy.voxfilesDir, name)),
);
