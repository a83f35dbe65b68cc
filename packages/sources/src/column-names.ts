/** The name of a column that has none (a file without a header row, an empty header cell): column_1, column_2, … */
export const positionalColumnName = (index: number) => `column_${index + 1}`;

/**
 * The names a source's columns are read under, in every reader and in discovery alike: a blank
 * name becomes `column_<position>`, and a repeated one gets `_2`, `_3`, … (skipping names the
 * source already has), so no value is ever lost under another column's name. Names the source
 * gives are kept before generated ones are chosen.
 */
export function uniqueColumnNames(names: readonly string[]): string[] {
  const isBlank = names.map((name) => name.trim() === '');
  const given = new Set(names.filter((_, index) => !isBlank[index]));
  const unique: Array<string | undefined> = names.map(() => undefined);
  const taken = new Set<string>();
  names.forEach((name, index) => {
    if (isBlank[index] || taken.has(name)) return;
    taken.add(name);
    unique[index] = name;
  });
  return names.map((name, index) => {
    if (unique[index] !== undefined) return unique[index];
    const base = isBlank[index] ? positionalColumnName(index) : name;
    let candidate = base;
    for (let suffix = 2; taken.has(candidate) || (candidate !== base && given.has(candidate)); suffix += 1) {
      candidate = `${base}_${suffix}`;
    }
    taken.add(candidate);
    return candidate;
  });
}

/** A row as the mapping reads it: each value under its column's unique name. */
export function rowObject(names: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < names.length; index += 1) row[names[index]!] = values[index];
  return row;
}
