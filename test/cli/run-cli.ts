import type { CommandIO } from '../../src/cli/command';
import { runCli } from '../../src/cli/main';

/** What one in-process `voxmask` run printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `voxmask <args>` in this process (src/cli/main.ts runCli), as bin/voxmask.js does but with
 * buffers for stdout and stderr; `io` overrides the environment or the stop signal. No child process:
 * paths in `args` should be absolute (the working directory is jest's).
 */
export async function voxmask(args: string[], io: Pick<CommandIO, 'env' | 'untilStopped'> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...io,
  });
  return { code, stdout, stderr };
}
