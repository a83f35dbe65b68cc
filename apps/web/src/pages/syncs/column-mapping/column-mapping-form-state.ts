import type { TColumnMapping, TSyncSaveRequest } from '@tributary/core';

export interface MappingRowState {
  /** Stable across reorders, so React keeps each row's focus and input state. */
  key: number;
  sourceColumn: string;
  targetColumn: string;
}

export interface ColumnMappingFormState {
  rows: MappingRowState[];
  /** '' means no message key. */
  keyColumn: string;
  bigNumbersAs: 'string' | 'number';
}

let nextRowKey = 1;
export const newMappingRow = (sourceColumn = '', targetColumn = ''): MappingRowState => ({
  key: nextRowKey++,
  sourceColumn,
  targetColumn,
});

export function emptyColumnMappingForm(): ColumnMappingFormState {
  return { rows: [], keyColumn: '', bigNumbersAs: 'string' };
}

export function columnMappingFormFromView(view: TColumnMapping | null): ColumnMappingFormState {
  if (!view) return emptyColumnMappingForm();
  return {
    rows: view.rows.map((row) => newMappingRow(row.sourceColumn, row.targetColumn)),
    keyColumn: view.keyColumn ?? '',
    bigNumbersAs: view.bigNumbersAs,
  };
}

type ColumnMappingInput = NonNullable<TSyncSaveRequest['columnMapping']>;

/** The API input, or null while nothing is mapped (a sync can be saved before its mapping). */
export function columnMappingInputFromForm(form: ColumnMappingFormState): ColumnMappingInput | null {
  if (form.rows.length === 0 && form.keyColumn === '') return null;
  return {
    rows: form.rows.map(({ sourceColumn, targetColumn }) => ({ sourceColumn, targetColumn })),
    keyColumn: form.keyColumn === '' ? null : form.keyColumn,
    bigNumbersAs: form.bigNumbersAs,
  };
}

/** The rows with the one at `index` swapped with its neighbour (`by` = -1 up, +1 down). */
export function moveRow(rows: MappingRowState[], index: number, by: -1 | 1): MappingRowState[] {
  const target = index + by;
  if (target < 0 || target >= rows.length) return rows;
  const moved = [...rows];
  [moved[index], moved[target]] = [moved[target]!, moved[index]!];
  return moved;
}
