/**
 * The measuring process of sandbox-calls.bench.ts: `node --expose-gc sandbox-calls-child.js <bundle file>`.
 * Runs in a process of its own so that its RSS is the sandbox's alone (not the other benches'); prints
 * one JSON line (CallsFigures) on stdout.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { placeConcurrentCalls, startRushSandbox } from './rush-sandbox';

/** RSS and V8 heap after a number of placed calls, MB (after a full garbage collection). */
export interface MemoryPoint {
  calls: number;
  rssMb: number;
  heapMb: number;
}

export interface CallsFigures {
  memory: MemoryPoint[];
  /** `ended`: sessions that ended with 'Normal termination'; `withOneResult`: sessions whose result was posted exactly once. */
  rush: { calls: number; wallMs: number; ended: number; withOneResult: number; finishReasons: Record<string, number> };
}

/** Orders seeded; the memory stream calls each once. */
export const STREAM_CALLS = 10_000;
/** Concurrent calls per request in the memory stream: what one `POST /_sandbox/calls` may place (MAX_CALLS_PER_REQUEST). */
export const STREAM_BATCH = 100;
/** Calls at one moment in the rush hour. */
export const RUSH_CALLS = 1000;
/** Where the memory stream reports. */
export const MEMORY_POINTS = [1000, 2000, 5000, 10_000];
/** Garbage collections before a memory figure, and the wall ms after each (for the weak callbacks). */
const SETTLE_ROUNDS = 4;
const SETTLE_MS = 50;

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const code = readFileSync(process.argv[2], 'utf8');
  const rush = await startRushSandbox(STREAM_CALLS, code);
  try {
    const memory: MemoryPoint[] = [];
    const measureAt = async (calls: number): Promise<void> => {
      // A finished session's VoxEngine context is freed by a weak callback after a GC: let them run,
      // or RSS counts contexts that are already garbage (±100 MB from one measurement to the next).
      for (let round = 0; round < SETTLE_ROUNDS; round++) {
        gc();
        await delay(SETTLE_MS);
      }
      const usage = process.memoryUsage();
      memory.push({ calls, rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20 });
    };
    await measureAt(0);
    for (let placed = 0; placed < STREAM_CALLS; placed += STREAM_BATCH) {
      await placeConcurrentCalls(rush, rush.orders.slice(placed, placed + STREAM_BATCH));
      if (MEMORY_POINTS.includes(placed + STREAM_BATCH)) await measureAt(placed + STREAM_BATCH);
    }
    // Rush hour: the first RUSH_CALLS orders' couriers call again, all at once.
    const { sessions, wallMs } = await placeConcurrentCalls(rush, rush.orders.slice(0, RUSH_CALLS));
    const finishReasons: Record<string, number> = {};
    for (const s of sessions) finishReasons[s.finishReason] = (finishReasons[s.finishReason] ?? 0) + 1;
    const figures: CallsFigures = {
      memory,
      rush: {
        calls: RUSH_CALLS,
        wallMs,
        ended: sessions.filter((s) => s.finishReason === 'Normal termination').length,
        withOneResult: sessions.filter((s) => rush.resultsBySession.get(s.sessionId) === 1).length,
        finishReasons,
      },
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await rush.close();
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  });
}
