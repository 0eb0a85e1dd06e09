import { InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { openConfiguredOrderStore } from '../../backend/orders';
import { formatSeedSummary, seedExitCode, seedRows } from '../../backend/orders/seed';
import { loadSeedFile, SeedFormat, seedFormatOf } from '../../backend/orders/seed-file';
import { loadConfig } from '../../config';
import { runOnTarget } from '../../platform/target';
import { defineCommand } from '../command';

/** Options of `voxmask seed`. */
export interface SeedCommandOptions {
  /** The orders file (CSV or JSON Lines). */
  file: string;
  config?: string;
  credentials?: string;
  defaultRegion?: string;
  format?: SeedFormat;
  concurrency?: number;
  /** Commander's `--no-update`: false refuses rows that would change an active order. */
  update: boolean;
  showNumbers?: boolean;
}

function parseRegion(value: string): string {
  if (!/^[A-Za-z]{2}$/.test(value))
    throw new InvalidArgumentError(`--default-region must be a two-letter ISO 3166 code such as DE, got "${value}"`);
  return value.toUpperCase();
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError(`--concurrency must be an integer 1..64, got "${value}"`);
  return n;
}

/**
 * `voxmask seed FILE`: writes the orders of a CSV or JSON Lines file into the application's
 * ApplicationStorage (order:<pin> and orderpin:<orderId>), idempotently, then prints a summary that
 * accounts for every line of the file: header, blank lines, and each order row written, unchanged,
 * updated (with what changed), rejected or failed, with its line. Phone numbers are masked in all of
 * it unless `--show-numbers`. Exit codes (src/backend/orders/seed.ts SEED_EXIT): 0 all written or
 * unchanged, or a header-only file (nothing to seed); 2 rows rejected; 4 rows failed on the platform;
 * 6 both; 1 the run could not start (e.g. an empty file, a bad header).
 */
export const command = defineCommand<SeedCommandOptions>({
  define: (program) =>
    program
      .command('seed')
      .description('write orders (CSV or JSON Lines) into the application as masked-call sessions')
      .argument('<file>', 'orders file: .csv (header row) or .jsonl/.ndjson (one order object per line)')
      .option('--config <file>', 'configuration file (default voxmask.config.json)')
      .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
      .option(
        '--default-region <XX>',
        'ISO 3166 region for phone numbers without a country code (default: deploy.seed.defaultRegion)',
        parseRegion,
      )
      .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']))
      .option('--concurrency <n>', 'orders written at the same time (default: deploy.seed.concurrency)', parseConcurrency)
      .option(
        '--no-update',
        'refuse rows whose order is already active with other parties, labels, settings or delivery time (default: update them under the same PIN and report it)',
      )
      .option('--show-numbers', 'print phone numbers in full in the report (local debugging only; masked by default)'),
  async run(options, io) {
    const { file } = options;
    const loaded = loadConfig(options.config);
    const config = loaded.deploy;
    const contents = loadSeedFile(file, options.format ?? seedFormatOf(file));
    if (options.showNumbers) io.stderr.write('voxmask: --show-numbers: phone numbers are printed in full\n');
    let code = 0;
    await runOnTarget(config, { credentialsFlag: options.credentials }, async (target) => {
      const store = await openConfiguredOrderStore(target.api, loaded, { defaultRegion: options.defaultRegion });
      const { rows } = contents;
      io.stderr.write(
        `Seeding ${rows.length} row(s) of ${contents.lineCount} line(s) from ${file} into ${config.applicationName} on ${target.description}\n`,
      );
      const bar =
        io.stderr.isTTY && rows.length > 0
          ? new SingleBar({
              stream: io.stderr as NodeJS.WritableStream,
              format: ' {bar} {value}/{total} rows  {eta_formatted} left',
              hideCursor: true,
            })
          : undefined;
      bar?.start(rows.length, 0);
      const summary = await seedRows(contents, {
        store,
        concurrency: options.concurrency ?? config.seed.concurrency,
        allowUpdate: options.update,
        onRow: () => bar?.increment(),
      });
      bar?.stop();
      for (const line of formatSeedSummary(summary, { showNumbers: options.showNumbers })) io.stdout.write(`${line}\n`);
      code = seedExitCode(summary);
    });
    return code;
  },
});
