import { EXIT } from '../../errors';
import { withPacer } from '../../platform/invoke';
import { AdaptivePacer, PacerStats } from '../../platform/retry';
import { maskPhonesInText } from '../../../contract/mask-text';
import { OrderInputError, OrderUpdateRefusedError } from './errors';
import type { BatchVerification, OrderStore, OrderWriteStatus } from './order-store';
import { formatPinSpace, PinSpaceReport } from './pin-space';
import { runPool } from './pool';
import type { SeedFileContents, SeedRow } from './seed-file';

/**
 * What happened to one row. `reason` shows phone numbers masked; `revealedReason` (when it differs)
 * has them in full, for `--show-numbers`. `changes` (updated rows): what an earlier seed of the same
 * order had otherwise, numbers masked.
 */
export type RowOutcome =
  | { line: number; orderId: string; kind: OrderWriteStatus; pin: string; changes?: string[] }
  | { line: number; orderId?: string; kind: 'rejected' | 'failed'; reason: string; revealedReason?: string };

/** A row refused or failed: where, which order, why. */
export interface RowProblem {
  line: number;
  orderId?: string;
  /** Phone numbers masked. */
  reason: string;
  /** The reason with numbers in full, when it differs; print only on request (`--show-numbers`). */
  revealedReason?: string;
}

/** The final tally of a seed run. `written` = created + updated. Every line of the file is in exactly one of the counts. */
export interface SeedSummary {
  /** Rows (lines other than the header and blank lines). */
  total: number;
  /** Physical lines of the file (= total when the rows did not come from a file). */
  lines: number;
  /** The CSV header's line, if any. */
  headerLine?: number;
  /** Blank lines, skipped. */
  blankLines: number[];
  written: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Orders rewritten under their PIN because an earlier seed had other data, with what changed (numbers masked). */
  updatedRows: { line: number; orderId: string; changes: string[] }[];
  /** Rows refused for their content, with line and reason: fix the file. */
  rejected: RowProblem[];
  /** Rows that were valid but could not be written (API errors after retries, no free PIN): run again. */
  failed: (RowProblem & { orderId: string })[];
  durationMs: number;
  /** The PIN space after the run (pin-space.ts): occupancy, a guesser's chance, the level. */
  pinSpace?: PinSpaceReport;
  /** Rate-limit refusals met and the pace (requests/s) the seeder settled at; `perS` undefined when never limited. */
  rateLimit: PacerStats;
  /**
   * The check after the writes (OrderStore.endBatch): orders moved to a new PIN after a collision with
   * another writer, and other writers' orders that met ours on a PIN; or the error that stopped the check.
   */
  verification: BatchVerification | { error: string };
}

export interface SeedOptions {
  store: OrderStore;
  /** Most orders written at the same time (each is two or more sequential API calls); the pacer keeps the request rate under a rate limit below that. */
  concurrency: number;
  /** Paces every request of the run (default: a new AdaptivePacer, which rides the platform's rate limit). */
  pacer?: AdaptivePacer;
  /**
   * false: a row whose order is already active with other data (another seed file re-pointed it) is
   * rejected instead of updated (`--no-update`). Default true.
   */
  allowUpdate?: boolean;
  /** Called after each row, e.g. to move a progress bar. */
  onRow?: (outcome: RowOutcome) => void;
  /** Clock for durationMs (default Date.now). */
  now?: () => number;
}

/**
 * Exit codes of `voxmask seed` (a bit set, so both problems can be reported at once):
 * 0 every row written or unchanged (also: a header-only file, nothing to seed); 2 some rows rejected
 * (bad content, see the line numbers); 4 some rows failed to write (platform errors; re-running is
 * safe, it is idempotent); 6 both. 1 is reserved for a run that could not start (bad or empty file,
 * configuration or credentials).
 */
export const SEED_EXIT = { ok: EXIT.OK, fatal: EXIT.USER_ERROR, rejected: EXIT.REJECTED, failed: EXIT.FAILED } as const;

