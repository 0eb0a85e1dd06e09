import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isColorSupported } from 'picocolors';
import { loadConfig } from '../../config';
import { virtualNumbersOf } from '../../config/deploy';
import { DEMO_DEFAULTS, runDemo } from '../../demo/run-demo';
import { chooseTarget } from '../../platform/target';
import { maskPhonesInJson } from '../../../contract/mask-text';
import { EXIT } from '../../errors';
import { defineCommand } from '../command';
import { addShowNumbersOption, outputMasker, parsePort, untilStopSignal } from '../options';

export interface StartOptions {
  once?: boolean;
  keep?: boolean;
  port: number;
  config?: string;
  script: string;
  feed: string;
  report?: string;
  showNumbers?: boolean;
}

/**
 * `voxmask start [--once] [--keep] [--port N] [--script FILE] [--feed FILE] [--config FILE] [--report FILE]`: the main
 * job end to end on the local sandbox (src/demo/run-demo.ts). With `--once` it exits when the calls are
 * done: 0 only if every call ended as the script expects. Without it the sandbox stays up (its clock
 * following the wall clock) until Ctrl-C or SIGTERM, and the command prints how to use it.
 * Each run starts from an empty sandbox unless `--keep` is given. Phone numbers are masked in
 * everything it prints and in the `--report` file (virtual numbers visible) unless `--show-numbers`.
 */
export const command = defineCommand<StartOptions>({
  define: (program) =>
    addShowNumbersOption(
      program
        .command('start')
        .description('run the whole chain on the local sandbox: deploy, seed the example feed, place the example calls')
        .option('--once', 'exit when the scripted calls are done (status 0 only if all ended as expected)')
        .option('--keep', 'reuse the sandbox state of the previous run instead of starting empty')
        .option('--port <n>', 'HTTPS port of the sandbox Management API (0 = any free port)', parsePort, 8443)
        .option('--config <file>', 'configuration file (default voxmask.config.json)')
        .option('--script <file>', 'the calls to place', DEMO_DEFAULTS.scriptFile)
        .option('--feed <file>', 'the dispatch feed to seed', DEMO_DEFAULTS.feedFile)
        .option('--report <file>', 'also write the per-call reports and the seeding summary as JSON'),
    ),
  async run(options, io) {
    const config = loadConfig(options.config);
    const choice = chooseTarget({ ...config.deploy, target: 'sandbox' });
    const caFile = choice.caCertFile!;
    const virtualNumbers = virtualNumbersOf(config.deploy);
    const mask = outputMasker(options.showNumbers, io.stderr);
    const out = (text: string) => io.stdout.write(mask(text, virtualNumbers));
    const run = await runDemo({
      config,
      choice,
      scriptFile: options.script,
      feedFile: options.feed,
      keep: options.keep === true,
      realTime: options.once !== true,
      port: options.once ? 0 : options.port,
      color: isColorSupported && io.stdout.isTTY === true,
      showNumbers: options.showNumbers,
      write: out,
    });
    if (options.report) {
      const report = { allAsExpected: run.allAsExpected, seed: run.seed, calls: run.reports };
      writeFileSync(
        options.report,
        `${JSON.stringify(options.showNumbers ? report : maskPhonesInJson(report, { keep: virtualNumbers }), null, 2)}\n`,
      );
    }
    if (options.once) {
      await run.close();
      out(
        run.allAsExpected
          ? '\nEvery call ended as the script expects.\n'
          : '\nSome calls did not end as the script expects (see ✗ above).\n',
      );
      return run.allAsExpected ? EXIT.OK : EXIT.USER_ERROR;
    }
    const tryCallFile = join(resolve(config.deploy.sandboxDir), 'try-call.json');
    if (run.tryCall) writeFileSync(tryCallFile, `${JSON.stringify(run.tryCall, null, 2)}\n`);
    out(
      [
        '',
        'The sandbox keeps running. Talk to it like to the real platform:',
        `  Management API   https://${run.sandbox.host}/platform_api`,
        `  browser phone    ${run.sandbox.webLink()}   (call, answer and read ladders in a browser; the link opens once)`,
        `  credentials      ${run.sandbox.credentialsFile}`,
        `  CA certificate   ${caFile}   (outside tools: NODE_EXTRA_CA_CERTS=${caFile}, curl --cacert)`,
        `  deploy again     npx voxmask deploy          (uses the running sandbox when deploy.sandboxHost is "${run.sandbox.host}")`,
        ...(run.tryCall
          ? [
              `  another call     npx voxmask call --sandbox ${run.sandbox.host} ${relative(process.cwd(), tryCallFile)}`,
              "                   (a seeded order's courier dials in through the rules; edit the file for other callers, PINs, callees)",
            ]
          : []),
        '  offline call     npx voxmask call examples/single-call.json   (the built bundle in a fresh emulator, no sandbox)',
        'Press Ctrl-C to stop; the state stays in the sandbox folder.',
        '',
      ].join('\n'),
    );
    await (io.untilStopped ?? untilStopSignal)();
    out('\nStopping the sandbox...\n');
    await run.close();
    return EXIT.OK;
  },
});
