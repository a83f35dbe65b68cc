import type { Prisma } from '@tributary/db';
import type { Actor } from '../permissions/actor.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  /** What changed; a secret only as "changed". */
  details?: Record<string, unknown>;
}

/** Writes one audit event; pass the transaction of the change so both land or neither does. */
export async function recordAudit(
  tx: Pick<Prisma.TransactionClient, 'auditEvent'>,
  actor: Pick<Actor, 'id' | 'ip' | 'apiTokenId'> | { id: null; ip: string | null },
  entry: AuditEntry,
): Promise<void> {
  const viaApiToken = 'apiTokenId' in actor && actor.apiTokenId ? { viaApiToken: actor.apiTokenId } : {};
  await tx.auditEvent.create({
    data: {
      actorId: actor.id,
      ip: actor.ip,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: { ...entry.details, ...viaApiToken } as Prisma.InputJsonObject,
    },
  });
}
