import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.bench.js')).sort();
  let failed = false;
  for (const file of files) {
    const mod = require(join(__dirname, file)) as BenchModule;
    if (only && !mod.name.includes(only)) continue;
    process.stdout.write(`\n## ${mod.name}\n`);
    for (const row of await mod.run()) {
      const mark = row.ok === undefined ? '' : row.ok ? '  ok' : '  MISSED';
      if (row.ok === false) failed = true;
      const value = Number.isInteger(row.value) ? String(row.value) : row.value.toFixed(2);
      process.stdout.write(`${row.metric.padEnd(58)} ${value.padStart(12)} ${row.unit}${row.target ? `  (target ${row.target})` : ''}${mark}\n`);
    }
  }
  if (failed) process.exitCode = 1;
}

if (require.main === module) void main();
