export { compileMapping, type SourceRow } from './compile-mapping.ts';
export { MappingError, toJsonValue, type BigNumbersAs, type JsonValue } from './convert-value.ts';
