import type { TSyncView } from '../sync.ts';
import { secretReferenceTo, secretVariableName, type TSyncSecretField } from './secret-reference.ts';
import {
  SYNC_DOCUMENT_API_VERSION,
  ZSyncDocumentSchema,
  type TSyncDocumentInput,
  type TSyncListDocumentInput,
} from './sync-document.ts';

type Loose = Record<string, unknown>;

const isSecretStatus = (value: unknown): value is { isSet: boolean } =>
  typeof value === 'object' && value !== null && 'isSet' in value;

/**
 * Copies `object` without undefined values, each secret status (`{ isSet }`) replaced by its
 * `${NAME}` reference when set and left out when not.
 */
function withReferences(object: Loose, syncName: string, fieldOf: (key: string) => TSyncSecretField): Loose {
  const copy: Loose = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (isSecretStatus(value)) {
      if (value.isSet) copy[key] = secretReferenceTo(secretVariableName(syncName, fieldOf(key)));
    } else {
      copy[key] = value;
    }
  }
  return copy;
}

function sourceDocument(view: TSyncView): Loose | null {
  const { source } = view;
  if (!source) return null;
  if (source.type === 'delimited-file') {
    const { fileId: _fileId, file, type, ...options } = source;
    // The stored upload went away only if it was deleted by hand: the sync cannot run either.
    if (!file) throw new Error(`the data sync "${view.name}" uses an uploaded file that no longer exists`);
    return { type, file: file.name, ...options };
  }
  return withReferences(source, view.name, () => 'source.password');
}

/**
 * A sync as its document: what the API shows of it, secrets as `${TRIBUTARY_<SYNC>_<FIELD>}`
 * references, no ids or timestamps, so the same settings give the same text on any install.
 */
export function syncDocumentFromView(view: TSyncView): TSyncDocumentInput {
  const { destination } = view;
  // Parsed, so keys come in the schema's order (a secret beside its user name, not appended) and
  // an export is always a document apply accepts.
  const document = ZSyncDocumentSchema.parse({
    apiVersion: SYNC_DOCUMENT_API_VERSION,
    kind: 'Sync',
    metadata: { name: view.name, description: view.description },
    spec: {
      source: sourceDocument(view),
      destination: {
        ...destination,
        ssl: withReferences(destination.ssl, view.name, () => 'ssl.clientKey'),
        sasl: withReferences(destination.sasl, view.name, (key) => `sasl.${key}` as TSyncSecretField),
      },
      columnMapping: view.columnMapping,
      jobSettings: view.jobSettings,
    },
  });
  const { description, ...metadata } = document.metadata;
  return { ...document, metadata: description ? document.metadata : metadata };
}

export function syncListDocumentOf(items: TSyncDocumentInput[]): TSyncListDocumentInput {
  return { apiVersion: SYNC_DOCUMENT_API_VERSION, kind: 'SyncList', items };
}
