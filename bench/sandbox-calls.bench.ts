import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScenario, linkScenario } from '../src/build/bundle';
import type { BenchRow } from './run';
import { RUSH_SCENARIO_CONFIG } from './rush-sandbox';
import { CallsFigures, RUSH_CALLS, STREAM_BATCH, STREAM_CALLS } from './sandbox-calls-child';

export const name = 'sandbox calls';

/**
 * Calls through the sandbox's rules (issue 13), on the masked-call bundle with 10,000 seeded orders,
 * measured in a process of its own (sandbox-calls-child.ts) so that RSS is the sandbox's alone:
 * - bounded memory: RSS after 1k and 10k placed calls (100 concurrent at a time, as `POST /_sandbox/calls`
 *   places them), target: the second at most 1.5 × the first; heap and the curve are printed too;
 * - rush hour: 1,000 concurrent calls, target: every one terminates with exactly one result posted to
 *   the webhook; the wall time per call is reported.
 */
const MAX_RSS_GROWTH = 1.5;

export async function run(): Promise<BenchRow[]> {
  const { code } = await linkScenario(await compileScenario(), RUSH_SCENARIO_CONFIG);
  const dir = mkdtempSync(join(tmpdir(), 'voxmask-calls-bench-'));
  try {
    const bundle = join(dir, 'masked-call.js');
    writeFileSync(bundle, code);
    const figures = await runChild(bundle);
    const at = (calls: number) => figures.memory.find((m) => m.calls === calls)!;
    const rows: BenchRow[] = figures.memory.map((m) => ({
      metric: `calls: RSS after ${m.calls} placed calls`,
      value: m.rssMb,
      unit: `MB (V8 heap ${m.heapMb.toFixed(0)} MB)`,
    }));
    const growth = at(STREAM_CALLS).rssMb / at(1000).rssMb;
    rows.push({
      metric: `calls: RSS after ${STREAM_CALLS / 1000}k / after 1k placed calls`,
      value: growth,
      unit: `ratio (${STREAM_BATCH} concurrent at a time)`,
      target: `<= ${MAX_RSS_GROWTH}`,
      ok: growth <= MAX_RSS_GROWTH,
    });
    const { rush } = figures;
    const ok = rush.ended === RUSH_CALLS && rush.withOneResult === RUSH_CALLS;
    rows.push({
      metric: `calls: rush hour, ${RUSH_CALLS} concurrent: ended with one result`,
      value: Math.min(rush.ended, rush.withOneResult),
      unit: `calls (${rush.ended} ended normally, ${rush.withOneResult} with one result; ${JSON.stringify(rush.finishReasons)})`,
      target: `${RUSH_CALLS}`,
      ok,
    });
    rows.push({
      metric: `calls: rush hour, wall time per call`,
      value: rush.wallMs / RUSH_CALLS,
      unit: `ms (${(rush.wallMs / 1000).toFixed(1)} s for ${RUSH_CALLS})`,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the measuring process and parses its JSON line; rejects with its stderr when it fails. */
function runChild(bundle: string): Promise<CallsFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(__dirname, 'sandbox-calls-child.js'), bundle], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the measuring process exited with ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as CallsFigures);
    });
  });
}
