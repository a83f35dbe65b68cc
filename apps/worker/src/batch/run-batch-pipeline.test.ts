import type { TKafkaMessage } from '@tributary/core';
import type { RowBatch } from '@tributary/sources';
import { MappingError } from '@tributary/mapping';
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
      sink: {
        send: async (messages) => {
          sent.push(...messages);
          return [];
        },
      },
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
      sink: { send: async () => [] },
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
          return [];
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

  it('reports a message the topic refused as a failure of its source row, in row order with the mapping failures', async () => {
    const saved: Array<{ produced: number; failures: Array<{ rowNumber: number; reason: string }> }> = [];
    async function* source() {
      yield batchOf(1, 6);
    }
    const outcome = await runBatchPipeline({
      batches: source(),
      toMessage: (row) => {
        if (row.id === 2) throw new MappingError('column "id": not mappable');
        return { key: String(row.id), value: JSON.stringify(row) };
      },
      // The send holds rows 1, 3, 4, 5, 6 (row 2 failed mapping): indexes 3 and 4 are rows 5 and 6.
      sink: { send: async () => [3, 4].map((index) => ({ index, reason: `refused #${index}` })) },
      onBatch: async (progress, failures) =>
        void saved.push({
          produced: progress.rowsProduced,
          failures: failures.map(({ rowNumber, reason }) => ({ rowNumber, reason })),
        }),
    });
    expect(outcome).toEqual({
      status: 'SUCCEEDED_WITH_ERRORS',
      progress: { rowsRead: 6, rowsProduced: 3, rowsFailed: 3 },
    });
    expect(saved).toEqual([
      {
        produced: 3,
        failures: [
          { rowNumber: 2, reason: 'column "id": not mappable' },
          { rowNumber: 5, reason: 'refused #3' },
          { rowNumber: 6, reason: 'refused #4' },
        ],
      },
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
      sink: { send: () => new Promise((resolve) => setTimeout(() => resolve([]), 5)) },
      onBatch: async (_progress, _failures, lastRowNumber) => void saved.push(lastRowNumber),
    });
    await expect(run).rejects.toThrow('the connection to the source was lost');
    expect(saved).toEqual([10]);
  });
});
