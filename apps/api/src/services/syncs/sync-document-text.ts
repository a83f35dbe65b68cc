import type { TSyncExportFormat } from '@tributary/core';
import { stringify } from 'yaml';

/**
 * A sync document as a file's text. YAML keeps long values (queries, PEM certificates) on their
 * own lines, unfolded, so a diff in git shows exactly what changed; JSON is indented the same way
 * every time. Equal settings give equal text.
 */
export function formatSyncDocument(document: object, format: TSyncExportFormat): { contentType: string; text: string } {
  if (format === 'json') {
    return { contentType: 'application/json; charset=utf-8', text: `${JSON.stringify(document, null, 2)}\n` };
  }
  return { contentType: 'application/yaml; charset=utf-8', text: stringify(document, { lineWidth: 0 }) };
}
