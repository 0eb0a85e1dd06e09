#!/usr/bin/env node
'use strict';
// The voxmask command line: src/cli/main.ts compiled to dist/ (npx tsc -b src). runCli never rejects:
// a user error prints its message and exits 1 (or its code), a bug its stack with exit 70; numbers are
// masked in both unless --show-numbers is given. Exit codes: `voxmask --help`, README "Exit codes".
const { join } = require('node:path');

let cli;
try {
  cli = require('../dist/src/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(join('dist', 'src', 'cli', 'main.js'))) {
    process.stderr.write('voxmask: the compiled CLI is missing (dist/src/cli/main.js): run "npx tsc -b src" first\n');
    process.exit(1);
  }
  throw err;
}
cli.runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
