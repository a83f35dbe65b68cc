import { z } from 'zod';
import { parseTargetPath } from './target-path.ts';

export const ZColumnMappingRowSchema = z.object({
  sourceColumn: z.string().trim().min(1, 'Source Column is required'),
  targetColumn: z.string().trim().min(1, 'Target Column is required'),
});
export type TColumnMappingRow = z.infer<typeof ZColumnMappingRowSchema>;

/**
 * The Column Mapping tab: ordered rows `Source Column → Target Column`, an optional message key
 * column, and how 64-bit integers and decimals are written (strings keep every digit).
 */
export const ZColumnMappingSchema = z
  .object({
    rows: z.array(ZColumnMappingRowSchema).min(1, 'Add at least one column mapping'),
    keyColumn: z.string().trim().min(1).nullable().default(null),
    bigNumbersAs: z.enum(['string', 'number']).default('string'),
  })
  .superRefine((mapping, ctx) => {
    const seen = new Map<string, number>();
    const paths: Array<{ row: number; path: string[] }> = [];
    mapping.rows.forEach((row, index) => {
      const rowNumber = index + 1;
      const parsed = parseTargetPath(row.targetColumn);
      if (!parsed.ok) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', index, 'targetColumn'],
          message: `Row ${rowNumber}: Target Column "${row.targetColumn}" ${parsed.problem}`,
        });
        return;
      }
      const key = JSON.stringify(parsed.path);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', index, 'targetColumn'],
          message: `Row ${rowNumber}: Target Column "${row.targetColumn}" is already used by row ${first}`,
        });
        return;
      }
      seen.set(key, rowNumber);
      paths.push({ row: rowNumber, path: parsed.path });
    });
    // A target cannot be both a value and an object: `customer` and `customer.name`.
    for (const outer of paths) {
      for (const inner of paths) {
        const isPrefix = inner.path.length > outer.path.length && outer.path.every((part, i) => inner.path[i] === part);
        if (isPrefix) {
          ctx.addIssue({
            code: 'custom',
            path: ['rows', inner.row - 1, 'targetColumn'],
            message: `Row ${inner.row}: "${outer.path.join('.')}" is a value in row ${outer.row}, so it cannot also hold "${inner.path.slice(outer.path.length).join('.')}"`,
          });
        }
      }
    }
  });
export type TColumnMapping = z.output<typeof ZColumnMappingSchema>;

/** Source columns the mapping (or its key) names that the source does not have, one issue each. */
export function unknownSourceColumns(
  mapping: TColumnMapping,
  available: readonly string[],
): Array<{ field: string; message: string }> {
  const known = new Set(available);
  const issues = mapping.rows.flatMap((row, index) =>
    known.has(row.sourceColumn)
      ? []
      : [
          {
            field: `rows.${index}.sourceColumn`,
            message: `Row ${index + 1}: the source has no column "${row.sourceColumn}"`,
          },
        ],
  );
  if (mapping.keyColumn !== null && !known.has(mapping.keyColumn)) {
    issues.push({ field: 'keyColumn', message: `Message key: the source has no column "${mapping.keyColumn}"` });
  }
  return issues;
}
