export { ensureKafkaLib, kafkaCacheDir, KAFKA_VERSION } from './artifacts.ts';
export { brokerProperties, LOG4J2_CONFIG, type BrokerConfigInput, type ListenerPorts } from './broker-config.ts';
export { createTestCertificates } from './certificates.ts';
export { startLocalKafka, type LocalKafka } from './local-kafka.ts';
export { startTestTokenServer, type TestTokenServer } from './token-server.ts';
export { allocateListenerPorts, findFreePort } from './free-port.ts';
export { describeTestCluster, generateUserPasswords, scramCredentials } from './test-cluster.ts';
export {
  startLocalKafkaCluster,
  type ClusterBroker,
  type LocalKafkaCluster,
  type LocalKafkaClusterOptions,
} from './local-kafka-cluster.ts';
