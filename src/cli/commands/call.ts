/**
 * `voxmask call SCRIPT.json [--json] [--color] [--svg FILE]`: runs a call script through the VoxEngine runtime emulator
 * (docs/runtime.md "Call scripts") and prints the readable timeline, or with --json the trace JSON
 * (schemas/trace.schema.json); --svg also writes the sessions' ladder diagrams (src/sandbox/web/ladder).
 * A bad script prints the field path and exits with code 1; an error of the emulator itself is a bug
 * (main.ts: stack, exit 70).
 *
 * `voxmask call SCRIPT.json --sandbox HOST [--ca FILE] [--credentials FILE]`: places the script's `calls` (with its `phones`)
 * into a running sandbox instead (`voxmask start`/`voxmask sandbox`), where they reach the deployed
 * scenario through the rules and read the seeded orders; the script's scenarios, storage and other
 * run settings are the sandbox's own and are ignored. The request is signed with the sandbox account's
 * key (its JWT, src/sandbox/admin-client.ts). Prints the calls' timeline (--json: the finished
 * sessions). Exit 1 for a bad script, 2 when the sandbox refuses or cannot be reached, or its key cannot be read.
 *
 * Phone numbers are masked in everything the command prints (timeline, JSON, error messages): the
 * parties' numbers as `+49********678`, the virtual numbers (the calls' `to`, the caller ID shown on
 * outbound calls) visible. `--show-numbers` prints them in full, with a warning on stderr.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from '../../config';
import { CredentialsError } from '../../platform/errors';
import { sandboxTlsDir, TLS_CERT_FILE } from '../../sandbox';
import { runCallsInSandbox, SandboxAccess, SandboxAdminError } from '../../sandbox/admin-client';
import { CREDENTIALS_FILE } from '../../sandbox/state/state-dir';
import { parseCallsRequest, SandboxCallsRequest } from '../../sandbox/management-api/admin-calls';
import { CallScriptError, runCallScript } from '../../sandbox/runtime';
import { maskTraceRecords, renderTimeline } from '../../sandbox/runtime/trace/timeline';
import { maskPhonesInJson } from '../../../contract/mask-text';
import { sessionsSvg } from '../../sandbox/web/ladder/svg';
import { EXIT } from '../../errors';
import { CommandIO, defineCommand } from '../command';
import { addShowNumbersOption, outputMasker } from '../options';

/** Options of `voxmask call`. */
export interface CallCommandOptions {
  /** The call script file (JSON, docs/runtime.md "Call scripts"). */
  script: string;
  json?: boolean;
  color?: boolean;
  /** `host:port` of a running sandbox to place the calls into. */
  sandbox?: string;
  /** The sandbox's certificate (default `<deploy.sandboxDir>/tls/cert.pem`). */
  ca?: string;
  /** The sandbox account's key that signs the admin request (default `<deploy.sandboxDir>/credentials.json`). */
  credentials?: string;
  /** Print phone numbers in full (local debugging); a warning goes to stderr. */
  showNumbers?: boolean;
  /** Also write the sessions' ladder diagram to this SVG file (offline runs; numbers always masked). */
  svg?: string;
}

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

/** The `calls` and far ends (`phones`, `sip`, `users`) of a script, for a running sandbox. @throws CallScriptError naming the field */
function sandboxCalls(script: unknown): SandboxCallsRequest {
  const { calls, phones, sip, users } = (script ?? {}) as { calls?: unknown; phones?: unknown; sip?: unknown; users?: unknown };
  const parsed = parseCallsRequest({ calls, phones, sip, users });
  if ('problem' in parsed) throw new CallScriptError('', parsed.problem);
  return parsed.request;
}

/**
 * `--sandbox`: the calls go to a running sandbox. Its timeline comes masked (renderTimeline) and is
 * masked again here; the sessions' numbers are masked except the dialed virtual numbers.
 */
