import { randomUUID } from 'node:crypto';
import type { TJobDetail } from '@tributary/core';
import { Kafka, logLevel } from 'kafkajs';
import type { TestServer } from '../src/testing.ts';

export type Message = { key: string | null; value: string };

export function kafkaAdmin(brokers: string) {
  const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING });
  return {
    async createTopic(topic: string) {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
      await admin.disconnect();
    },
    async listTopics(): Promise<string[]> {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return await admin.listTopics();
      } finally {
        await admin.disconnect();
      }
    },
    /** Every message of the topic, read from the beginning until its end offsets. */
    async readTopic(topic: string): Promise<Message[]> {
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.disconnect();
      const total = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
      const received: Message[] = [];
      if (total === 0) return received;
      const consumer = kafka.consumer({ groupId: `check-${randomUUID()}` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${total} messages`)), 60_000);
          void consumer.run({
            eachMessage: async ({ message }) => {
              received.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '' });
              if (received.length >= total) {
                clearTimeout(timer);
                resolve();
              }
            },
          });
        });
      } finally {
        await consumer.disconnect();
      }
      return received;
    },
  };
}

export const sortMessages = (messages: Message[]) =>
  [...messages].sort((a, b) => `${a.key}\u0000${a.value}`.localeCompare(`${b.key}\u0000${b.value}`));

export async function uploadFile(server: TestServer, name: string, text: string, contentType = 'text/csv') {
  const response = await server.inject({
    method: 'POST',
    url: `/api/source-files?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': contentType },
    payload: text,
  });
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.body}`);
  return response.json() as { fileId: string; name: string; size: number };
}

export async function startJob(server: TestServer, syncId: string): Promise<string> {
  const response = await server.inject({ method: 'POST', url: '/api/jobs', payload: { syncId } });
  if (response.statusCode !== 201) throw new Error(`start failed: ${response.body}`);
  return (response.json() as { id: string }).id;
}

export async function getJob(server: TestServer, jobId: string): Promise<TJobDetail> {
  return (await server.inject({ method: 'GET', url: `/api/jobs/${jobId}` })).json() as TJobDetail;
}

/** Polls the job until `done` says so (or it finished), for at most `seconds`. */
export async function waitForJob(
  server: TestServer,
  jobId: string,
  done: (job: TJobDetail) => boolean = (job) => job.finishedAt !== null,
  seconds = 120,
): Promise<TJobDetail> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const job = await getJob(server, jobId);
    if (done(job) || job.finishedAt !== null) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} (${job.rowsProduced} produced)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const plainDestination = (bootstrapServers: string, topic: string) => ({
  type: 'kafka-topic',
  bootstrapServers,
  topic,
  sasl: { mechanism: 'NONE' },
});
