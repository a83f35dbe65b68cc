import { parseTargetPath, type TColumnMapping, type TKafkaMessage } from '@tributary/core';
import { MappingError, toJsonValue, type JsonValue } from './convert-value.ts';

export type SourceRow = Record<string, unknown>;

/**
 * Turns a validated column mapping into a function from a source row to the message it
 * produces. Paths are parsed once here, not per row.
 */
export function compileMapping(mapping: TColumnMapping): (row: SourceRow) => TKafkaMessage {
  const targets = mapping.rows.map((row) => {
    const parsed = parseTargetPath(row.targetColumn);
    if (!parsed.ok) throw new MappingError(`Target Column "${row.targetColumn}" ${parsed.problem}`);
    return { source: row.sourceColumn, parents: parsed.path.slice(0, -1), leaf: parsed.path.at(-1)! };
  });

  return (row) => {
    const value: Record<string, JsonValue> = {};
    for (const { source, parents, leaf } of targets) {
      if (!Object.hasOwn(row, source)) throw new MappingError(`the row has no column "${source}"`);
      let parent = value;
      for (const part of parents) parent = (parent[part] ??= {}) as Record<string, JsonValue>;
      try {
        parent[leaf] = toJsonValue(row[source], mapping.bigNumbersAs);
      } catch (error) {
        throw new MappingError(`column "${source}": ${(error as Error).message}`);
      }
    }
    const keySource = mapping.keyColumn === null ? undefined : row[mapping.keyColumn];
    const key = keySource === undefined || keySource === null ? null : keyText(toJsonValue(keySource, 'string'));
    return { key, value: JSON.stringify(value) };
  };
}

function keyText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
