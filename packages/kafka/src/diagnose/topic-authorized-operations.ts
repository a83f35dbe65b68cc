import type { Kafka } from 'kafkajs';
import Decoder from 'kafkajs/src/protocol/decoder.js';
import Encoder from 'kafkajs/src/protocol/encoder.js';

const METADATA_API_KEY = 3;
/** Metadata v8 is the first with `include_topic_authorized_operations` (KIP-430) and is not yet a flexible version. */
const METADATA_VERSION = 8;
/** Bit positions are Kafka's AclOperation codes. */
const ACL_OPERATIONS = {
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
} as const;
/** What the broker sends when it was not asked for, or cannot tell, the operations. */
const OPERATIONS_UNKNOWN = -2147483648;

export interface TopicAuthorizedOperations {
  /** Kafka error code of the topic in the answer (0 = none). */
  errorCode: number;
  /** Operations the connected principal may perform on the topic; undefined when the broker cannot say. */
  operations: string[] | undefined;
}

interface KafkajsBroker {
  versions: Record<number, { minVersion: number; maxVersion: number }> | null;
  connectionPool: {
    send(request: {
      request: unknown;
      response: unknown;
    }): Promise<{ topics: Array<{ errorCode: number; name: string | null; operations: number }> }>;
  };
}
interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  brokerPool: { seedBroker: KafkajsBroker | undefined };
}

/**
 * kafkajs does not expose its cluster factory, but it is an own property of the Kafka instance
 * keyed by a described symbol; using it gives a connection authenticated exactly as the
 * producer's would be.
 */
function createCluster(kafka: Kafka): KafkajsCluster {
  const key = Object.getOwnPropertySymbols(kafka).find(
    (symbol) => symbol.description === 'private:Kafka:createCluster',
  );
  const factory = key ? (kafka as unknown as Record<symbol, unknown>)[key] : undefined;
  if (typeof factory !== 'function') throw new Error('this kafkajs version does not expose its cluster factory');
  return (factory as (options: object) => KafkajsCluster)({ allowAutoTopicCreation: false, metadataMaxAge: 300_000 });
}

function metadataV8Request(topic: string) {
  return {
    request: {
      apiKey: METADATA_API_KEY,
      apiVersion: METADATA_VERSION,
      apiName: 'Metadata',
      encode: async () =>
        new Encoder().writeNullableArray([topic]).writeBoolean(false).writeBoolean(false).writeBoolean(true),
    },
    response: {
      decode: async (raw: Buffer) => {
        const decoder = new Decoder(raw);
        decoder.readInt32(); // throttle_time_ms
        decoder.readArray((d) => [d.readInt32(), d.readString(), d.readInt32(), d.readString()]);
        decoder.readString(); // cluster_id
        decoder.readInt32(); // controller_id
        const topics = decoder.readArray((d) => {
          const errorCode = d.readInt16();
          const name = d.readString();
          d.readBoolean(); // is_internal
          d.readArray((p) => {
            p.readInt16();
            p.readInt32();
            p.readInt32();
            p.readInt32();
            for (let i = 0; i < 3; i += 1) p.readArray((r) => r.readInt32());
          });
          return { errorCode, name, operations: d.readInt32() };
        });
        return { topics };
      },
      // Topic errors are answers here, not failures: the caller explains them.
      parse: async (data: unknown) => data,
    },
  };
}

export function decodeAclOperations(bits: number): string[] | undefined {
  if (bits === OPERATIONS_UNKNOWN) return undefined;
  return Object.entries(ACL_OPERATIONS)
    .filter(([, bit]) => (bits & (1 << bit)) !== 0)
    .map(([name]) => name);
}

/** Asks the broker which operations the connected principal may perform on `topic`, writing nothing. */
export async function fetchTopicAuthorizedOperations(kafka: Kafka, topic: string): Promise<TopicAuthorizedOperations> {
  const cluster = createCluster(kafka);
  try {
    await cluster.connect();
    const broker = cluster.brokerPool.seedBroker;
    const supported = broker?.versions?.[METADATA_API_KEY];
    if (!broker || !supported || supported.maxVersion < METADATA_VERSION)
      return { errorCode: 0, operations: undefined };
    const answer = await broker.connectionPool.send(metadataV8Request(topic));
    const found = answer.topics.find((entry) => entry.name === topic) ?? answer.topics[0];
    if (!found) return { errorCode: 0, operations: undefined };
    return { errorCode: found.errorCode, operations: decodeAclOperations(found.operations) };
  } finally {
    await cluster.disconnect();
  }
}
