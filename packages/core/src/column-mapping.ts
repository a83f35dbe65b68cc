import { z } from 'zod';
import { storableText } from './storable-text.ts';
import { parseTargetPath } from './target-path.ts';

/** Rows one column mapping may have: the Column Mapping tab is typed by hand, and each row is checked on save. */
export const COLUMN_MAPPING_MAX_ROWS = 1_000;
/** Characters a Source or Target Column may have; database column names are at most 64. */
export const COLUMN_NAME_MAX_LENGTH = 1_000;

const columnName = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(COLUMN_NAME_MAX_LENGTH, `${label} must be at most ${COLUMN_NAME_MAX_LENGTH} characters`)
    .superRefine(storableText(label));

export const ZColumnMappingRowSchema = z.object({
  sourceColumn: columnName('Source Column'),
  targetColumn: columnName('Target Column'),
});
export type TColumnMappingRow = z.infer<typeof ZColumnMappingRowSchema>;

const BIG_NUMBERS_AS = ['string', 'number'] as const;

/** One node per target path part; `row` is set where a row's target ends. */
interface TargetNode {
  row?: number;
  children: Map<string, TargetNode>;
}

/**
 * The Column Mapping tab: ordered rows `Source Column → Target Column`, an optional message key
 * column, and how 64-bit integers and decimals are written (strings keep every digit).
 */
export const ZColumnMappingSchema = z
  .object({
    rows: z
      .array(ZColumnMappingRowSchema, { error: 'Column mapping rows must be a list' })
      .min(1, 'Add at least one column mapping')
      .max(COLUMN_MAPPING_MAX_ROWS, {
        error: (issue) =>
          `A column mapping may have at most ${COLUMN_MAPPING_MAX_ROWS} rows (found ${(issue.input as unknown[]).length})`,
      }),
    keyColumn: columnName('Message key column').nullable().default(null),
    bigNumbersAs: z
      .enum(BIG_NUMBERS_AS, { error: 'Big numbers must be written as string or number' })
      .default('string'),
  })
  .superRefine((mapping, ctx) => {
    if (mapping.rows.length > COLUMN_MAPPING_MAX_ROWS) return;
    // Every target path goes into one tree, so duplicates and value/object conflicts are found
    // in time linear in the total length of the targets, not by comparing every pair of rows.
    const root: TargetNode = { children: new Map() };
    const targets: Array<{ row: number; path: string[] }> = [];
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
      let node = root;
      for (const part of parsed.path) {
        let child = node.children.get(part);
        if (!child) {
          child = { children: new Map() };
          node.children.set(part, child);
        }
        node = child;
      }
      if (node.row !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', index, 'targetColumn'],
          message: `Row ${rowNumber}: Target Column "${row.targetColumn}" is already used by row ${node.row}`,
        });
        return;
      }
      node.row = rowNumber;
      targets.push({ row: rowNumber, path: parsed.path });
    });
    // A target cannot be both a value and an object: `customer` and `customer.name`. Each row
    // names its shortest conflicting target; fixing it shows the next.
    for (const { row, path } of targets) {
      let node = root;
      for (let depth = 0; depth < path.length - 1; depth += 1) {
        node = node.children.get(path[depth]!)!;
        if (node.row === undefined) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['rows', row - 1, 'targetColumn'],
          message: `Row ${row}: "${path.slice(0, depth + 1).join('.')}" is a value in row ${node.row}, so it cannot also hold "${path.slice(depth + 1).join('.')}"`,
        });
        break;
      }
    }
  });
export type TColumnMapping = z.output<typeof ZColumnMappingSchema>;

/**
 * A stored column mapping as the API answers it and a job reads it. It was checked when saved;
 * it is not checked again, so a mapping saved before a limit existed still opens and runs.
 */
export const ZColumnMappingViewSchema = z.object({
  rows: z.array(z.object({ sourceColumn: z.string(), targetColumn: z.string() })),
  keyColumn: z.string().nullable(),
  bigNumbersAs: z.enum(BIG_NUMBERS_AS),
});

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
