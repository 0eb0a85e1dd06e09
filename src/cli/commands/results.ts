import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { CallResult } from '../../../contract/call-result';
import { maskPhonesInText } from '../../../contract/mask-text';
import { openApplicationStorage } from '../../backend/orders';
import { collectDeadLetters, DeadLetterSource } from '../../backend/results/dead-letters';
import { FileReplayStore } from '../../backend/results/file-replay-store';
import { ResultReplayGuard } from '../../backend/results/replay';
import { loadConfig } from '../../config';
import { runOnTarget } from '../../platform/target';
import { Writable } from 'node:stream';
import { EXIT } from '../../errors';
import { CliOptionError } from '../errors';
import { CommandIO, defineCommand, envOf, OutputStream } from '../command';

/** Options of `voxmask results drain`. */
export interface DrainOptions {
  config?: string;
  credentials?: string;
  secretEnv: string;
  replayStore: string;
  handler?: string;
  allowUnsigned?: boolean;
}

/** Default environment variable holding the results secret (the README's receiver uses the same name). */
const DEFAULT_SECRET_ENV = 'VOXMASK_WEBHOOK_SECRET';
/** Default replay store file, shared by every drain started in this folder. */
const DEFAULT_REPLAY_STORE = '.voxmask/results-replay.jsonl';

function parseEnvName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    throw new InvalidArgumentError(`--secret-env must be an environment variable name, got "${value}"`);
  return value;
}

/**
 * A CommonJS module's result handler: its `handleResult` export, or the module itself when it exports
 * one function. @throws CliOptionError naming the module when it has neither
 */
function loadHandler(file: string): (result: CallResult, source: DeadLetterSource) => Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the user's module, named at run time
  const loaded = require(resolve(file)) as { handleResult?: unknown; default?: unknown } | ((...args: unknown[]) => unknown);
  const candidate = typeof loaded === 'function' ? loaded : (loaded.handleResult ?? loaded.default);
  if (typeof candidate !== 'function')
    throw new CliOptionError('--handler', `${file}: the module exports no handleResult function (nor a default function)`);
  const handle = candidate as (result: CallResult, source: DeadLetterSource) => unknown;
  return async (result, source) => {
    await handle(result, source);
  };
}

/**
 * Writes one line to `stdout` and resolves once it is handed on (the acknowledgement in print mode):
 * for a Node stream (process.stdout) when its write callback says the OS has it; otherwise (a test's
 * buffer, which writes synchronously) at once.
 */
function printLine(stdout: OutputStream, line: string): Promise<void> {
  if (!(stdout instanceof Writable)) return Promise.resolve(void stdout.write(`${line}\n`));
  return new Promise((resolveWrite, reject) => stdout.write(`${line}\n`, (err) => (err ? reject(err) : resolveWrite())));
}

/**
 * `voxmask results drain`: collects the dead-lettered results (`deadletter:*`) of the application
 * through the Management API, verifies each signature, hands each result to `--handler <module>` or
 * prints it as one JSON line on stdout, and deletes a dead letter only once it was handled (the line
 * written, or the handler resolved). Two drains may run at once: they share the replay store file
 * (`--replay-store`), which hands each result to one of them. Results carry masked numbers only; the
 * report on stderr is masked too. Exit code 0 all handled; 2 some dead letters rejected (left in place);
 * 4 some handlers failed (left for the next drain); 6 both; 1 the drain could not start. See docs/results.md.
 */
export const command = defineCommand<DrainOptions>({
  define: (program) =>
    (program.commands.find((c) => c.name() === 'results') ?? program.command('results').description('call results: collect dead letters'))
      .command('drain')
      .description('collect dead-lettered call results: verify, hand to a handler or print as JSON Lines, delete once handled')
      .option('--config <file>', 'configuration file (default voxmask.config.json)')
      .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
      .option(
        '--secret-env <NAME>',
        'environment variable holding the results secret (the application secret scenario.results.secretName)',
        parseEnvName,
        DEFAULT_SECRET_ENV,
      )
      .option(
        '--replay-store <file>',
        'file of result ids already processed, shared by drains and webhook (JSON Lines)',
        DEFAULT_REPLAY_STORE,
      )
      .option(
        '--handler <module>',
        'CommonJS module exporting handleResult(result, source); its promise resolving acknowledges (default: print JSON Lines)',
      )
      .option('--allow-unsigned', 'also accept dead letters stored without a signature (a scenario without the results secret)'),
  run: drain,
});

async function drain(options: DrainOptions, io: CommandIO): Promise<number> {
  const loaded = loadConfig(options.config);
  const env = envOf(io);
  const secret = env[options.secretEnv];
  if (!secret || secret.trim() === '') {
    throw new CliOptionError(
      options.secretEnv,
      `is not set: set it to the value of the application secret "${loaded.scenario.results.secretName}" (or name another variable with --secret-env)`,
    );
  }
  const handler = options.handler ? loadHandler(options.handler) : (result: CallResult) => printLine(io.stdout, JSON.stringify(result));
  const guard = new ResultReplayGuard({ store: new FileReplayStore(options.replayStore) });
  let code: number = EXIT.OK;
  await runOnTarget(loaded.deploy, { credentialsFlag: options.credentials }, async (target) => {
    const kv = await openApplicationStorage(target.api, loaded.deploy.applicationName);
    const report = await collectDeadLetters({ kv, secret, guard, handler, allowUnsigned: options.allowUnsigned });
    const lines = [
      `Drained dead letters of ${loaded.deploy.applicationName} on ${target.description}: ${report.handled.length} handled, ${report.duplicates.length} already processed (deleted), ${report.skipped.length} skipped (another drain), ${report.rejected.length} rejected, ${report.failed.length} failed`,
      ...report.rejected.map((r) => `  rejected ${r.key} (${r.code}): ${r.reason}`),
      ...report.failed.map((f) => `  failed   ${f.key}: ${f.reason}`),
    ];
    for (const line of lines) io.stderr.write(`${maskPhonesInText(line)}\n`);
    code = (report.rejected.length > 0 ? EXIT.REJECTED : 0) | (report.failed.length > 0 ? EXIT.FAILED : 0);
  });
  return code;
}
