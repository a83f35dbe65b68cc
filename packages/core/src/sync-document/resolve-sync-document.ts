import { KAFKA_SECRET_FIELDS } from '../destination/kafka-destination.ts';
import type { TSyncSaveRequest } from '../sync.ts';
import type { TFieldIssue } from '../validation.ts';
import { variableOfReference, type TSyncSecretField } from './secret-reference.ts';
import type { TSyncDocument, TSyncsDocument } from './sync-document.ts';
import { syncDocumentItems } from './sync-document.ts';

type Loose = Record<string, unknown>;

export interface TSecretReference {
  variable: string;
  syncName: string;
  /** Where it is written, e.g. `document.items.0.spec.destination.sasl.password`. */
  field: string;
}

const SYNC_SECRET_FIELDS: readonly TSyncSecretField[] = [...KAFKA_SECRET_FIELDS, 'source.password'];

/** Where a secret field lives inside `spec`. */
const specPathOf = (field: TSyncSecretField) => (field.startsWith('source.') ? field : `destination.${field}`);

function read(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Loose | null | undefined)?.[key], object);
}

/** Every `${NAME}` a document's secret fields refer to, in document order. */
export function secretReferences(document: TSyncsDocument): TSecretReference[] {
  return syncDocumentItems(document).flatMap(({ item, path }) =>
    SYNC_SECRET_FIELDS.flatMap((field) => {
      const value = read(item.spec, specPathOf(field));
      return typeof value === 'string'
        ? [
            {
              variable: variableOfReference(value),
              syncName: item.metadata.name,
              field: `${path}.spec.${specPathOf(field)}`,
            },
          ]
        : [];
    }),
  );
}

/** One issue per reference whose variable was not given (or is empty), naming the variable. */
export function missingVariables(
  document: TSyncsDocument,
  variables: Record<string, string>,
): Array<TFieldIssue & { variable: string }> {
  return secretReferences(document)
    .filter((reference) => !variables[reference.variable])
    .map((reference) => ({
      variable: reference.variable,
      field: reference.field,
      message: `${reference.syncName}: the variable ${reference.variable} is ${
        variables[reference.variable] === undefined ? 'not set' : 'empty'
      }`,
    }));
}

function withSecretsResolved(object: Loose, fields: string[], variables: Record<string, string>): Loose {
  const copy = { ...object };
  for (const key of fields) {
    const value = copy[key];
    if (typeof value === 'string') copy[key] = variables[variableOfReference(value)];
  }
  return copy;
}

/**
 * The save request (as the sync editor sends it) for one document sync: secret references
 * replaced by the given values (check `missingVariables` first), the delimited file by the upload
 * id `fileIdOf` gives for its name.
 */
export function syncSaveRequestFromDocument(
  item: TSyncDocument,
  variables: Record<string, string>,
  fileIdOf: (name: string) => string,
): TSyncSaveRequest {
  const { spec } = item;
  let source: TSyncSaveRequest['source'] = null;
  if (spec.source?.type === 'delimited-file') {
    const { file, ...options } = spec.source;
    source = { ...options, fileId: fileIdOf(file) };
  } else if (spec.source) {
    source = withSecretsResolved(spec.source, ['password'], variables) as TSyncSaveRequest['source'];
  }
  const destination = {
    ...spec.destination,
    ssl: withSecretsResolved(spec.destination.ssl, ['clientKey'], variables),
    sasl: withSecretsResolved(spec.destination.sasl, ['password', 'clientSecret'], variables),
  } as TSyncSaveRequest['destination'];
  return {
    name: item.metadata.name,
    description: item.metadata.description,
    destination,
    source,
    columnMapping: spec.columnMapping,
    jobSettings: spec.jobSettings,
  };
}

/** A save request's field (`destination.topic`) as the document names it. */
export function documentFieldOf(requestField: string, itemPath: string): string {
  const [head] = requestField.split('.');
  if (head === 'name' || head === 'description') return `${itemPath}.metadata.${requestField}`;
  if (requestField === 'source.fileId') return `${itemPath}.spec.source.file`;
  return `${itemPath}.spec.${requestField}`;
}
