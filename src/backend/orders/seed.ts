import { OrderInputError } from './errors';
import type { OrderStore, OrderWriteStatus } from './order-store';
import { runPool } from './pool';
import type { SeedRow } from './seed-file';

/** What happened to one row. */
export type RowOutcome =
  | { line: number; orderId: string; kind: OrderWriteStatus; pin: string }
  | { line: number; orderId?: string; kind: 'rejected' | 'failed'; reason: string };

/** The final tally of a seed run. `written` = created + updated. */
export interface SeedSummary {
  total: number;
  written: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused for their content, with line and reason: fix the file. */
  rejected: { line: number; orderId?: string; reason: string }[];
  /** Rows that were valid but could not be written (API errors after retries, no free PIN): run again. */
  failed: { line: number; orderId: string; reason: string }[];
  durationMs: number;
}

export interface SeedOptions {
  store: OrderStore;
  /** Orders written at the same time (each is a few sequential API calls). */
  concurrency: number;
  /** Called after each row, e.g. to move a progress bar. */
  onRow?: (outcome: RowOutcome) => void;
  /** Clock for durationMs (default Date.now). */
  now?: () => number;
}

/**
 * Exit codes of `voxmask seed` (a bit set, so both problems can be reported at once):
 * 0 every row written or unchanged; 2 some rows rejected (bad content, see the line numbers);
 * 4 some rows failed to write (platform errors; re-running is safe, it is idempotent); 6 both.
 * 1 is reserved for a run that could not start (bad file, configuration or credentials).
 */
export const SEED_EXIT = { ok: 0, fatal: 1, rejected: 2, failed: 4 } as const;

/** The exit code for a summary (see SEED_EXIT). */
export function seedExitCode(summary: SeedSummary): number {
  return (summary.rejected.length > 0 ? SEED_EXIT.rejected : 0) | (summary.failed.length > 0 ? SEED_EXIT.failed : 0);
}

/**
 * Writes every valid row through the order store with bounded concurrency. A row whose order id
 * already appeared earlier in the file is rejected (one order, one row), so no row is silently
 * merged; a row that could not be parsed is rejected with its parse error.
 */
export async function seedRows(rows: readonly SeedRow[], options: SeedOptions): Promise<SeedSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const summary: SeedSummary = { total: rows.length, written: 0, created: 0, updated: 0, unchanged: 0, rejected: [], failed: [], durationMs: 0 };
  const record = (outcome: RowOutcome) => {
    if (outcome.kind === 'rejected') summary.rejected.push({ line: outcome.line, orderId: outcome.orderId, reason: outcome.reason });
    else if (outcome.kind === 'failed') summary.failed.push({ line: outcome.line, orderId: outcome.orderId ?? '', reason: outcome.reason });
    else {
      summary[outcome.kind] += 1;
      if (outcome.kind !== 'unchanged') summary.written += 1;
    }
    options.onRow?.(outcome);
  };

  const firstLine = new Map<string, number>();
  const work: { line: number; input: Extract<SeedRow, { input: unknown }>['input'] }[] = [];
  for (const row of rows) {
    if ('error' in row) {
      record({ line: row.line, kind: 'rejected', reason: row.error });
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

  await runPool(work, options.concurrency, async ({ line, input }) => {
    try {
      const result = await options.store.createOrder(input);
      record({ line, orderId: result.orderId, kind: result.status, pin: result.pin });
    } catch (err) {
      const orderId = typeof input.orderId === 'string' ? input.orderId : undefined;
      const reason = err instanceof Error ? err.message : String(err);
      record(err instanceof OrderInputError ? { line, orderId, kind: 'rejected', reason } : { line, orderId, kind: 'failed', reason });
    }
  });
  summary.rejected.sort((a, b) => a.line - b.line);
  summary.failed.sort((a, b) => a.line - b.line);
  summary.durationMs = now() - started;
  return summary;
}

/** The summary as printed at the end of `voxmask seed`: counts, then each rejected and failed row. */
export function formatSeedSummary(summary: SeedSummary): string[] {
  const lines = [
    `Seeded ${summary.total} row(s) in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.written} written (${summary.created} new, ${summary.updated} updated), ${summary.unchanged} unchanged, ${summary.rejected.length} rejected, ${summary.failed.length} failed`,
  ];
  for (const r of summary.rejected) lines.push(`  rejected line ${r.line}${r.orderId ? ` (order ${r.orderId})` : ''}: ${r.reason}`);
  for (const f of summary.failed) lines.push(`  failed   line ${f.line} (order ${f.orderId}): ${f.reason}`);
  return lines;
}
