import {
  missingVariables,
  secretReferences,
  syncDocumentItems,
  ZSyncApplyResponseSchema,
  type TSyncApplyResponse,
} from '@tributary/core';
import type { ApiClient } from './api-client.ts';
import { CliError, EXIT } from './cli-error.ts';
import { readSyncsDocument } from './document-file.ts';

export interface ApplyOptions {
  /** Absolute path of the document. */
  file: string;
  dryRun: boolean;
  /** `--file NAME=PATH`: local path of each delimited file, by the name the document gives it. */
  files: Map<string, string>;
}

const MARK = { create: '+', update: '~', unchanged: '=' } as const;

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** One line per sync, and for an update one line per changed setting. */
export function describeApplyResult(answer: TSyncApplyResponse): string {
  const lines: string[] = [];
  for (const result of answer.results) {
    lines.push(`${MARK[result.action]} ${result.action.padEnd(9)} ${result.name}`);
    if (result.action !== 'update') continue;
    for (const [path, change] of Object.entries(result.changes)) {
      lines.push(
        change === 'changed' ? `    ${path}: changed` : `    ${path}: ${shown(change.from)} → ${shown(change.to)}`,
      );
    }
  }
  const count = (action: string) => answer.results.filter((result) => result.action === action).length;
  const [created, updated, unchanged] = [count('create'), count('update'), count('unchanged')];
  if (answer.dryRun) {
    lines.push(
      created + updated === 0
        ? `Dry run: no differences (${unchanged} unchanged); nothing to apply.`
        : `Dry run: ${created} to create, ${updated} to update, ${unchanged} unchanged. Nothing was changed; run without --dry-run to apply.`,
    );
  } else {
    lines.push(`Applied: ${created} created, ${updated} updated, ${unchanged} unchanged.`);
  }
  return lines.join('\n');
}

/**
 * Resolves the document's secret references from this process's environment, uploads the given
 * files, and sends it all to `POST /api/syncs/apply`; the server applies every sync or none.
 */
export async function applySyncs(api: ApiClient, options: ApplyOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const { raw, document } = await readSyncsDocument(options.file);

  const variables: Record<string, string> = {};
  for (const { variable } of secretReferences(document)) {
    const value = env[variable];
    if (value !== undefined) variables[variable] = value;
  }
  const missing = missingVariables(document, variables);
  if (missing.length > 0) {
    const lines = missing.map((issue) => `  ${issue.message}`);
    throw new CliError(`Set the secret variables the document refers to:\n${lines.join('\n')}`);
  }

  const fileNames = new Set(
    syncDocumentItems(document).flatMap(({ item }) =>
      item.spec.source?.type === 'delimited-file' ? [item.spec.source.file] : [],
    ),
  );
  for (const name of options.files.keys()) {
    if (!fileNames.has(name)) {
      const known = fileNames.size > 0 ? `; it names ${[...fileNames].join(', ')}` : '';
      throw new CliError(
        `--file ${name}: no delimited source of the document uses a file named ${name}${known}`,
        EXIT.usage,
      );
    }
  }
  const files: Record<string, string> = {};
  for (const [name, path] of options.files) files[name] = await api.upload(name, path);

  const answer = await api.json('/api/syncs/apply', ZSyncApplyResponseSchema, {
    document: raw,
    dryRun: options.dryRun,
    variables,
    files,
  });
  return describeApplyResult(answer);
}
