import { parseBootstrapServers, storableTextProblem } from '@tributary/core';
import fc from 'fast-check';

/** The subset of JSON Schema the served OpenAPI document uses for parameters and bodies. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

export interface OpenApiOperation {
  method: string;
  /** `/api/syncs/{id}` */
  path: string;
  parameters: Array<{ in: string; name: string; schema?: JsonSchema }>;
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: OpenApiOperation['parameters'];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

export function operationsOf(document: OpenApiDocument): OpenApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/** Characters that have broken storage or parsing somewhere: NUL, unpaired surrogates, controls, direction marks. */
const HOSTILE_CHARACTERS = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u0007',
  '\n',
  '\t',
  '\u0085',
  '\u202e',
  '\ufeff',
  '\\',
  '"',
  "'",
  '%',
];

const hostileCharacter = fc.constantFrom(...HOSTILE_CHARACTERS);
const anyCharacter = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: hostileCharacter, weight: 1 },
);

/** Text a user might type, or an attacker might: any code point, plus the characters above. */
export const hostileString = fc.oneof(
  fc.string({ unit: anyCharacter, maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '../../etc/passwd',
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '%00',
    '\u202egnp.exe',
    'null',
    '12',
    '-1',
    '1e999',
  ),
  fc.integer({ min: 1_000, max: 300_000 }).map((length) => 'x'.repeat(length)),
);

/** A JSON value of the wrong kind for almost any field. */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53 + 2, -1e308, 1e308),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.integer({ min: 1, max: 5 }).map((depth) => nested(depth * 10)),
);

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileString, wrongType);

/** Bodies no schema describes: broken, deep or prototype-polluting JSON. */
export const rawJsonBody = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"text"',
    '12',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"name":"\\ud800"}',
    '{"name":"a\\u0000b"}',
  ),
  fc.integer({ min: 1_000, max: 200_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .integer({ min: 1_000, max: 50_000 })
    .map((depth) => `${'{"a":'.repeat(depth)}{"__proto__":{"x":1}}${'}'.repeat(depth)}`),
  fc.string({ unit: anyCharacter, maxLength: 200 }),
);

export interface ValueContext {
  /** Ids of things that exist (users, groups, syncs, files, jobs, logs), so ids point somewhere. */
  ids: readonly string[];
}

const typesOf = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

function stringFor(schema: JsonSchema, context: ValueContext): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...context.ids), fc.uuid());
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time')
    return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString());
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern), { maxLength: 20 });
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  const plausible = fc.constantFrom('orders', 'id', 'customer.name', 'c0', 'select 1', 'Zoë');
  return fc.oneof(
    {
      arbitrary: fc.string({ unit: anyCharacter, minLength: min, maxLength: Math.min(max, Math.max(min, 40)) }),
      weight: 4,
    },
    { arbitrary: plausible, weight: 2 },
    // Otherwise acceptable text with one bad character: what gets past a type check to storage.
    {
      arbitrary: fc
        .tuple(plausible, hostileCharacter, fc.nat())
        .map(([text, char, at]) => text.slice(0, at % (text.length + 1)) + char + text.slice(at % (text.length + 1))),
      weight: 2,
    },
    { arbitrary: fc.constant('x'.repeat(max)), weight: 1 },
    { arbitrary: fc.constant('x'.repeat(max + 1)), weight: 1 },
  );
}

function numberFor(schema: JsonSchema, isInteger: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1e6;
  const max = schema.maximum ?? 1e6;
  const inRange = isInteger
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true });
  return fc.oneof({ arbitrary: inRange, weight: 4 }, { arbitrary: fc.constantFrom(min - 1, max + 1, 0.5), weight: 1 });
}

/** A value that mostly follows `schema`, with hostile values mixed in at every level. */
export function valueFor(schema: JsonSchema, context: ValueContext, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: validishValueFor(schema, context, depth), weight: 12 },
    { arbitrary: hostileValue, weight: 1 },
  );
}

function validishValueFor(schema: JsonSchema, context: ValueContext, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) {
    const options = branches.map((branch) => validishValueFor(branch, context, depth));
    return schema.nullable ? fc.oneof(fc.constant(null), ...options) : fc.oneof(...options);
  }
  if (schema.allOf?.[0]) return validishValueFor(schema.allOf[0], context, depth);
  const types = typesOf(schema);
  const options: Array<fc.Arbitrary<unknown>> = [];
  if (schema.nullable || types.includes('null')) options.push(fc.constant(null));
  if (types.includes('string')) options.push(stringFor(schema, context));
  if (types.includes('integer')) options.push(numberFor(schema, true));
  else if (types.includes('number')) options.push(numberFor(schema, false));
  if (types.includes('boolean')) options.push(fc.boolean());
  if (types.includes('array')) {
    const item = schema.items ? valueFor(schema.items, context, depth + 1) : hostileValue;
    const minLength = schema.minItems ?? 0;
    options.push(fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) }));
  }
  if (types.includes('object') || schema.properties) options.push(objectFor(schema, context, depth));
  return options.length > 0 ? fc.oneof(...options) : hostileValue;
}

function objectFor(schema: JsonSchema, context: ValueContext, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  if (depth > 6 || Object.keys(properties).length === 0)
    return fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 });
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, valueFor(property, context, depth + 1)]),
  );
  const required = (schema.required ?? []).filter((name) => name in properties);
  return fc.oneof(
    { arbitrary: fc.record(model, { requiredKeys: required }), weight: 8 },
    // Required fields missing, and unknown fields added.
    { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 1 },
    {
      arbitrary: fc
        .tuple(
          fc.record(model, { requiredKeys: required }),
          fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 2 }),
        )
        .map(([known, extra]) => ({ ...extra, ...known })),
      weight: 1,
    },
  );
}

const CLOSED_PORT = 1;

/**
 * The generated requests must not reach the network: every host that would pass validation is
 * replaced by 127.0.0.1 on a port where nothing listens, so Test Connection and the source
 * checks fail at once on the loopback; values that validation refuses stay as generated.
 */
export function keepOffTheNetwork(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keepOffTheNetwork);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'bootstrapServers' && typeof field === 'string' && parseBootstrapServers(field).ok) {
      result[key] = `127.0.0.1:${CLOSED_PORT}`;
    } else if (key === 'host' && typeof field === 'string' && field.trim() && !storableTextProblem(field.trim())) {
      result[key] = '127.0.0.1';
    } else if (key === 'port' && (typeof field === 'number' || typeof field === 'string')) {
      result[key] = CLOSED_PORT;
    } else if (key === 'tokenEndpointUrl' && typeof field === 'string') {
      result[key] = `http://127.0.0.1:${CLOSED_PORT}/token`;
    } else {
      result[key] = keepOffTheNetwork(field);
    }
  }
  return result;
}

/** `encodeURIComponent`, except that an unpaired surrogate goes out as the bytes it would be in WTF-8. */
export function encodeQueryValue(value: string): string {
  return value.replace(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g, (char) => {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    }
    return encodeURIComponent(char);
  });
}
