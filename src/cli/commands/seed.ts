import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { openConfiguredOrderStore } from '../../backend/orders';
import { formatSeedSummary, seedExitCode, seedRows } from '../../backend/orders/seed';
import { readSeedFile, SeedFormat, seedFormatOf } from '../../backend/orders/seed-file';
import { loadConfig } from '../../config';
import { runOnTarget } from '../../platform/target';

/** Options of `voxmask seed`. */
interface SeedCommandOptions {
  config?: string;
  credentials?: string;
  defaultRegion?: string;
  format?: SeedFormat;
  concurrency?: number;
}

function parseRegion(value: string): string {
  if (!/^[A-Za-z]{2}$/.test(value)) throw new InvalidArgumentError(`--default-region must be a two-letter ISO 3166 code such as DE, got "${value}"`);
  return value.toUpperCase();
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError(`--concurrency must be an integer 1..64, got "${value}"`);
  return n;
}

/**
 * `voxmask seed FILE`: writes the orders of a CSV or JSON Lines file into the application's
 * ApplicationStorage (order:<pin> and orderpin:<orderId>), idempotently, then prints a summary with
 * every rejected or failed row. Exit codes (src/backend/orders/seed.ts SEED_EXIT): 0 all written or
 * unchanged; 2 rows rejected; 4 rows failed on the platform; 6 both; 1 the run could not start.
 */
export function register(program: Command): void {
  program
    .command('seed')
    .description('write orders (CSV or JSON Lines) into the application as masked-call sessions')
    .argument('<file>', 'orders file: .csv (header row) or .jsonl/.ndjson (one order object per line)')
    .option('--config <file>', 'configuration file (default voxmask.config.json)')
    .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
    .option('--default-region <XX>', 'ISO 3166 region for phone numbers without a country code (default: deploy.seed.defaultRegion)', parseRegion)
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'jsonl']))
    .option('--concurrency <n>', 'orders written at the same time (default: deploy.seed.concurrency)', parseConcurrency)
    .action(async (file: string, options: SeedCommandOptions) => {
      const loaded = loadConfig(options.config);
      const config = loaded.deploy;
      const rows = readSeedFile(file, options.format ?? seedFormatOf(file));
      await runOnTarget(config, options.credentials, async (target) => {
        const store = await openConfiguredOrderStore(target.api, loaded, { defaultRegion: options.defaultRegion });
        process.stderr.write(`Seeding ${rows.length} row(s) from ${file} into ${config.applicationName} on ${target.description}\n`);
        const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} rows  {eta_formatted} left', hideCursor: true }) : undefined;
        bar?.start(rows.length, 0);
        const summary = await seedRows(rows, { store, concurrency: options.concurrency ?? config.seed.concurrency, onRow: () => bar?.increment() });
        bar?.stop();
        for (const line of formatSeedSummary(summary)) process.stdout.write(`${line}\n`);
        process.exitCode = seedExitCode(summary);
      });
    });
}
