export type { KafkaTestEnv, TestCredentials, TestEnv } from './test-env.ts';
