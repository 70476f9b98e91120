/** Runs an async job per item with at most `concurrency` in flight and hands the results over in item
 *  order, so a reader can append them to a file or array as they come while memory stays bounded (at
 *  most `concurrency` results wait). Written here because p-limit and p-map bound the concurrency but
 *  deliver results out of order or all at the end. */
export async function orderedPool<T, R>(
  items: readonly T[],
  concurrency: number,
  job: (item: T, index: number) => Promise<R>,
  deliver: (result: R, index: number) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const pending = new Map<number, Promise<R>>();
  let next = 0;
  const launch = () => {
    while (next < items.length && pending.size < concurrency) {
      const i = next++;
      const p = job(items[i], i);
      p.catch(() => {}); // awaited in order below; this only keeps an early failure from being unhandled
      pending.set(i, p);
    }
  };
  for (let i = 0; i < items.length; i++) {
    signal?.throwIfAborted();
    launch();
    const result = await pending.get(i)!;
    pending.delete(i);
    await deliver(result, i);
  }
}
