/**
 * Runs `worker` over `items` with at most `concurrency` calls in flight, in input order of start.
 * A worker that throws stops only its own lane: the other lanes go on through the remaining items, and
 * once every lane has stopped, runPool rejects with the first error. Callers that want to record
 * failures per item catch inside the worker (seed does).
 * @throws RangeError when `concurrency` is not a positive integer; the first worker error otherwise
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index], index);
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failed) throw failed.reason;
}
