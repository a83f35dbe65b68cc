/**
 * Maps `items` through `work` with at most `limit` calls in flight, keeping the input order.
 * A Bootstrap Servers list may be long: resolving or dialling every entry at once would queue
 * on libuv's four DNS threads and open a burst of sockets.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
