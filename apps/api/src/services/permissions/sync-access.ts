import type { TSyncAccess, TSyncPermission } from '@tributary/core';
import type { DbClient, Prisma } from '@tributary/db';
import type { Actor } from './actor.ts';

export const FULL_ACCESS: TSyncAccess = { canView: true, canEdit: true, canRun: true, canManage: true };
export const NO_ACCESS: TSyncAccess = { canView: false, canEdit: false, canRun: false, canManage: false };

const FLAG_OF: Record<TSyncPermission, keyof TSyncAccess> = {
  view: 'canView',
  edit: 'canEdit',
  run: 'canRun',
  manage: 'canManage',
};

export function allows(access: TSyncAccess, permission: TSyncPermission): boolean {
  return access[FLAG_OF[permission]];
}

type Who = Pick<Actor, 'id' | 'role'>;
type Grant = Pick<TSyncAccess, 'canView' | 'canEdit' | 'canRun' | 'canManage'>;

/** Grants that apply to a user: their own and those of every group they belong to. */
const grantsOf = (userId: string): Prisma.SyncPermissionWhereInput => ({
  OR: [{ userId }, { group: { members: { some: { userId } } } }],
});

/**
 * The one rule: OR over the user's grants and their groups' grants; edit, run and manage imply
 * view; admins may do everything; a viewer stays read-only whatever was granted.
 */
export function combineGrants(who: Who, grants: Grant[]): TSyncAccess {
  if (who.role === 'admin') return FULL_ACCESS;
  const any = (flag: keyof TSyncAccess) => grants.some((grant) => grant[flag]);
  const canEdit = who.role !== 'viewer' && any('canEdit');
  const canRun = who.role !== 'viewer' && any('canRun');
  const canManage = who.role !== 'viewer' && any('canManage');
  const canView = grants.some((g) => g.canView || g.canEdit || g.canRun || g.canManage);
  return { canView, canEdit, canRun, canManage };
}

export type SyncAccessService = ReturnType<typeof createSyncAccessService>;

export function createSyncAccessService({ db }: { db: Pick<DbClient, 'syncPermission' | 'sync'> }) {
  return {
    /** No access at all to a sync that does not exist, so callers answer both cases alike. */
    async accessTo(who: Who, syncId: string): Promise<TSyncAccess> {
      if (who.role === 'admin') return (await db.sync.count({ where: { id: syncId } })) > 0 ? FULL_ACCESS : NO_ACCESS;
      const grants = await db.syncPermission.findMany({ where: { syncId, ...grantsOf(who.id) } });
      return combineGrants(who, grants);
    },

    /** Access to each of many syncs in one query, for lists. */
    async accessToEach(who: Who, syncIds: string[]): Promise<Map<string, TSyncAccess>> {
      if (who.role === 'admin') return new Map(syncIds.map((id) => [id, FULL_ACCESS]));
      const grants = await db.syncPermission.findMany({ where: { syncId: { in: syncIds }, ...grantsOf(who.id) } });
      return new Map(
        syncIds.map((id) => [
          id,
          combineGrants(
            who,
            grants.filter((grant) => grant.syncId === id),
          ),
        ]),
      );
    },
  };
}

/** Prisma filter of the syncs a user may view; the list query and the per-sync check agree. */
export function viewableSyncs(who: Who): Prisma.SyncWhereInput {
  if (who.role === 'admin') return {};
  return {
    permissions: {
      some: {
        AND: [grantsOf(who.id), { OR: [{ canView: true }, { canEdit: true }, { canRun: true }, { canManage: true }] }],
      },
    },
  };
}
