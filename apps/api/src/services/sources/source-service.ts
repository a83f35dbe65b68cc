import {
  reuseStoredSourcePassword,
  ZSourceInputSchema,
  type TColumnMapping,
  type TSource,
  type TSourceColumnsResponse,
  type TSourceInput,
  type TSourceTestResponse,
  type TSessionUser,
  type TSyncPreviewResponse,
} from '@tributary/core';
import type { DbClient, SecretBox } from '@tributary/db';
import { compileMapping, MappingError } from '@tributary/mapping';
import { discoverColumns, streamSourceRows, type ColumnDiscovery, type ReadOptions } from '@tributary/sources';
import { loadStoredSync, readableSource } from '@tributary/worker';
import { AppError } from '../../app-error.ts';
import { reusedOrRejected } from '../syncs/reused-secrets.ts';
import { explainSourceError } from './explain-source-error.ts';
import { jsonSampleRows } from './json-sample.ts';

export interface SourceServiceDeps {
  db: Pick<DbClient, 'sync' | 'columnMapping' | 'sourceFile' | 'sourceFileChunk'>;
  secretBox: SecretBox;
  /** The statement timeout of every read, and Tributary's own database, which no source may read. */
  reads?: Pick<ReadOptions, 'timeout' | 'ownDatabase'>;
}

export type SourceService = ReturnType<typeof createSourceService>;

/** Who reads a source: their uploads are theirs, admins read every upload. */
export type Reader = Pick<TSessionUser, 'id' | 'role'>;

/** A failed read as a 400 on the source field at fault (the whole source when unknown). */
function unreadableSource(error: unknown, source: TSource): AppError {
  const { message, field = 'source' } = explainSourceError(error, source);
  return new AppError('VALIDATION_FAILED', message, [{ field, message }]);
}

export function createSourceService({ db, secretBox, reads = {} }: SourceServiceDeps) {
  /**
   * A file is readable by its uploader, by admins, and through the sync that uses it (the route
   * checked the reader's permission on `syncId`). Anyone else's file id reads as missing.
   */
  async function mayReadFile(file: { id: string; createdById: string | null }, reader: Reader, syncId?: string) {
    if (reader.role === 'admin' || file.createdById === reader.id) return true;
    if (!syncId) return false;
    const sync = await db.sync.findUnique({ where: { id: syncId }, select: { sourceConfig: true } });
    return (sync?.sourceConfig as { fileId?: unknown } | null)?.fileId === file.id;
  }

  /**
   * The source as typed, its file checked, a blank password filled from the sync's stored one
   * unless the form would send it to another server, database or user (then a 400).
   */
  async function resolve(input: TSourceInput, reader: Reader, syncId?: string): Promise<TSource> {
    const source = ZSourceInputSchema.parse(input);
    if (source.type === 'delimited-file') {
      const file = await db.sourceFile.findUnique({ where: { id: source.fileId } });
      if (!file || !(await mayReadFile(file, reader, syncId))) {
        throw new AppError('VALIDATION_FAILED', 'The uploaded file no longer exists: upload it again', [
          { field: 'source.fileId', message: 'The uploaded file no longer exists: upload it again' },
        ]);
      }
      return source;
    }
    if (source.password || !syncId) return source;
    const stored = await loadStoredSync(db, secretBox, syncId);
    return reusedOrRejected(reuseStoredSourcePassword(source, stored?.source));
  }

  async function discover(source: TSource, sampleSize: number): Promise<ColumnDiscovery> {
    return discoverColumns(readableSource(source, db), sampleSize, reads);
  }

  return {
    resolve,

    /** Source columns, or a reason the source could not be read (for save-time checks). */
    async columnNames(source: TSource): Promise<{ names: string[] } | { problem: string; field?: string }> {
      try {
        return { names: (await discover(source, 1)).columns.map((column) => column.name) };
      } catch (error) {
        const { message, field } = explainSourceError(error, source);
        return { problem: message, field };
      }
    },

    /** Test Connection of the Source tab: reachable, credentials, the query or file parses. */
    async test(input: TSourceInput, reader: Reader, syncId?: string): Promise<TSourceTestResponse> {
      const source = await resolve(input, reader, syncId);
      try {
        const discovery = await discover(source, 1);
        if (discovery.columns.length === 0) {
          return {
            ok: false,
            message: 'The source has no rows to read columns from',
            hint: 'Check Skip Lines and the file',
          };
        }
        return { ok: true, message: `Connection Successful: ${discovery.columns.length} columns found` };
      } catch (error) {
        const { message, hint } = explainSourceError(error, source);
        return hint === undefined ? { ok: false, message } : { ok: false, message, hint };
      }
    },

    async columns(input: TSourceInput, reader: Reader, syncId?: string): Promise<TSourceColumnsResponse> {
      const source = await resolve(input, reader, syncId);
      try {
        const discovery = await discover(source, 10);
        return { columns: discovery.columns, sampleRows: jsonSampleRows(discovery.sampleRows) };
      } catch (error) {
        throw unreadableSource(error, source);
      }
    },

    /** The exact key and JSON the first rows produce, or why a row would fail. */
    async preview(
      input: {
        source: TSourceInput;
        columnMapping: TColumnMapping;
        syncId?: string;
        limit: number;
      },
      reader: Reader,
    ): Promise<TSyncPreviewResponse> {
      const source = await resolve(input.source, reader, input.syncId);
      const toMessage = compileMapping(input.columnMapping);
      const preview: TSyncPreviewResponse = { messages: [], errors: [] };
      try {
        for await (const batch of streamSourceRows(readableSource(source, db), { ...reads, batchSize: input.limit })) {
          preview.errors.push(...batch.errors.map(({ rowNumber, reason }) => ({ rowNumber, reason })));
          for (const record of batch.records) {
            try {
              preview.messages.push({ rowNumber: record.rowNumber, ...toMessage(record.values) });
            } catch (error) {
              if (!(error instanceof MappingError)) throw error;
              preview.errors.push({ rowNumber: record.rowNumber, reason: error.message });
            }
          }
          break;
        }
      } catch (error) {
        throw unreadableSource(error, source);
      }
      return preview;
    },
  };
}