async function runInSandbox(
  path: string,
  host: string,
  access: SandboxAccess,
  options: CallCommandOptions,
  io: CommandIO,
  mask: Masker,
): Promise<number> {
  const request = sandboxCalls(await readScript(path));
  const virtualNumbers = request.calls.map((call) => call.to);
  try {
    const { sessions, timeline } = await runCallsInSandbox(host, access, request);
    const shown = options.showNumbers ? sessions : maskPhonesInJson(sessions, { keep: virtualNumbers });
    io.stdout.write(options.json ? `${JSON.stringify(shown, null, 2)}\n` : mask(`${timeline}\n${summary(sessions)}\n`, virtualNumbers));
    return EXIT.OK;
  } catch (error) {
    if (!(error instanceof SandboxAdminError || error instanceof CredentialsError)) throw error;
    io.stderr.write(`${mask(`voxmask call: ${error.message}`)}\n`);
    return EXIT.REJECTED;
  }
}

type Masker = ReturnType<typeof outputMasker>;

/**
 * Runs `voxmask call`: exit 0 ran; 1 a bad script (CallScriptError, its field path printed); 2 the
 * sandbox refused, could not be reached, or its key cannot be read (--sandbox). Anything else thrown
 * is a bug and propagates (main.ts: stack, exit 70).
 */
async function run(options: CallCommandOptions, io: CommandIO): Promise<number> {
  const path = resolve(options.script);
  const mask = outputMasker(options.showNumbers, io.stderr);
  try {
    if (options.sandbox && options.svg)
      throw new CallScriptError('--svg', 'draws offline runs only: a running sandbox answers with sessions, not their trace');
    if (options.sandbox) {
      const sandboxDir = options.ca && options.credentials ? '' : resolve(loadConfig().deploy.sandboxDir);
      const access: SandboxAccess = {
        caCertFile: options.ca ?? join(sandboxTlsDir(sandboxDir), TLS_CERT_FILE),
        credentialsFile: options.credentials ?? join(sandboxDir, CREDENTIALS_FILE),
      };
      return await runInSandbox(path, options.sandbox, access, options, io, mask);
    }
    const script = await readScript(path);
    const { emulator, sessions } = await runCallScript(script, dirname(path));
    const trace = emulator.trace.toJSON() as { startTime: string; records: typeof emulator.trace.records };
    if (options.svg)
      writeFileSync(
        options.svg,
        sessionsSvg(
          trace.records,
          sessions.map((s) => s.sessionId),
        ),
      );
    if (options.json) {
      const records = options.showNumbers ? trace.records : maskTraceRecords(trace.records);
      io.stdout.write(`${JSON.stringify({ ...trace, records }, null, 2)}\n`);
    } else {
      const timeline = renderTimeline(trace.records, Date.parse(trace.startTime), options.color ?? false, {
        showNumbers: options.showNumbers,
      });
      io.stdout.write(`${timeline}\n${mask(summary(sessions))}\n`);
    }
    return EXIT.OK;
  } catch (error) {
    if (!(error instanceof CallScriptError)) throw error;
    io.stderr.write(`${mask(`voxmask call: invalid call script ${path}: ${error.message}`)}\n`);
    return EXIT.USER_ERROR;
  }
}

/** `voxmask call`. */
export const command = defineCommand<CallCommandOptions>({
  define: (program) =>
    addShowNumbersOption(
      program
        .command('call')
        .description('run a call script through the VoxEngine runtime emulator and print the timeline (or the trace JSON)')
        .argument('<script>', 'call script (JSON; see docs/runtime.md)')
        .option('--json', 'print the trace as JSON (schemas/trace.schema.json) instead of the timeline')
        .option('--color', 'color the timeline')
        .option(
          '--svg <file>',
          "also write each session's ladder diagram (caller, scenario, callee, operator, webhook, ApplicationStorage) as SVG; numbers masked",
        )
        .option('--sandbox <host>', 'place the calls into a running sandbox (host:port) through its rules, instead of a fresh emulator')
        .option('--ca <file>', "the running sandbox's certificate (default <deploy.sandboxDir>/tls/cert.pem)")
        .option(
          '--credentials <file>',
          "the running sandbox's service-account key, which signs the request (default <deploy.sandboxDir>/credentials.json)",
        ),
    ),
  run,
});
