import { z } from 'zod';

export const SYNC_PERMISSIONS = ['view', 'edit', 'run', 'manage'] as const;
export const ZSyncPermissionSchema = z.enum(SYNC_PERMISSIONS);
export type TSyncPermission = z.infer<typeof ZSyncPermissionSchema>;
export const SYNC_PERMISSION_LABELS: Record<TSyncPermission, string> = {
  view: 'View',
  edit: 'Edit',
  run: 'Run (start/cancel jobs, enable/disable listeners)',
  manage: 'Manage (permissions, delete)',
};

/**
 * What the current user may do with one sync; carried by every sync view. Edit, run and manage
 * each imply view (a sync one may edit is a sync one sees).
 */
export const ZSyncAccessSchema = z.object({
  canView: z.boolean(),
  canEdit: z.boolean(),
  canRun: z.boolean(),
  canManage: z.boolean(),
});
export type TSyncAccess = z.infer<typeof ZSyncAccessSchema>;

export const GRANTEE_TYPES = ['user', 'group'] as const;
export const ZGranteeSchema = z.object({
  type: z.enum(GRANTEE_TYPES, { error: 'grantee.type must be user or group' }),
  id: z.uuid('grantee.id must be a user or group id'),
});
export type TGrantee = z.infer<typeof ZGranteeSchema>;

export const ZGranteeViewSchema = ZGranteeSchema.extend({
  /** The user's display name and email, or the group's name. */
  name: z.string(),
});
export type TGranteeView = z.infer<typeof ZGranteeViewSchema>;

export const ZSyncPermissionGrantSchema = ZSyncAccessSchema.extend({
  id: z.uuid(),
  grantee: ZGranteeViewSchema,
});
export type TSyncPermissionGrant = z.infer<typeof ZSyncPermissionGrantSchema>;

/** `GET /api/syncs/:id/permissions` (manage). */
export const ZSyncPermissionsResponseSchema = z.object({ grants: z.array(ZSyncPermissionGrantSchema) });
export type TSyncPermissionsResponse = z.infer<typeof ZSyncPermissionsResponseSchema>;

/** `PUT /api/syncs/:id/permissions` (manage): replaces every grant of the sync. */
export const ZSyncPermissionsSaveRequestSchema = z.object({
  grants: z
    .array(
      ZSyncAccessSchema.extend({ grantee: ZGranteeSchema }).refine(
        (grant) => grant.canView || grant.canEdit || grant.canRun || grant.canManage,
        'A grant must allow at least one of view, edit, run or manage',
      ),
    )
    .max(1_000)
    .refine(
      (grants) => new Set(grants.map((g) => `${g.grantee.type}:${g.grantee.id}`)).size === grants.length,
      'Each user or group may appear only once',
    ),
});
export type TSyncPermissionsSaveRequest = z.input<typeof ZSyncPermissionsSaveRequestSchema>;

/**
 * `GET /api/syncs/:id/grantees` (manage): the users and groups the Permissions tab may pick from,
 * so a non-admin who manages a sync can grant without the admin-only user list.
 */
export const ZGranteeListResponseSchema = z.object({ grantees: z.array(ZGranteeViewSchema) });
export type TGranteeListResponse = z.infer<typeof ZGranteeListResponseSchema>;
