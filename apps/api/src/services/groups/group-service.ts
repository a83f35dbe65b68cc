import {
  ZGroupCreateRequestSchema,
  ZGroupMembersRequestSchema,
  ZGroupUpdateRequestSchema,
  type TGroupCreateRequest,
  type TGroupMembersRequest,
  type TGroupUpdateRequest,
  type TGroupView,
} from '@tributary/core';
import type { DbClient, Prisma } from '@tributary/db';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../permissions/actor.ts';

const withMembers = {
  members: { include: { user: { select: { id: true, email: true, displayName: true } } } },
} as const;

type GroupRow = Prisma.GroupGetPayload<{ include: typeof withMembers }>;

function toView(row: GroupRow): TGroupView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    members: row.members.map((member) => member.user).sort((a, b) => a.email.localeCompare(b.email)),
    createdAt: row.createdAt.toISOString(),
  };
}

async function findGroup(tx: Pick<Prisma.TransactionClient, 'group'>, id: string): Promise<GroupRow> {
  const row = await tx.group.findUnique({ where: { id }, include: withMembers });
  if (!row) throw new AppError('NOT_FOUND', `No group with id ${id}`);
  return row;
}

async function uniqueName<T>(work: () => Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      const message = `A group named "${name}" already exists`;
      throw new AppError('CONFLICT', message, [{ field: 'name', message }]);
    }
    throw error;
  }
}

export type GroupService = ReturnType<typeof createGroupService>;

export function createGroupService({ db }: { db: Pick<DbClient, 'group' | '$transaction'> }) {
  return {
    async list(): Promise<TGroupView[]> {
      return (await db.group.findMany({ include: withMembers, orderBy: { name: 'asc' } })).map(toView);
    },

    async get(id: string): Promise<TGroupView> {
      return toView(await findGroup(db, id));
    },

    async create(request: TGroupCreateRequest, actor: Actor): Promise<TGroupView> {
      const body = ZGroupCreateRequestSchema.parse(request);
      return uniqueName(
        () =>
          db.$transaction(async (tx) => {
            const row = await tx.group.create({ data: body, include: withMembers });
            await recordAudit(tx, actor, {
              action: 'group.create',
              targetType: 'group',
              targetId: row.id,
              details: body,
            });
            return toView(row);
          }),
        body.name,
      );
    },

    async update(id: string, request: TGroupUpdateRequest, actor: Actor): Promise<TGroupView> {
      const body = ZGroupUpdateRequestSchema.parse(request);
      return uniqueName(
        () =>
          db.$transaction(async (tx) => {
            const current = await findGroup(tx, id);
            const changes: Record<string, { from: unknown; to: unknown }> = {};
            for (const field of ['name', 'description'] as const) {
              if (body[field] !== undefined && body[field] !== current[field]) {
                changes[field] = { from: current[field], to: body[field] };
              }
            }
            const row = await tx.group.update({ where: { id }, data: body, include: withMembers });
            if (Object.keys(changes).length > 0) {
              await recordAudit(tx, actor, {
                action: 'group.update',
                targetType: 'group',
                targetId: id,
                details: { changes },
              });
            }
            return toView(row);
          }),
        body.name,
      );
    },

    /** Deleting a group removes its members' grants through it at once. */
    async remove(id: string, actor: Actor): Promise<void> {
      await db.$transaction(async (tx) => {
        const current = await findGroup(tx, id);
        await tx.group.delete({ where: { id } });
        await recordAudit(tx, actor, {
          action: 'group.delete',
          targetType: 'group',
          targetId: id,
          details: { name: current.name },
        });
      });
    },

    async setMembers(id: string, request: TGroupMembersRequest, actor: Actor): Promise<TGroupView> {
      const { userIds } = ZGroupMembersRequestSchema.parse(request);
      return db.$transaction(async (tx) => {
        const current = await findGroup(tx, id);
        const known = new Set(
          (await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true } })).map((u) => u.id),
        );
        const fields = userIds.flatMap((userId, index) =>
          known.has(userId) ? [] : [{ field: `userIds.${index}`, message: `No user with id ${userId}` }],
        );
        if (fields.length > 0) {
          throw new AppError('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
        }
        const before = new Set(current.members.map((member) => member.userId));
        await tx.groupMember.deleteMany({ where: { groupId: id } });
        await tx.groupMember.createMany({ data: userIds.map((userId) => ({ groupId: id, userId })) });
        await recordAudit(tx, actor, {
          action: 'group.members',
          targetType: 'group',
          targetId: id,
          details: {
            added: userIds.filter((userId) => !before.has(userId)),
            removed: [...before].filter((userId) => !userIds.includes(userId)),
          },
        });
        return toView(await findGroup(tx, id));
      });
    },
  };
}
