import { createHash } from 'node:crypto';
import type { ZSyncApplyRequestSchema } from '@tributary/core';
import {
  documentFieldOf,
  missingVariables,
  syncDocumentFromView,
  syncDocumentItems,
  syncListDocumentOf,
  syncSaveRequestFromDocument,
  toFieldIssues,
  type TFieldIssue,
  type TSyncAccess,
  type TSyncApplyResponse,
  type TSyncApplyResult,
  type TSyncDocument,
  type TSyncDocumentInput,
  type TSyncListDocumentInput,
  type TSyncView,
} from '@tributary/core';
import { findSourceFile, openSourceFile, type DbClient } from '@tributary/db';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../permissions/actor.ts';
import type { SyncAccessService } from '../permissions/sync-access.ts';
import type { PlannedSave, SyncService } from './sync-service.ts';

export interface SyncDocumentServiceDeps {
  db: Pick<DbClient, 'sync' | 'sourceFile' | 'sourceFileChunk'>;
  syncs: Pick<SyncService, 'list' | 'get' | 'planCreate' | 'planUpdate' | 'writeAll'>;
  access: Pick<SyncAccessService, 'accessTo'>;
}

type ApplyRequest = z.output<typeof ZSyncApplyRequestSchema>;

/** A sync of the document that cannot be applied, with the fields named as the document names them. */
interface ItemFailure {
  code: AppError['code'];
  message: string;
  fields: TFieldIssue[];
}

/** When syncs fail for different reasons, the answer's status is the one to fix first. */
const CODE_PRIORITY: Array<AppError['code']> = ['FORBIDDEN', 'CONFLICT', 'VALIDATION_FAILED'];

