/**
 * Yields the items of `source` in order while the next one is already being read: the source
 * works on item n+1 while the consumer handles item n, and never further ahead, so at most two
 * items are in memory at once. An error of the source surfaces when the consumer asks for that
 * item, after it has finished with the ones before. When the consumer stops early (break, throw),
 * the read in progress is awaited and the source is closed, so its `finally` runs.
 */
export async function* prefetchOne<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined = iterator.next();
  let isDone = false;
  try {
    while (true) {
      const current: Promise<IteratorResult<T>> = pending;
      pending = undefined;
      const result = await current;
      if (result.done) {
        isDone = true;
        return;
      }
      pending = iterator.next();
      // Held until the consumer asks for it; without a handler now, a failed read would count as
      // an unhandled rejection while the consumer is still busy with this item.
      pending.catch(() => undefined);
      yield result.value;
    }
  } finally {
    if (!isDone) {
      // An async generator queues return() behind the read in progress; wait for that read so the
      // source's cleanup runs before this one ends, whatever the read came to.
      await pending?.catch(() => undefined);
      await iterator.return?.();
    }
  }
}