/** The exit code for a summary (see SEED_EXIT); a check after the writes that could not run counts as failed. */
export function seedExitCode(summary: SeedSummary): number {
  const failed = summary.failed.length > 0 || 'error' in summary.verification;
  return (summary.rejected.length > 0 ? SEED_EXIT.rejected : 0) | (failed ? SEED_EXIT.failed : 0);
}

/**
 * Writes every valid row through the order store with bounded concurrency. A row whose order id
 * already appeared earlier in the file is rejected (one order, one row), so no row is silently
 * merged; a row that could not be parsed is rejected with its parse error. `source` is a loaded file
 * (loadSeedFile: its header and blank lines are counted too) or bare rows.
 * The rows are one batch of the store (OrderStore.beginBatch/endBatch: 2 requests per new order, a
 * collision check at the end), and every request is paced (withPacer) so that a rate limit is ridden
 * just under, with refused requests retried rather than counted as failed.
 */
export async function seedRows(source: readonly SeedRow[] | SeedFileContents, options: SeedOptions): Promise<SeedSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const file = isFileContents(source) ? source : undefined;
  const rows = file ? file.rows : (source as readonly SeedRow[]);
  const summary: SeedSummary = {
    total: rows.length,
    lines: file ? file.lineCount : rows.length,
    ...(file?.headerLine === undefined ? {} : { headerLine: file.headerLine }),
    blankLines: file ? [...file.blankLines] : [],
    written: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    updatedRows: [],
    rejected: [],
    failed: [],
    durationMs: 0,
    rateLimit: { refusals: 0 },
    verification: { moved: [], othersOnOurPins: [] },
  };
  const record = (outcome: RowOutcome) => {
    if (outcome.kind === 'rejected' || outcome.kind === 'failed') {
      const problem = {
        line: outcome.line,
        orderId: outcome.orderId,
        reason: outcome.reason,
        ...(outcome.revealedReason === undefined ? {} : { revealedReason: outcome.revealedReason }),
      };
      if (outcome.kind === 'rejected') summary.rejected.push(problem);
      else summary.failed.push({ ...problem, orderId: outcome.orderId ?? '' });
    } else {
      summary[outcome.kind] += 1;
      if (outcome.kind !== 'unchanged') summary.written += 1;
      if (outcome.kind === 'updated' && outcome.changes?.length)
        summary.updatedRows.push({ line: outcome.line, orderId: outcome.orderId, changes: outcome.changes });
    }
    options.onRow?.(outcome);
  };

  const firstLine = new Map<string, number>();
  const work: { line: number; input: Extract<SeedRow, { input: unknown }>['input'] }[] = [];
  for (const row of rows) {
    if ('error' in row) {
      record({
        line: row.line,
        kind: 'rejected',
        reason: row.error,
        ...(row.revealedError === undefined ? {} : { revealedReason: row.revealedError }),
      });
      continue;
    }
    const orderId = typeof row.input.orderId === 'string' ? row.input.orderId : undefined;
    const earlier = orderId === undefined ? undefined : firstLine.get(orderId);
    if (earlier !== undefined) {
      record({ line: row.line, orderId, kind: 'rejected', reason: `order id ${orderId} already appears on line ${earlier}` });
      continue;
    }
    if (orderId !== undefined) firstLine.set(orderId, row.line);
    work.push(row);
  }

  const pacer = options.pacer ?? new AdaptivePacer();
  await withPacer(pacer, async () => {
    if (work.length > 0) await options.store.beginBatch(work.length);
    try {
      await runPool(work, options.concurrency, async ({ line, input }) => {
        try {
          const result = await options.store.createOrder(input, { allowUpdate: options.allowUpdate ?? true });
          record({
            line,
            orderId: result.orderId,
            kind: result.status,
            pin: result.pin,
            ...(result.changes ? { changes: result.changes } : {}),
          });
        } catch (err) {
          const orderId = typeof input.orderId === 'string' ? input.orderId : undefined;
          const reason = err instanceof Error ? err.message : String(err);
          if (err instanceof OrderInputError)
            record({
              line,
              orderId,
              kind: 'rejected',
              reason,
              ...(err.revealedReason === err.reason ? {} : { revealedReason: `${err.field}: ${err.revealedReason}` }),
            });
          else if (err instanceof OrderUpdateRefusedError) record({ line, orderId, kind: 'rejected', reason });
          else record({ line, orderId, kind: 'failed', reason });
        }
      });
    } finally {
      summary.verification = await options.store.endBatch().catch((err: Error) => ({ error: err.message }));
    }
    summary.pinSpace = await options.store.pinSpace().catch(() => undefined);
  });
  summary.rateLimit = pacer.stats();
  summary.rejected.sort((a, b) => a.line - b.line);
  summary.failed.sort((a, b) => a.line - b.line);
  summary.updatedRows.sort((a, b) => a.line - b.line);
  summary.durationMs = now() - started;
  return summary;
}

