import { join } from 'node:path';
import pc from 'picocolors';
import { loadCredentials } from '../../platform/credentials';
import { Sandbox } from '../../sandbox';
import { sandboxAuthorization } from '../../sandbox/admin-client';
import { CREDENTIALS_FILE, MIGRATED_LEGACY_FILE, STATE_DB_FILE } from '../../sandbox/state/state-dir';
import { EXIT } from '../../errors';
import { defineCommand } from '../command';
import { addShowNumbersOption, outputMasker, parsePort, untilStopSignal } from '../options';

/** Options of `voxmask sandbox`. */
export interface SandboxCommandOptions {
  dir: string;
  port: number;
  reset?: boolean;
  showNumbers?: boolean;
  /** Print an Authorization header value for the admin endpoints and exit, instead of starting. */
  authorization?: boolean;
}

/**
 * `voxmask sandbox [--dir .sandbox] [--port 8443] [--reset]`: starts the local Management API and the
 * runtime emulator (virtual clock following the wall clock), prints where to point a client, and runs
 * until SIGINT/SIGTERM, then saves the state and exits 0.
 *
 * `voxmask sandbox --authorization [--dir .sandbox]`: prints `Bearer <JWT>` (valid 64 s) signed with the
 * sandbox account's key (`<dir>/credentials.json`, written at the first start), for curl against the
 * `/_sandbox/*` admin endpoints, which need it; fails with the CredentialsError when there is no key. What it prints (the banner, the sandbox's
 * errors) has its phone numbers masked unless `--show-numbers`.
 */
export const command = defineCommand<SandboxCommandOptions>({
  define: (program) =>
    addShowNumbersOption(
      program
        .command('sandbox')
        .description('run the local sandbox: a Voximplant Management API emulator over HTTPS plus the VoxEngine runtime emulator')
        .option('--dir <folder>', 'state folder (state.db, credentials.json, tls/)', '.sandbox')
        .option('--port <port>', 'HTTPS port on 127.0.0.1 (0 = any free port)', parsePort, 8443)
        .option('--reset', 'start from an empty state (keeps the account and its key)')
        .option(
          '--authorization',
          'print an Authorization header value (Bearer JWT, valid 64 s) for the /_sandbox endpoints of the sandbox in --dir, and exit',
        ),
    ),
  async run(options, io) {
    if (options.authorization) {
      io.stdout.write(`${sandboxAuthorization(loadCredentials(join(options.dir, CREDENTIALS_FILE)))}\n`);
      return EXIT.OK;
    }
    const mask = outputMasker(options.showNumbers, io.stderr);
    const sandbox = await Sandbox.start({
      dir: options.dir,
      port: options.port,
      reset: options.reset,
      realTime: true,
      onError: (err) => io.stderr.write(`${pc.red('sandbox error:')} ${mask(err.message)}\n`),
    });
    // The account id is no phone number: it stays visible even when it has seven digits.
    io.stdout.write(mask(banner(sandbox), [String(sandbox.accountId)]));
    const reason = await (io.untilStopped ?? untilStopSignal)();
    io.stdout.write(`\n${reason}: saving state and stopping...\n`);
    await sandbox.close();
    io.stdout.write('sandbox stopped\n');
    return EXIT.OK;
  },
});

/** What the sandbox prints at start: where it listens, the files to use, and how. */
function banner(sandbox: Sandbox): string {
  const url = `https://${sandbox.host}`;
  const lines = [
    pc.bold('voxmask sandbox is running'),
    `  Management API   ${url}/platform_api`,
    `  browser phone    ${sandbox.webLink()}   (the link opens once; POST /_sandbox/web-link gives another)`,
    `  API host         ${sandbox.host}`,
    `  account id       ${sandbox.accountId}`,
    `  credentials      ${sandbox.credentialsFile}`,
    `  CA certificate   ${sandbox.caCertFile}`,
    `  state            ${join(sandbox.dir, STATE_DB_FILE)}`,
    ...(sandbox.migratedFrom
      ? [`  migrated         ${sandbox.migratedFrom} into ${STATE_DB_FILE} (the old file is kept as ${MIGRATED_LEGACY_FILE})`]
      : []),
    '',
    'Use it with @voximplant/apiclient-nodejs (Node reads the CA variable only at start):',
    `  NODE_EXTRA_CA_CERTS=${sandbox.caCertFile} node your-script.js`,
    `  new VoximplantApiClient({ pathToCredentials: '${sandbox.credentialsFile}', host: '${sandbox.host}' })`,
    "Switch faults on from another shell (the /_sandbox endpoints need the account's token, valid 64 s):",
    `  curl --cacert ${sandbox.caCertFile} -H "Authorization: $(npx voxmask sandbox --authorization --dir ${sandbox.dir})" \\`,
    `    -X POST ${url}/_sandbox/faults -d '{"rateLimit":{"everyNth":3,"mode":"http429"}}'`,
    '',
    'Press Ctrl-C to stop (the state is kept).',
    '',
  ];
  return lines.join('\n');
}
