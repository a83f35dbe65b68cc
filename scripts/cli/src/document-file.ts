import { readFile } from 'node:fs/promises';
import { ZSyncsDocumentSchema, type TSyncsDocument } from '@tributary/core';
import { parseAllDocuments } from 'yaml';
import { CliError } from './cli-error.ts';

export interface SyncsDocumentFile {
  /** As written in the file: what is sent, so the server applies exactly the file. */
  raw: unknown;
  document: TSyncsDocument;
}

type Loose = Record<string, unknown> | undefined;

/** `orders: spec.destination.topic` for an issue at `items.2.spec.destination.topic`. */
function describeIssue(raw: unknown, path: PropertyKey[], message: string): string {
  const isListItem = path[0] === 'items' && typeof path[1] === 'number';
  const item = isListItem ? ((raw as Loose)?.items as Loose[] | undefined)?.[path[1] as number] : (raw as Loose);
  const name = (item?.metadata as Loose)?.name;
  const rest = (isListItem ? path.slice(2) : path).map(String).join('.');
  const where = [typeof name === 'string' ? name : isListItem ? `items.${String(path[1])}` : '', rest]
    .filter(Boolean)
    .join(': ');
  return `  ${where || '(document)'}: ${message}`;
}

/**
 * Reads a sync document (YAML, or JSON, which YAML includes). Several YAML documents in one file
 * (`---`) are taken as one list, so syncs can also be kept one per document.
 */
export async function readSyncsDocument(path: string): Promise<SyncsDocumentFile> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`Cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const parts = parseAllDocuments(text, { prettyErrors: true });
  if (parts.length === 0) throw new CliError(`${path} holds no document`);
  const errors = parts.flatMap((part) => part.errors);
  if (errors.length > 0) {
    throw new CliError(`${path} is not valid YAML or JSON:\n${errors.map((error) => `  ${error.message}`).join('\n')}`);
  }
  const values: unknown[] = parts.map((part) => part.toJS());
  const first = values[0] as Loose;
  const raw = values.length === 1 ? values[0] : { apiVersion: first?.apiVersion, kind: 'SyncList', items: values };
  const parsed = ZSyncsDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => describeIssue(raw, issue.path, issue.message));
    throw new CliError(`${path} is not a valid sync document:\n${lines.join('\n')}`);
  }
  return { raw, document: parsed.data };
}
