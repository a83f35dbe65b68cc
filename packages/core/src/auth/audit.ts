import { z } from 'zod';
import { storableText } from '../storable-text.ts';

/** Actions written to the audit trail; the admin screen offers them as filters. */
export const AUDIT_ACTIONS = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'user.create',
  'user.update',
  'user.password-reset',
  'user.sign-in-failures-cleared',
  'api-token.create',
  'api-token.revoke',
  'group.create',
  'group.update',
  'group.delete',
  'group.members',
  'sync.create',
  'sync.update',
  'sync.delete',
  'sync.permissions',
  'sync.apply',
  'job.start',
  'job.cancel',
  'listener.enable',
  'listener.disable',
  'listener.update',
] as const;
export type TAuditAction = (typeof AUDIT_ACTIONS)[number];

export const ZAuditEventSchema = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  /** Null for anonymous events (a failed sign-in) or when the actor was deleted. */
  actor: z.object({ id: z.uuid(), email: z.string() }).nullable(),
  action: z.string(),
  /** `user`, `group`, `sync`, `job`, `listener`... */
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** What changed; a secret appears only as "changed", never its value. */
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type TAuditEvent = z.infer<typeof ZAuditEventSchema>;

const optionalText = (name: string) =>
  z
    .string()
    .trim()
    .min(1, `${name} must not be empty`)
    .max(200, `${name} must be at most 200 characters`)
    .superRefine(storableText(name))
    .optional();

/** Query of `GET /api/audit-events` (admin); newest first. */
export const ZAuditEventQuerySchema = z.object({
  /** An exact action, or a prefix ending in `.*` such as `group.*`. */
  action: optionalText('action'),
  actorId: z.uuid('actorId must be a user id').optional(),
  targetType: optionalText('targetType'),
  targetId: optionalText('targetId'),
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO-8601 date-time' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO-8601 date-time' }).optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(500, 'limit must be at most 500')
    .default(100),
  /** Paging: the `at` of the last event of the previous page. */
  before: z.iso.datetime({ offset: true, error: 'before must be an ISO-8601 date-time' }).optional(),
});
export type TAuditEventQuery = z.input<typeof ZAuditEventQuerySchema>;

export const ZAuditEventListResponseSchema = z.object({ events: z.array(ZAuditEventSchema) });
export type TAuditEventListResponse = z.infer<typeof ZAuditEventListResponseSchema>;
