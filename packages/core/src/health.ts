import { z } from 'zod';

export const ZComponentHealthSchema = z.object({
  status: z.enum(['up', 'down']),
  latencyMs: z.number().nonnegative().optional(),
  /** Why the component is down, in words an operator can act on. */
  reason: z.string().optional(),
});
export type TComponentHealth = z.infer<typeof ZComponentHealthSchema>;

export const ZHealthResponseSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  database: ZComponentHealthSchema,
  queue: ZComponentHealthSchema,
});
export type THealthResponse = z.infer<typeof ZHealthResponseSchema>;

/** Liveness: the process answers; it says nothing about the database (that is readiness). */
export const ZLivenessResponseSchema = z.object({
  status: z.literal('alive'),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
});
export type TLivenessResponse = z.infer<typeof ZLivenessResponseSchema>;
