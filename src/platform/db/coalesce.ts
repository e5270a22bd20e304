/**
 * Group commit for independent single-statement writes (and batching for independent reads). Under load every request's insert would be its own
 * commit, and a commit waits for its WAL flush: at a few hundred writes a second the database spends more
 * time flushing than inserting. A coalescer sends the first write at once; writes that arrive while
 * `maxInFlight` statements are still out wait and then go together as one statement (up to `maxBatch`).
 * A quiet system therefore sees no added latency, and a busy one commits many rows per flush.
 *
 * A batch is one statement, so it commits or fails as a whole. When it fails, its items are sent again one
 * by one, so that each caller gets its own write's outcome: one bad row never fails the others.
 */
export type Coalescer<T, R = void> = (item: T) => Promise<R>;

/** `run` answers each batch with one result per item, in order (or nothing, for writes). */
export function createCoalescer<T, R = void>(
  run: (items: T[]) => Promise<R[] | undefined | void>,
  options: { maxInFlight: number; maxBatch: number },
): Coalescer<T, R> {
  type Waiting = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };
  const queue: Waiting[] = [];
  let inFlight = 0;

  const settleAlone = (waiting: Waiting) =>
    run([waiting.item]).then((results) => waiting.resolve(results?.[0] as R), waiting.reject);

  const send = async (batch: Waiting[]) => {
    try {
      const results = await run(batch.map((waiting) => waiting.item));
      for (const [i, waiting] of batch.entries()) waiting.resolve(results?.[i] as R);
    } catch (error) {
      if (batch.length === 1) batch[0]?.reject(error);
      else for (const waiting of batch) await settleAlone(waiting);
    }
  };

  const pump = () => {
    while (inFlight < options.maxInFlight && queue.length) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
