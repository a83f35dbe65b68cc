import { toJsonValue } from '@tributary/mapping';

/** Sample rows as the UI can show them: values as the default mapping would write them. */
export function jsonSampleRows(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => {
        try {
          return [name, toJsonValue(value, 'string')];
        } catch {
          return [name, String(value)];
        }
      }),
    ),
  );
}
