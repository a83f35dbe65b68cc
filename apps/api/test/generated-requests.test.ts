import { ZApiErrorSchema } from '@tributary/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type Inject, type TestServer } from '../src/testing.ts';
import { uploadFile } from './job-test-helpers.ts';
import {
  encodeQueryValue,
  hostileString,
  hostileValue,
  keepOffTheNetwork,
  operationsOf,
  rawJsonBody,
  valueFor,
  type OpenApiDocument,
  type OpenApiOperation,
  type ValueContext,
} from './openapi-requests.ts';

/**
 * Generated requests over every operation of the served OpenAPI document: bodies that mostly
 * follow each schema with hostile values mixed in at every level, wrong content types, broken
 * and deep JSON, ids that are not UUIDs or point at another kind of thing, as an admin, a viewer
 * and nobody. No answer may be a 5xx, every error must have the API's error shape, and the app
 * must be healthy afterwards.
 *
 * A run takes a new seed unless TRIBUTARY_FUZZ_SEED gives one; the seed is printed, so a
 * failure is replayed with `TRIBUTARY_FUZZ_SEED=<seed>`.
 */
const SEED = Number(process.env.TRIBUTARY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUEST_COUNT = 1_000;
const LANES = 4;
const UPLOAD_MAX_BYTES = 64 * 1024;

type Caller = 'admin' | 'viewer' | 'anonymous';

interface GeneratedRequest {
  /** `POST /api/syncs/{id}`, as the document names it. */
  operation: string;
  caller: Caller;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

let server: TestServer;
let viewer: Inject;
let context: ValueContext;

beforeAll(async () => {
  server = await startTestServer({
    ...inject('testEnv'),
    // No worker in this process: a generated job start stays queued instead of dialling a broker.
    env: { TRIBUTARY_ROLE: 'api', TRIBUTARY_UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) },
  });
  viewer = (await server.createUser('viewer')).inject;
  // Things the generated ids may point at; the signed-in users are not among them, so the run
  // cannot demote, disable or sign out the callers it relies on.
  const operator = await server.createUser('operator');
  const group = (await server.inject({ method: 'POST', url: '/api/groups', payload: { name: 'fuzz group' } })).json();
  const file = await uploadFile(server, 'fuzz.csv', 'id,name\n1,a\n2,b\n');
  const sync = (
    await server.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: 'fuzz sync',
        destination: {
          type: 'kafka-topic',
          bootstrapServers: '127.0.0.1:1',
          topic: 'fuzz',
          sasl: { mechanism: 'NONE' },
        },
        source: { type: 'delimited-file', fileId: file.fileId },
        columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }] },
      },
    })
  ).json();
  const job = (await server.inject({ method: 'POST', url: '/api/jobs', payload: { syncId: sync.id } })).json();
  const log = (
    await server.inject({ method: 'POST', url: '/api/connections/test', payload: { syncId: sync.id } })
  ).json();
  const ids = [operator.id, group.id, file.fileId, sync.id, job.id, log.logId];
  expect(ids.every((id) => typeof id === 'string')).toBe(true);
  context = { ids };
});
afterAll(() => server?.stop());

const PATH_IDS = [
  '42',
  'null',
  '%00',
  '%ED%A0%80',
  '..%2F..%2Fapi%2Fusers',
  'a'.repeat(3_000),
  '00000000-0000-0000-0000-000000000000',
  '%F0%9F%98%80',
];

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'garbage',
  'text/csv',
];

function requestsFor(operation: OpenApiOperation): fc.Arbitrary<GeneratedRequest> {
  const pathId = fc.oneof(
    { arbitrary: fc.constantFrom(...context.ids), weight: 3 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.constantFrom(...PATH_IDS), weight: 2 },
  );
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const queryValue = (schema: OpenApiOperation['parameters'][number]['schema']) =>
    fc.oneof(
      { arbitrary: schema ? valueFor(schema, context).map(String) : hostileString, weight: 3 },
      { arbitrary: hostileString, weight: 1 },
    );
  const query = fc
    .tuple(
      ...queryParameters.map((parameter) =>
        fc.option(
          fc
            .array(queryValue(parameter.schema), { minLength: 1, maxLength: 2 })
            .map((values) => ({ name: parameter.name, values })),
          { freq: 2 },
        ),
      ),
      fc.option(fc.record({ name: hostileString, values: fc.array(hostileString, { minLength: 1, maxLength: 1 }) }), {
        freq: 5,
      }),
    )
    .map((pairs) =>
      pairs
        .filter((pair): pair is { name: string; values: string[] } => pair !== null)
        .flatMap(({ name, values }) => values.map((value) => `${encodeQueryValue(name)}=${encodeQueryValue(value)}`))
        .join('&'),
    );
  const caller = fc.oneof(
    { arbitrary: fc.constant<Caller>('admin'), weight: 7 },
    { arbitrary: fc.constant<Caller>('viewer'), weight: 2 },
    { arbitrary: fc.constant<Caller>('anonymous'), weight: 1 },
  );
  const csrf = fc.oneof(
    { arbitrary: fc.constant<Record<string, string>>({}), weight: 19 },
    { arbitrary: fc.constant({ 'x-csrf-token': 'not-the-token' }), weight: 1 },
  );
  return fc
    .record({ caller, pathId, query, body: bodyFor(operation), csrf })
    .map(({ caller, pathId, query, body, csrf }) => {
      const path = operation.path.replace('{id}', pathId);
      return {
        operation: `${operation.method} ${operation.path}`,
        // Signing out through a generated request would end the session the run relies on.
        caller: operation.path === '/api/auth/sign-out' ? 'anonymous' : caller,
        method: operation.method,
        url: query ? `${path}?${query}` : path,
        headers: { ...csrf, ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }) },
        payload: body.payload,
      };
    });
}

