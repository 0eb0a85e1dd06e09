#!/usr/bin/env node
'use strict';
/**
 * Runs a command with NODE_EXTRA_CA_CERTS pointing at the sandbox's shared test certificate, so the
 * official Voximplant client in that process trusts the local Management API (Node reads the variable
 * only at process start; docs/sandbox-api.md, "TLS trust").
 *
 *   node scripts/with-sandbox-ca.js <command> [args...]     e.g. node scripts/with-sandbox-ca.js npx jest
 *
 * Ensures `.sandbox/tls` (relative to the repository root) through the compiled module
 * dist/src/sandbox/tls.js (run `npx tsc -b src` first), then spawns the command with the
 * variable set (through extraCaFileFor of dist/src/platform/extra-ca.js, the CLI's own rule: a bundle the
 * variable already names, a corporate CA say, stays trusted alongside the sandbox's), forwards SIGINT/SIGTERM/SIGHUP to it, and exits with its exit code (128 + signal number
 * when it died of a signal). Exit 2 when the compiled module is missing or no command is given.
 */
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { constants } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
if (args.length === 0) {
  process.stderr.write('usage: node scripts/with-sandbox-ca.js <command> [args...]\n');
  process.exit(2);
}
const [tlsModule, extraCaModule] = [join(root, 'dist', 'src', 'sandbox', 'tls.js'), join(root, 'dist', 'src', 'platform', 'extra-ca.js')];
for (const compiled of [tlsModule, extraCaModule]) {
  if (!existsSync(compiled)) {
    process.stderr.write(`with-sandbox-ca: ${compiled} is missing; run "npx tsc -b src" first\n`);
    process.exit(2);
  }
}
const { certFile } = require(tlsModule).ensureSandboxTls(join(root, '.sandbox', 'tls'));
const { EXTRA_CA_ENV, extraCaFileFor } = require(extraCaModule);

const child = spawn(args[0], args.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, [EXTRA_CA_ENV]: extraCaFileFor(certFile) },
  shell: process.platform === 'win32',
});
const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of forwarded) process.on(signal, forward);
child.on('error', (err) => {
  process.stderr.write(`with-sandbox-ca: cannot start ${args[0]}: ${err.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  for (const s of forwarded) process.removeListener(s, forward);
  process.exit(code !== null ? code : 128 + (constants.signals[signal] || 0));
});
