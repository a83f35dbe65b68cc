import {
  ZSyncPermissionsSaveRequestSchema,
  type TGranteeView,
  type TSyncPermissionsResponse,
  type TSyncPermissionsSaveRequest,
} from '@tributary/core';
import type { DbClient, Prisma } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from './actor.ts';

const withGrantees = {
  user: { select: { id: true, email: true, displayName: true } },
  group: { select: { id: true, name: true } },
} as const;

type GrantRow = Prisma.SyncPermissionGetPayload<{ include: typeof withGrantees }>;

const userName = (user: { email: string; displayName: string }) => `${user.displayName} <${user.email}>`;

function granteeOf(row: GrantRow): TGranteeView {
  if (row.user) return { type: 'user', id: row.user.id, name: userName(row.user) };
  if (row.group) return { type: 'group', id: row.group.id, name: row.group.name };
  throw new Error(`sync permission ${row.id} names neither a user nor a group`);
}

const flags = (row: { canView: boolean; canEdit: boolean; canRun: boolean; canManage: boolean }) => ({
  canView: row.canView,
  canEdit: row.canEdit,
  canRun: row.canRun,
  canManage: row.canManage,
});

export type PermissionService = ReturnType<typeof createPermissionService>;

export function createPermissionService({
  db,
}: {
  db: Pick<DbClient, 'syncPermission' | 'user' | 'group' | '$transaction'>;
}) {
  async function grantsOf(tx: Pick<Prisma.TransactionClient, 'syncPermission'>, syncId: string) {
    const rows = await tx.syncPermission.findMany({ where: { syncId }, include: withGrantees });
    return rows
      .map((row) => ({ id: row.id, grantee: granteeOf(row), ...flags(row) }))
      .sort((a, b) => a.grantee.type.localeCompare(b.grantee.type) || a.grantee.name.localeCompare(b.grantee.name));
  }

  return {
    async get(syncId: string): Promise<TSyncPermissionsResponse> {
      return { grants: await grantsOf(db, syncId) };
    },

    /** Replaces every grant of the sync; takes effect on the next request of each grantee. */
    async replace(
      syncId: string,
      request: TSyncPermissionsSaveRequest,
      actor: Actor,
    ): Promise<TSyncPermissionsResponse> {
      const { grants } = ZSyncPermissionsSaveRequestSchema.parse(request);
      return db.$transaction(async (tx) => {
        const idsOf = (type: 'user' | 'group') =>
          grants.filter((g) => g.grantee.type === type).map((g) => g.grantee.id);
        const users = new Set(
          (await tx.user.findMany({ where: { id: { in: idsOf('user') } }, select: { id: true } })).map((u) => u.id),
        );
        const groups = new Set(
          (await tx.group.findMany({ where: { id: { in: idsOf('group') } }, select: { id: true } })).map((g) => g.id),
        );
        const fields = grants.flatMap(({ grantee }, index) =>
          (grantee.type === 'user' ? users : groups).has(grantee.id)
            ? []
            : [{ field: `grants.${index}.grantee.id`, message: `No ${grantee.type} with id ${grantee.id}` }],
        );
        if (fields.length > 0) {
          throw new AppError('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
        }
        const before = await grantsOf(tx, syncId);
        await tx.syncPermission.deleteMany({ where: { syncId } });
        await tx.syncPermission.createMany({
          data: grants.map((grant) => ({
            syncId,
            userId: grant.grantee.type === 'user' ? grant.grantee.id : null,
            groupId: grant.grantee.type === 'group' ? grant.grantee.id : null,
            ...flags(grant),
          })),
        });
        const after = await grantsOf(tx, syncId);
        const summary = (list: typeof before) => list.map(({ grantee, ...rest }) => ({ grantee, ...flags(rest) }));
        await recordAudit(tx, actor, {
          action: 'sync.permissions',
          targetType: 'sync',
          targetId: syncId,
          details: { before: summary(before), after: summary(after) },
        });
        return { grants: after };
      });
    },

    /** Enabled users and every group: whom the Permissions tab may grant to. */
    async grantees(): Promise<TGranteeView[]> {
      const [users, groups] = await Promise.all([
        db.user.findMany({ where: { isDisabled: false }, orderBy: { email: 'asc' } }),
        db.group.findMany({ orderBy: { name: 'asc' } }),
      ]);
      return [
        ...users.map((user) => ({ type: 'user' as const, id: user.id, name: userName(user) })),
        ...groups.map((group) => ({ type: 'group' as const, id: group.id, name: group.name })),
      ];
    },
  };
}
