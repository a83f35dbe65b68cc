import { writeFile } from 'node:fs/promises';
import { ZSyncListResponseSchema, type TSyncExportFormat } from '@tributary/core';
import type { ApiClient } from './api-client.ts';
import { CliError } from './cli-error.ts';

export interface ExportOptions {
  syncName: string | undefined;
  format: TSyncExportFormat;
  /** Absolute path, or undefined for stdout. */
  outFile: string | undefined;
}

/** Writes the server's document as it is: the server decides the text, so every export of the same syncs is byte-equal. */
export async function exportSyncs(api: ApiClient, options: ExportOptions): Promise<{ text: string; summary: string }> {
  const query = `?format=${options.format}`;
  let text: string;
  let summary: string;
  if (options.syncName === undefined) {
    text = await api.text(`/api/syncs/export${query}`);
    summary = 'every data sync you may view';
  } else {
    const { syncs } = await api.json('/api/syncs', ZSyncListResponseSchema);
    const sync = syncs.find((candidate) => candidate.name === options.syncName);
    if (!sync) throw new CliError(`No data sync named "${options.syncName}" that you may view`);
    text = await api.text(`/api/syncs/${sync.id}/export${query}`);
    summary = `the data sync "${sync.name}"`;
  }
  if (options.outFile) {
    await writeFile(options.outFile, text).catch((error: Error) => {
      throw new CliError(`Cannot write ${options.outFile}: ${error.message}`);
    });
  }
  return { text, summary };
}