async function digestOf(db: Pick<DbClient, 'sourceFileChunk'>, fileId: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of openSourceFile(db, fileId)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export type SyncDocumentService = ReturnType<typeof createSyncDocumentService>;

export function createSyncDocumentService({ db, syncs, access }: SyncDocumentServiceDeps) {
  function documentOf(view: TSyncView): TSyncDocumentInput {
    if (view.source?.type === 'delimited-file' && !view.source.file) {
      throw new AppError(
        'CONFLICT',
        `The data sync "${view.name}" uses an uploaded file that no longer exists: upload it again in its Source tab before exporting`,
      );
    }
    try {
      return syncDocumentFromView(view);
    } catch (error) {
      // Saved before a rule it now breaks (a later limit): exporting it would give a file apply refuses.
      if (!(error instanceof z.ZodError)) throw error;
      const problems = toFieldIssues(error).map((issue) => `${issue.field}: ${issue.message}`);
      throw new AppError(
        'CONFLICT',
        `The data sync "${view.name}" cannot be exported until it is saved again with valid settings: ${problems.join('; ')}`,
      );
    }
  }

  async function sameContent(a: string, b: string): Promise<boolean> {
    const [left, right] = await Promise.all([findSourceFile(db, a), findSourceFile(db, b)]);
    if (!left || !right || left.size !== right.size) return false;
    return (await digestOf(db, a)) === (await digestOf(db, b));
  }

  /**
   * The upload a delimited source uses: the one given for its name (unless its bytes equal the
   * sync's current file, which then stays), else the sync's current file of that name.
   */
  async function fileIdFor(
    item: TSyncDocument,
    path: string,
    existing: { sourceConfig: unknown } | null,
    request: ApplyRequest,
    actor: Actor,
  ): Promise<string | undefined> {
    const source = item.spec.source;
    if (source?.type !== 'delimited-file') return undefined;
    const currentId = (existing?.sourceConfig as { fileId?: unknown } | null)?.fileId;
    const current = typeof currentId === 'string' ? await findSourceFile(db, currentId) : null;
    const isCurrentName = current?.name === source.file;
    const given = request.files[source.file];
    if (given) {
      const upload = await db.sourceFile.findUnique({ where: { id: given } });
      // Only one's own uploads, as in the Source tab (admins may use any).
      if (!upload || (upload.createdById !== actor.id && actor.role !== 'admin')) {
        const message = `files.${source.file}: no upload with id ${given}: upload the file first (POST /api/source-files)`;
        throw new AppError('VALIDATION_FAILED', message, [{ field: `files.${source.file}`, message }]);
      }
      return current && isCurrentName && (await sameContent(current.id, given)) ? current.id : given;
    }
    if (current && isCurrentName) return current.id;
    const message = `the file "${source.file}" is not on this install: upload it and give its id in files (the CLI: --file ${source.file}=PATH)`;
    throw new AppError('VALIDATION_FAILED', message, [{ field: `${path}.spec.source.file`, message }]);
  }

  async function planItem(item: TSyncDocument, path: string, request: ApplyRequest, actor: Actor) {
    const name = item.metadata.name;
    const existing = await db.sync.findUnique({ where: { name }, select: { id: true, sourceConfig: true } });
    if (existing) {
      const granted: TSyncAccess = await access.accessTo(actor, existing.id);
      // A sync the caller may not view does not exist for them: creating it clashes, as in the editor.
      if (!granted.canView) throw new AppError('CONFLICT', `A data sync named "${name}" already exists`);
      if (!granted.canEdit) throw new AppError('FORBIDDEN', `You may not edit the data sync "${name}"`);
    }
    const fileId = await fileIdFor(item, path, existing, request, actor);
    const save = syncSaveRequestFromDocument(item, request.variables, () => fileId!);
    return existing ? syncs.planUpdate(existing.id, save, actor) : syncs.planCreate(save, actor);
  }

  function failureOf(error: unknown, name: string, path: string): ItemFailure {
    if (error instanceof z.ZodError) {
      const fields = toFieldIssues(error);
      error = new AppError('VALIDATION_FAILED', fields.map((issue) => issue.message).join('; '), fields);
    }
    if (!(error instanceof AppError)) throw error;
    const fields = (error.fields ?? [{ field: 'name', message: error.message }]).map((issue) => ({
      field:
        issue.field.startsWith('document') || issue.field.startsWith('files.')
          ? issue.field
          : documentFieldOf(issue.field, path),
      message: `${name}: ${issue.message}`,
    }));
    return { code: error.code, message: `${name}: ${error.message}`, fields };
  }

  function resultOf(plan: PlannedSave): TSyncApplyResult {
    const hasChanges = Object.keys(plan.changes).length > 0;
    return {
      name: plan.name,
      action: plan.isNew ? 'create' : hasChanges ? 'update' : 'unchanged',
      changes: plan.changes,
    };
  }

  return {
    async exportOne(id: string, granted: TSyncAccess): Promise<TSyncDocumentInput> {
      return documentOf(await syncs.get(id, granted));
    },

    /** Every sync the actor may view, by name. */
    async exportAll(actor: Actor): Promise<TSyncListDocumentInput> {
      const summaries = await syncs.list(actor);
      const items: TSyncDocumentInput[] = [];
      for (const summary of summaries) items.push(documentOf(await syncs.get(summary.id, summary.access)));
      return syncListDocumentOf(items);
    },

    /**
     * Creates or updates each sync of the document by name through the sync editor's own checks
     * and writes. Every sync is checked first; if any fails, nothing is written and the answer
     * names each failure. Otherwise the changed syncs are written in one transaction.
     */
    async apply(request: ApplyRequest, actor: Actor): Promise<TSyncApplyResponse> {
      const missing = missingVariables(request.document, request.variables);
      if (missing.length > 0) {
        const names = [...new Set(missing.map((issue) => issue.variable))];
        throw new AppError(
          'VALIDATION_FAILED',
          `Secret variable${names.length === 1 ? '' : 's'} not set: ${names.join(', ')}. Nothing was changed.`,
          missing.map(({ field, message }) => ({ field, message })),
        );
      }
      const plans: PlannedSave[] = [];
      const failures: ItemFailure[] = [];
      for (const { item, path } of syncDocumentItems(request.document)) {
        try {
          plans.push(await planItem(item, path, request, actor));
        } catch (error) {
          failures.push(failureOf(error, item.metadata.name, path));
        }
      }
      if (failures.length > 0) {
        const code =
          CODE_PRIORITY.find((candidate) => failures.some((failure) => failure.code === candidate)) ??
          failures[0]!.code;
        const message =
          failures.length === 1
            ? failures[0]!.message
            : `${failures.length} data syncs cannot be applied: ${failures.map((failure) => failure.message).join('; ')}`;
        throw new AppError(
          code,
          `${message}. Nothing was changed.`,
          failures.flatMap((failure) => failure.fields),
        );
      }

      const results = plans.map(resultOf);
      const changed = plans.filter((plan, index) => results[index]!.action !== 'unchanged');
      if (!request.dryRun && changed.length > 0) {
        await syncs.writeAll(changed, (tx) =>
          recordAudit(tx, actor, {
            action: 'sync.apply',
            targetType: 'sync',
            targetId: null,
            details: Object.fromEntries(
              (['create', 'update', 'unchanged'] as const).map((action) => [
                action,
                results.filter((result) => result.action === action).map((result) => result.name),
              ]),
            ),
          }),
        );
      }
      return { dryRun: request.dryRun, results };
    },
  };
}
