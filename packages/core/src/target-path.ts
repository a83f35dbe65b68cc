/**
 * A Target Column names a JSON attribute; dots build nested objects (`customer.name`). A literal
 * dot is written `\.` and a literal backslash `\\`.
 */
export type TargetPathResult = { ok: true; path: string[] } | { ok: false; problem: string };

export function parseTargetPath(target: string): TargetPathResult {
  const path: string[] = [];
  let current = '';
  for (let i = 0; i < target.length; i += 1) {
    const char = target[i]!;
    if (char === '\\') {
      const next = target[i + 1];
      if (next !== '.' && next !== '\\') return { ok: false, problem: 'a backslash must be followed by "." or "\\"' };
      current += next;
      i += 1;
    } else if (char === '.') {
      path.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  path.push(current);
  if (path.some((part) => part === ''))
    return { ok: false, problem: 'has an empty part (check for a leading, trailing or doubled dot)' };
  return { ok: true, path };
}
