/**
 * `voxmask call SCRIPT.json [--json] [--color]`: runs a call script through the VoxEngine runtime emulator
 * (docs/runtime.md "Call scripts") and prints the readable timeline, or with --json the trace JSON
 * (schemas/trace.schema.json). A bad script prints the field path and exits with code 1; an emulator
 * failure exits with code 2.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CallScriptError, runCallScript } from '../../sandbox/runtime';

/** Where the command writes; process.stdout/stderr by default, a buffer in tests. */
export interface CallCommandIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Options of `voxmask call`. */
export interface CallCommandOptions {
  json?: boolean;
  color?: boolean;
}

/** Exit codes: 0 ran, 1 bad script (CallScriptError), 2 the run failed. */
export type CallExitCode = 0 | 1 | 2;

async function readScript(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CallScriptError('', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CallScriptError('', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function summary(sessions: Awaited<ReturnType<typeof runCallScript>>['sessions']): string {
  return sessions.map((s) => `session ${s.sessionId}: ${s.finishReason}, ${s.durationS} s, ${s.calls.length} call leg(s)`).join('\n');
}

/** Runs `voxmask call` in-process; returns the exit code instead of exiting. */
export async function runCallCommand(file: string, options: CallCommandOptions, io: CallCommandIO): Promise<CallExitCode> {
  const path = resolve(file);
  try {
    const script = await readScript(path);
    const { emulator, sessions } = await runCallScript(script, dirname(path));
    if (options.json) io.stdout.write(`${JSON.stringify(emulator.trace.toJSON(), null, 2)}\n`);
    else io.stdout.write(`${emulator.trace.toTimeline({ color: options.color ?? false })}\n${summary(sessions)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CallScriptError) {
      io.stderr.write(`voxmask call: invalid call script ${path}: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`voxmask call: the run failed: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}

/** Registers `voxmask call`. */
export function register(program: Command): void {
  program
    .command('call')
    .description('run a call script through the VoxEngine runtime emulator and print the timeline (or the trace JSON)')
    .argument('<script>', 'call script (JSON; see docs/runtime.md)')
    .option('--json', 'print the trace as JSON (schemas/trace.schema.json) instead of the timeline')
    .option('--color', 'color the timeline')
    .action(async (script: string, opts: CallCommandOptions) => {
      const code = await runCallCommand(script, opts, { stdout: process.stdout, stderr: process.stderr });
      if (code !== 0) process.exitCode = code;
    });
}
