import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sandboxTlsDir } from '../src/sandbox/tls';

/** The sandbox TLS pair the benches serve and trust: the repository's `.sandbox/tls` (dist/bench -> repo root). */
export const BENCH_TLS_DIR = sandboxTlsDir(resolve(__dirname, '../../.sandbox'));

/**
 * One benchmark: `run()` measures something and returns rows to print.
 * Each `bench/*.bench.ts` file exports `name` and `run`.
 */
export interface BenchModule {
  name: string;
  run(): Promise<BenchRow[]>;
}

/** One measured figure. `target` states the goal in words, `ok` whether it was met (undefined: no target). */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

/**
 * Runs every `bench/*.bench.js` (compiled), or only those whose file name contains the first
 * argument (`npm run bench -- runtime`). A module that fails to load or run is reported and the
 * others still run; the exit code is 1 when anything failed or missed its target.
 */
async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only)))
    .sort();
  let failed = false;
  for (const file of files) {
    let mod: BenchModule;
    let rows: BenchRow[];
    try {
      mod = require(join(__dirname, file)) as BenchModule;
      process.stdout.write(`\n## ${mod.name}\n`);
      rows = await mod.run();
    } catch (err) {
      process.stdout.write(`\n## ${file}: FAILED: ${(err as Error).stack ?? String(err)}\n`);
      failed = true;
      continue;
    }
    for (const row of rows) {
      const mark = row.ok === undefined ? '' : row.ok ? '  ok' : '  MISSED';
      if (row.ok === false) failed = true;
      const value = Number.isInteger(row.value) ? String(row.value) : row.value.toFixed(2);
      process.stdout.write(
        `${row.metric.padEnd(58)} ${value.padStart(12)} ${row.unit}${row.target ? `  (target ${row.target})` : ''}${mark}\n`,
      );
    }
  }
  if (files.length === 0) {
    process.stdout.write(`no benchmark file matches "${only}"\n`);
    failed = true;
  }
  if (failed) process.exitCode = 1;
}

if (require.main === module) void main();
