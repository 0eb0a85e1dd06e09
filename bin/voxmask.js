#!/usr/bin/env node
// The voxmask command line. The TypeScript sources compile to dist/ (npm run build).
require('../dist/src/cli/main.js').main(process.argv).catch((err) => {
  process.stderr.write(`voxmask: ${err && err.message ? err.message : String(err)}\n`);
  process.exitCode = process.exitCode || 1;
});
