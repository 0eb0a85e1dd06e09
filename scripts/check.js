#!/usr/bin/env node
'use strict';
// The static checks of `npm test` in one process, so that each TypeScript program is built once:
// `tsc -b` (the whole solution), then `voxmask build --check` (in a child, beside the lint) and ESLint
// handed the programs tsc built for src/ and scenarios/. On its own, typescript-eslint builds those two
// programs again for its type-aware rules: ~10 s of CPU on a fresh clone. Exit 1 when any check fails.
// `npm run typecheck`, `npm run lint` and `npm run build -- --check` run the same checks one by one.
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const ts = require('typescript');
const { ESLint } = require('eslint');

const ROOT = join(__dirname, '..');
/** The projects whose files ESLint lints with type information (eslint.config.mjs TYPED_FILES). */
const TYPED_PROJECTS = [join(ROOT, 'src', 'tsconfig.json'), join(ROOT, 'scenarios', 'tsconfig.json')];

/** `tsc -b` of the solution, reported as the command line reports it: whether it passed, and the programs of TYPED_PROJECTS it built. */
function typecheck() {
  const pretty = Boolean(process.stdout.isTTY);
  const host = ts.createSolutionBuilderHost(ts.sys, undefined, ts.createDiagnosticReporter(ts.sys, pretty));
  const programs = [];
  host.afterProgramEmitAndDiagnostics = (builderProgram) => {
    const program = builderProgram.getProgram();
    if (TYPED_PROJECTS.includes(program.getCompilerOptions().configFilePath)) programs.push(program);
  };
  const status = ts.createSolutionBuilder(host, [join(ROOT, 'tsconfig.json')], {}).build();
  return { ok: status === ts.ExitStatus.Success, programs };
}

/** `voxmask build --check` in a child process; resolves with whether every bundle is up to date. */
function checkBundles() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'voxmask.js'), 'build', '--check'], { cwd: ROOT, stdio: 'inherit' });
    child.on('close', (code) => resolve(code === 0));
    child.on('error', (err) => {
      process.stderr.write(`check: voxmask build --check did not start: ${err.message}\n`);
      resolve(false);
    });
  });
}

/** ESLint over the tree as `npm run lint` runs it, with `programs` for the typed files when tsc built them all. */
async function lint(programs) {
  const { TYPED_FILES } = await import(pathToFileURL(join(ROOT, 'eslint.config.mjs')).href);
  // tsc builds no program for an up-to-date project: then ESLint builds its own (the config's `project`), and
  // keeps its cache as `npm run lint` does (a configuration holding programs cannot be cached).
  const built = programs.length === TYPED_PROJECTS.length;
  const eslint = new ESLint(
    built
      ? { cwd: ROOT, overrideConfig: [{ files: TYPED_FILES, languageOptions: { parserOptions: { programs, project: null } } }] }
      : { cwd: ROOT, cache: true, cacheStrategy: 'content', cacheLocation: `${join(ROOT, 'node_modules', '.cache', 'eslint')}/` },
  );
  const results = await eslint.lintFiles(['.']);
  const output = await (await eslint.loadFormatter('stylish')).format(results);
  if (output) process.stdout.write(output);
  return results.every((r) => r.errorCount === 0 && r.fatalErrorCount === 0);
}

async function main() {
  const typechecked = typecheck();
  // The bundle check needs dist/ (the compiled CLI), which tsc has just written.
  const [bundles, linted] = await Promise.all([typechecked.ok ? checkBundles() : false, lint(typechecked.programs)]);
  process.exitCode = typechecked.ok && bundles && linted ? 0 : 1;
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
