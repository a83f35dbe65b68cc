import type { TConnectionTestResult, TKafkaDestination } from '@tributary/core';
import kafkajs, { type Admin } from 'kafkajs';
import { StepFailure } from './step-log.ts';

// kafkajs is CommonJS; Node's ESM loader does not see all of its named exports.
const { ConfigResourceTypes } = kafkajs;

export interface TopicFinding {
  /** False when the topic is missing but the cluster creates it on the first write. */
  exists: boolean;
  detail: string;
  status: 'passed' | 'warning';
  topic?: NonNullable<TConnectionTestResult['topic']>;
  warning?: string;
}

/** Whether the destination's topic exists (or will be auto-created), with its partitions. */
export async function checkTopic(
  admin: Admin,
  destination: TKafkaDestination,
  brokerId: string,
): Promise<TopicFinding> {
  const topics = await admin.listTopics();
  if (!topics.includes(destination.topic)) {
    const autoCreate = await readBrokerConfig(admin, brokerId, 'auto.create.topics.enable');
    if (autoCreate === 'true') {
      const note = `Topic ${destination.topic} does not exist yet; the cluster creates it on the first write (auto.create.topics.enable=true) with its default partitions.`;
      return { exists: false, detail: note, status: 'warning', warning: note };
    }
    throw new StepFailure(
      'topic',
      `Topic ${destination.topic} does not exist${autoCreate === 'false' ? ' and the cluster does not auto-create topics' : ' (or this principal may not see it)'}.`,
      'Create the topic (or ask the cluster admin to), or correct the Topic Name.',
      { errorCode: 'UNKNOWN_TOPIC_OR_PARTITION' },
    );
  }
  const metadata = await admin.fetchTopicMetadata({ topics: [destination.topic] });
  const partitions = metadata.topics[0]?.partitions ?? [];
  const replicationFactor = Math.max(0, ...partitions.map((partition) => partition.replicas.length));
  return {
    exists: true,
    detail: `${partitions.length} partition(s), replication factor ${replicationFactor}`,
    status: 'passed',
    topic: { name: destination.topic, partitions: partitions.length, replicationFactor },
  };
}

async function readBrokerConfig(admin: Admin, brokerId: string, name: string): Promise<string | undefined> {
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: brokerId, configNames: [name] }],
    });
    return described.resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
  } catch {
    return undefined;
  }
}
