export type BigNumbersAs = 'string' | 'number';

/** A value that cannot become JSON; the job records it against the row instead of stopping. */
export class MappingError extends Error {
  override name = 'MappingError';
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Source value → JSON value. Numbers, booleans, strings and null stay as they are; timestamps
 * become ISO-8601; 64-bit integers (bigint) and decimals (sources hand them over as
 * `{ decimal: string }`) become strings unless `bigNumbersAs` is `number`, which may lose
 * precision; bytes become base64.
 */
export function toJsonValue(value: unknown, bigNumbersAs: BigNumbersAs, seen?: Set<object>): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new MappingError(`${value} is not a number JSON can hold`);
      return value;
    case 'bigint':
      return bigNumbersAs === 'number' ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      throw new MappingError(`a ${typeof value} cannot be written as JSON`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new MappingError('an invalid date cannot be written as JSON');
    return value.toISOString();
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (isDecimal(value)) return bigNumbersAs === 'number' ? Number(value.decimal) : value.decimal;
  // Made only here, for nested values: a Set per scalar would be garbage on every column of every row.
  const ancestors = seen ?? new Set<object>();
  if (ancestors.has(value)) throw new MappingError('the value refers to itself and cannot be written as JSON');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toJsonValue(item, bigNumbersAs, ancestors));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, toJsonValue(item, bigNumbersAs, ancestors)]),
    );
  } finally {
    ancestors.delete(value);
  }
}

function isDecimal(value: object): value is { decimal: string } {
  return Object.keys(value).length === 1 && typeof (value as { decimal?: unknown }).decimal === 'string';
}
