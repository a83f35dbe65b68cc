import { describe, expect, it } from 'vitest';
import { prefetchOne } from './prefetch-one.ts';

/** A source of `count` numbers that records what was read and whether its `finally` ran. */
function recordingSource(count: number, options: { failAt?: number } = {}) {
  const log: string[] = [];
  async function* source() {
    try {
      for (let i = 1; i <= count; i += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        if (i === options.failAt) throw new Error(`reading item ${i} failed`);
        log.push(`read ${i}`);
        yield i;
      }
    } finally {
      log.push('closed');
    }
  }
  return { log, items: source() };
}

/** Lets every pending read that can go on go on. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('prefetchOne', () => {
  it('yields every item in order and closes the source at the end', async () => {
    const { log, items } = recordingSource(5);
    const seen: number[] = [];
    for await (const item of prefetchOne(items)) seen.push(item);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(log.at(-1)).toBe('closed');
  });

  it('reads the next item while the consumer works on one, and never more than one ahead', async () => {
    const { log, items } = recordingSource(5);
    const seenWhileWorking: string[][] = [];
    for await (const item of prefetchOne(items)) {
      await settle();
      seenWhileWorking.push([...log]);
      if (item === 2) break;
    }
    expect(seenWhileWorking).toEqual([
      ['read 1', 'read 2'],
      ['read 1', 'read 2', 'read 3'],
    ]);
    // Stopping early waited for the read ahead and closed the source; nothing more was read.
    expect(log).toEqual(['read 1', 'read 2', 'read 3', 'closed']);
  });

  it('surfaces a read error only after the items before it were handled', async () => {
    const { log, items } = recordingSource(5, { failAt: 3 });
    const handled: number[] = [];
    const run = async () => {
      for await (const item of prefetchOne(items)) {
        await settle();
        handled.push(item);
      }
    };
    await expect(run()).rejects.toThrow('reading item 3 failed');
    expect(handled).toEqual([1, 2]);
    expect(log).toEqual(['read 1', 'read 2', 'closed']);
  });

  it('closes the source when the consumer throws, after the read in progress ends', async () => {
    const { log, items } = recordingSource(5);
    const run = async () => {
      for await (const item of prefetchOne(items)) {
        if (item === 1) throw new Error('producing failed');
      }
    };
    await expect(run()).rejects.toThrow('producing failed');
    expect(log).toEqual(['read 1', 'read 2', 'closed']);
  });

  it('ends when an aborted source ends, and closes it', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    async function* source() {
      try {
        for (let i = 1; !controller.signal.aborted; i += 1) {
          await new Promise((resolve) => setImmediate(resolve));
          yield i;
        }
      } finally {
        log.push('closed');
      }
    }
    const seen: number[] = [];
    for await (const item of prefetchOne(source())) {
      seen.push(item);
      if (item === 3) controller.abort();
    }
    // Item 4 was read ahead before the abort; the consumer still gets it, then the source stops.
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(log).toEqual(['closed']);
  });
});