/** `3, 5-9, 12` for ascending line numbers. */
function lineRanges(numbers: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    ranges.push(j === i ? `${numbers[i]}` : `${numbers[i]}-${numbers[j]}`);
    i = j;
  }
  return ranges.join(', ');
}

function isFileContents(source: readonly SeedRow[] | SeedFileContents): source is SeedFileContents {
  return !Array.isArray(source);
}

/** Options of formatSeedSummary. */
export interface SummaryFormatOptions {
  /** Print phone numbers in full (`--show-numbers`, local debugging). Default false: every line is masked. */
  showNumbers?: boolean;
}

/**
 * The summary as printed at the end of `voxmask seed`: counts (every line of the file in one of them),
 * a note when there was nothing to seed, then each updated, rejected and failed row with its line.
 * Every printed line passes through the phone masker unless `showNumbers`, so no number appears in
 * full whatever an error message quoted.
 */
export function formatSeedSummary(summary: SeedSummary, options: SummaryFormatOptions = {}): string[] {
  const blank = summary.blankLines.length;
  const lineNote =
    summary.lines === summary.total
      ? ''
      : ` (${summary.lines} line(s): ${summary.headerLine === undefined ? '' : '1 header, '}${blank} blank, ${summary.total} order row(s))`;
  const lines = [
    `Seeded ${summary.total} row(s)${lineNote} in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.written} written (${summary.created} new, ${summary.updated} updated), ${summary.unchanged} unchanged, ${summary.rejected.length} rejected, ${summary.failed.length} failed`,
  ];
  if (summary.total === 0)
    lines.push(`  nothing to seed: the file has ${summary.headerLine === undefined ? 'no order lines' : 'a header but no order rows'}`);
  if (blank > 0) lines.push(`  blank line(s) skipped: ${lineRanges(summary.blankLines)}`);
  for (const u of summary.updatedRows) lines.push(`  updated  line ${u.line} (order ${u.orderId}): ${u.changes.join('; ')}`);
  const reason = (p: RowProblem) => (options.showNumbers ? (p.revealedReason ?? p.reason) : p.reason);
  for (const r of summary.rejected) lines.push(`  rejected line ${r.line}${r.orderId ? ` (order ${r.orderId})` : ''}: ${reason(r)}`);
  for (const f of summary.failed) lines.push(`  failed   line ${f.line} (order ${f.orderId}): ${reason(f)}`);
  const check = summary.verification;
  if ('error' in check) lines.push(`  check after writing failed (re-run the seed; it is idempotent): ${check.error}`);
  else {
    if (check.moved.length > 0)
      lines.push(`  moved to a new PIN after a PIN collision with another writer: order(s) ${check.moved.join(', ')}`);
    if (check.othersOnOurPins.length > 0)
      lines.push(
        `  another writer's order(s) ${check.othersOnOurPins.join(', ')} met ours on a PIN: if one does not answer, seed it again`,
      );
  }
  if (summary.rateLimit.refusals > 0)
    lines.push(
      `  rate limit met ${summary.rateLimit.refusals} time(s), each refused request retried; settled at ${(summary.rateLimit.perS ?? 0).toFixed(1)} requests/s`,
    );
  if (summary.pinSpace) lines.push(...formatPinSpace(summary.pinSpace));
  return options.showNumbers ? lines : lines.map((line) => maskPhonesInText(line));
}
