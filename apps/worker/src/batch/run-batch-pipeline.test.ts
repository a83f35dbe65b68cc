import type { TKafkaMessage } from '@tributary/core';
import type { RowBatch } from '@tributary/sources';
import { describe, expect, it } from 'vitest';
import { runBatchPipeline } from './run-batch-pipeline.ts';

const batchOf = (from: number, count: number): RowBatch => ({
  records: Array.from({ length: count }, (_, i) => ({ rowNumber: from + i, values: { id: from + i } })),
  errors: [],
});

describe('runBatchPipeline', () => {
  it('ends CANCELLED when the source stops early because the run was aborted', async () => {
    const controller = new AbortController();
    const sent: TKafkaMessage[] = [];
    async function* source() {
      yield batchOf(1, 10);
      controller.abort();
      // A database reader returns quietly once aborted instead of throwing.
    }
    const outcome = await runBatchPipeline({
      batches: source(),
      toMessage: (row) => ({ key: null, value: JSON.stringify(row) }),
      sink: { send: async (messages) => void sent.push(...messages) },
      onBatch: async () => undefined,
      signal: controller.signal,
    });
    expect(outcome).toEqual({ status: 'CANCELLED', progress: { rowsRead: 10, rowsProduced: 10, rowsFailed: 0 } });
    expect(sent).toHaveLength(10);
  });

  it('counts on from the progress a resumed run starts with, and applies the error limit to the total', async () => {
    async function* source() {
      yield { records: [], errors: [{ rowNumber: 41, sourceText: 'x', reason: 'bad' }] };
    }
    const outcome = await runBatchPipeline({
      batches: source(),
      toMessage: (row) => ({ key: null, value: JSON.stringify(row) }),
      sink: { send: async () => undefined },
      onBatch: async () => undefined,
      errorLimit: 2,
      initialProgress: { rowsRead: 40, rowsProduced: 38, rowsFailed: 2 },
    });
    expect(outcome).toEqual({
      status: 'FAILED',
      progress: { rowsRead: 41, rowsProduced: 38, rowsFailed: 3 },
      reason: '3 rows failed, more than the error limit of 2',
    });
  });

  it('reads one batch ahead but saves each batch with its own last row, after Kafka acknowledged it', async () => {
    const events: string[] = [];
    async function* source() {
      for (const from of [1, 11, 21]) {
        events.push(`read ${from + 9}`);
        yield batchOf(from, 10);
      }
    }
    const outcome = await runBatchPipeline({
      batches: source(),
      toMessage: (row) => ({ key: null, value: JSON.stringify(row) }),
      sink: {
        send: async (messages) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          events.push(`acknowledged ${JSON.parse(messages.at(-1)!.value).id}`);
        },
      },
      onBatch: async (progress, _failures, lastRowNumber) =>
        void events.push(`saved ${lastRowNumber} (${progress.rowsProduced} produced)`),
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', progress: { rowsRead: 30, rowsProduced: 30, rowsFailed: 0 } });
    expect(events).toEqual([
      'read 10',
      'read 20',
      'acknowledged 10',
      'saved 10 (10 produced)',
      'read 30',
      'acknowledged 20',
      'saved 20 (20 produced)',
      'acknowledged 30',
      'saved 30 (30 produced)',
    ]);
  });

  it('fails with a read error only after the batch before it was acknowledged and saved', async () => {
    const saved: Array<number | undefined> = [];
    async function* source() {
      yield batchOf(1, 10);
      throw new Error('the connection to the source was lost');
    }
    const run = runBatchPipeline({
      batches: source(),
      toMessage: (row) => ({ key: null, value: JSON.stringify(row) }),
      sink: { send: () => new Promise((resolve) => setTimeout(resolve, 5)) },
      onBatch: async (_progress, _failures, lastRowNumber) => void saved.push(lastRowNumber),
    });
    await expect(run).rejects.toThrow('the connection to the source was lost');
    expect(saved).toEqual([10]);
  });
});
