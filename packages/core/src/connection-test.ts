import { z } from 'zod';
import { ZKafkaDestinationInputSchema } from './destination/kafka-destination.ts';

/** The steps of Test Connection, in the order they run. */
export const CONNECTION_TEST_STEPS = [
  'resolve',
  'tcp',
  'tls',
  'sasl',
  'metadata',
  'topic',
  'write-permission',
] as const;
export const ZConnectionTestStepNameSchema = z.enum(CONNECTION_TEST_STEPS);
export type TConnectionTestStepName = z.infer<typeof ZConnectionTestStepNameSchema>;

export const CONNECTION_TEST_STEP_LABELS: Record<TConnectionTestStepName, string> = {
  resolve: 'Resolve host',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  sasl: 'SASL authentication',
  metadata: 'Cluster metadata',
  topic: 'Topic',
  'write-permission': 'Permission to write',
};

export const ZConnectionTestStepSchema = z.object({
  step: ZConnectionTestStepNameSchema,
  status: z.enum(['passed', 'failed', 'skipped', 'warning']),
  durationMs: z.number().nonnegative(),
  /** What happened, in plain words; never a secret. */
  detail: z.string(),
  /** Kafka's error name (e.g. `TOPIC_AUTHORIZATION_FAILED`) or the system error code. */
  errorCode: z.string().optional(),
});
export type TConnectionTestStep = z.infer<typeof ZConnectionTestStepSchema>;

export const ZConnectionTestResultSchema = z.object({
  isSuccessful: z.boolean(),
  failedStep: ZConnectionTestStepNameSchema.optional(),
  /** The headline: what failed and why, or what was found. */
  message: z.string(),
  /** What the operator can do about it. */
  hint: z.string().optional(),
  steps: z.array(ZConnectionTestStepSchema),
  cluster: z
    .object({ clusterId: z.string(), brokerCount: z.number().int(), controllerId: z.number().int() })
    .optional(),
  topic: z.object({ name: z.string(), partitions: z.number().int(), replicationFactor: z.number().int() }).optional(),
  warnings: z.array(z.string()).default([]),
});
export type TConnectionTestResult = z.infer<typeof ZConnectionTestResultSchema>;

/** `POST /api/connections/test`: the form's destination (blank secrets use the sync's stored ones). */
export const ZConnectionTestRequestSchema = z
  .object({
    destination: ZKafkaDestinationInputSchema.optional(),
    syncId: z.uuid('syncId must be a UUID').optional(),
  })
  .refine((body) => body.destination || body.syncId, 'Give a destination, a syncId, or both');
export type TConnectionTestRequest = z.input<typeof ZConnectionTestRequestSchema>;

export const ZConnectionTestResponseSchema = ZConnectionTestResultSchema.extend({
  /** Id of the stored log of this attempt: `GET /api/connection-logs/:id`. */
  logId: z.uuid(),
});
export type TConnectionTestResponse = z.infer<typeof ZConnectionTestResponseSchema>;

/** The stored log of one attempt (`GET /api/connection-logs/:id`): every step, never a secret. */
export const ZConnectionTestLogSchema = ZConnectionTestResultSchema.extend({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  syncId: z.uuid().nullable(),
  /** The destination as tested, secrets shown only as set or not set. */
  destination: z.record(z.string(), z.unknown()),
});
export type TConnectionTestLog = z.infer<typeof ZConnectionTestLogSchema>;