type Body = { contentType?: string; payload?: string };

function bodyFor(operation: OpenApiOperation): fc.Arbitrary<Body> {
  if (operation.path === '/api/source-files/') {
    const content = fc.oneof(
      fc.constant('id,name\n1,a\n'),
      fc.string({ unit: 'binary', maxLength: 2_000 }),
      hostileString,
      fc.constant(`id\n${'1'.repeat(UPLOAD_MAX_BYTES)}`),
    );
    return fc.oneof(
      fc.record({
        contentType: fc.constantFrom('text/csv', 'application/octet-stream', 'application/json', ...CONTENT_TYPES),
        payload: content,
      }),
      fc.constant({}),
    );
  }
  if (!operation.body) {
    return fc.oneof(
      { arbitrary: fc.constant({}), weight: 4 },
      { arbitrary: fc.record({ contentType: fc.constant('application/json'), payload: rawJsonBody }), weight: 1 },
    );
  }
  const json = (value: unknown) => JSON.stringify(keepOffTheNetwork(value)) ?? 'null';
  return fc.oneof(
    {
      arbitrary: valueFor(operation.body, context).map((value) => ({
        contentType: 'application/json',
        payload: json(value),
      })),
      weight: 12,
    },
    {
      arbitrary: fc.record({
        contentType: fc.constantFrom(...CONTENT_TYPES),
        payload: valueFor(operation.body, context).map(json),
      }),
      weight: 1,
    },
    { arbitrary: fc.record({ contentType: fc.constant('application/json'), payload: rawJsonBody }), weight: 1 },
    {
      arbitrary: fc.record({ contentType: fc.constant('application/json'), payload: hostileValue.map(json) }),
      weight: 1,
    },
    { arbitrary: fc.constant({}), weight: 1 },
  );
}

const describeRequest = ({ caller, method, url, headers, payload }: GeneratedRequest) =>
  `${caller} ${method} ${url.slice(0, 300)} ${JSON.stringify(headers)} ${payload === undefined ? '(no body)' : JSON.stringify(payload.slice(0, 500))}`;

describe('generated requests over the OpenAPI document', () => {
  it(`answers ${REQUEST_COUNT} generated requests without a 5xx, each error in the API's shape, and stays healthy`, async () => {
    console.warn(`generated requests: seed ${SEED} (replay with TRIBUTARY_FUZZ_SEED=${SEED})`);
    const document = (await server.anonymous({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(30);

    const requests = fc.sample(fc.oneof(...operations.map(requestsFor)), { seed: SEED, numRuns: REQUEST_COUNT });
    const callers: Record<Caller, Inject> = { admin: server.inject, viewer, anonymous: server.anonymous };
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const perOperation = new Map<string, number>();
    let slowest = { ms: 0, request: '' };
    const send = async (request: GeneratedRequest) => {
      const started = performance.now();
      const response = await callers[request.caller]({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, request: describeRequest(request) };
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      perOperation.set(request.operation, (perOperation.get(request.operation) ?? 0) + 1);
      if (response.statusCode >= 500) {
        failures.push(`${response.statusCode} ← ${describeRequest(request)}: ${response.body.slice(0, 300)}`);
      } else if (response.statusCode >= 400 && !ZApiErrorSchema.safeParse(safeJson(response.body)).success) {
        failures.push(
          `${response.statusCode} without the error shape ← ${describeRequest(request)}: ${response.body.slice(0, 300)}`,
        );
      }
    };
    // Health is polled meanwhile: a request that holds the event loop shows as a slow answer here.
    let isRunning = true;
    let slowestHealthMs = 0;
    const pollHealth = async () => {
      while (isRunning) {
        const started = performance.now();
        await server.anonymous({ method: 'GET', url: '/api/health' });
        slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    const polling = pollHealth();
    // A few at once, as clients send them; each lane keeps the sampled order of its requests.
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let index = lane; index < requests.length; index += LANES) await send(requests[index]!);
      }),
    ).finally(() => {
      isRunning = false;
    });
    await polling;
    console.warn(
      `statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; slowest health answer ${Math.round(slowestHealthMs)} ms; slowest request ${Math.round(slowest.ms)} ms: ${slowest.request.slice(0, 200)}`,
    );
    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(
      operations.filter((operation) => (perOperation.get(`${operation.method} ${operation.path}`) ?? 0) < 5),
    ).toEqual([]);

    const health = await server.anonymous({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json().status).toBe('healthy');
    expect((await server.inject({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
    // A shared 2-core machine under load runs these in 15–45 s; the bound leaves room.
  }, 180_000);
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
