import { ZAuditEventQuerySchema, type TAuditEvent, type TAuditEventQuery } from '@tributary/core';
import type { DbClient, Prisma } from '@tributary/db';

export type AuditService = ReturnType<typeof createAuditService>;

export function createAuditService({ db }: { db: Pick<DbClient, 'auditEvent'> }) {
  return {
    /** Newest first; `before` pages back from the last event shown. */
    async list(request: TAuditEventQuery): Promise<TAuditEvent[]> {
      const query = ZAuditEventQuerySchema.parse(request);
      const at: Prisma.DateTimeFilter = {};
      if (query.from) at.gte = new Date(query.from);
      if (query.to) at.lte = new Date(query.to);
      if (query.before) at.lt = new Date(query.before);
      const action = query.action?.endsWith('.*') ? { startsWith: query.action.slice(0, -1) } : query.action;
      const rows = await db.auditEvent.findMany({
        where: {
          action,
          actorId: query.actorId,
          targetType: query.targetType,
          targetId: query.targetId,
          ...(Object.keys(at).length > 0 && { at }),
        },
        include: { actor: { select: { id: true, email: true } } },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: query.limit,
      });
      return rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        details: row.details as Record<string, unknown>,
        ip: row.ip,
      }));
    },
  };
}
