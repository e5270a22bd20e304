import { describe, expect, it } from 'vitest';
import { createCoalescer } from './coalesce.ts';

/** A write whose statements finish only when the test says so. */
function controlledWrite(fails: (item: number) => boolean = () => false) {
  const calls: number[][] = [];
  const finishers: Array<() => void> = [];
  const write = (items: number[]) => {
    calls.push(items);
    return new Promise<void>((resolve, reject) => {
      finishers.push(() => (items.some(fails) ? reject(new Error(`bad item in ${items.join(',')}`)) : resolve()));
    });
  };
  const finishNext = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { calls, write, finishNext };
}

describe('createCoalescer', () => {
  it('sends a lone write at once, without waiting for company', async () => {
    const { calls, write, finishNext } = controlledWrite();
    const coalesce = createCoalescer(write, { maxInFlight: 2, maxBatch: 10 });
    const done = coalesce(1);
    expect(calls).toEqual([[1]]);
    await finishNext();
    await expect(done).resolves.toBeUndefined();
  });

  it('queues writes behind the ones in flight and sends them together, at most maxBatch at a time', async () => {
    const { calls, write, finishNext } = controlledWrite();
    const coalesce = createCoalescer(write, { maxInFlight: 2, maxBatch: 3 });
    const results = [1, 2, 3, 4, 5, 6, 7].map((item) => coalesce(item));
    expect(calls).toEqual([[1], [2]]);
    await finishNext();
    expect(calls).toEqual([[1], [2], [3, 4, 5]]);
    await finishNext();
    expect(calls).toEqual([[1], [2], [3, 4, 5], [6, 7]]);
    await finishNext();
    await finishNext();
    await Promise.all(results);
    expect(calls.flat().sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('retries a failed batch item by item, so only the bad write fails', async () => {
    const { calls, write, finishNext } = controlledWrite((item) => item === 4);
    const coalesce = createCoalescer(write, { maxInFlight: 1, maxBatch: 10 });
    const results = [1, 2, 3, 4, 5].map((item) =>
      coalesce(item).then(
        () => 'ok',
        (error: Error) => error.message,
      ),
    );
    await finishNext(); // [1]
    await finishNext(); // [2,3,4,5] fails, then each alone
    for (let i = 0; i < 4; i++) await finishNext();
    expect(await Promise.all(results)).toEqual(['ok', 'ok', 'ok', 'bad item in 4', 'ok']);
    expect(calls).toEqual([[1], [2, 3, 4, 5], [2], [3], [4], [5]]);
  });

  it('keeps going after a failure: later writes are sent', async () => {
    const { calls, write, finishNext } = controlledWrite((item) => item === 1);
    const coalesce = createCoalescer(write, { maxInFlight: 1, maxBatch: 10 });
    const first = coalesce(1).catch((error: Error) => error.message);
    const second = coalesce(2);
    await finishNext();
    expect(await first).toBe('bad item in 1');
    await finishNext();
    await expect(second).resolves.toBeUndefined();
    expect(calls).toEqual([[1], [2]]);
  });
});
