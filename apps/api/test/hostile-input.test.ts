import { BOOTSTRAP_SERVERS_MAX_ENTRIES, COLUMN_MAPPING_MAX_ROWS, SESSION_COOKIE } from '@tributary/core';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing.ts';
import { uploadFile } from './job-test-helpers.ts';

/** Small, so a test can exceed it without sending 100 MiB. */
const UPLOAD_MAX_BYTES = 64 * 1024;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    ...inject('testEnv'),
    env: { TRIBUTARY_UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) },
  });
});
afterAll(() => server?.stop());

async function query<Row>(sql: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

const destination = (bootstrapServers = '127.0.0.1:1') => ({
  type: 'kafka-topic',
  bootstrapServers,
  topic: 'orders',
  sasl: { mechanism: 'NONE' },
});

const NUL = 'a\u0000b';
const SURROGATE = 'a\ud800b';
const NUL_PROBLEM = 'must not contain a NUL character (U+0000); found at character 2';
const SURROGATE_PROBLEM =
  'must not contain an unpaired UTF-16 surrogate (U+D800), which is not valid Unicode; found at character 2';

const STORED_COUNT = `select (select count(*) from users) + (select count(*) from groups)
  + (select count(*) from syncs) + (select count(*) from source_files) as count`;

describe('NUL, unpaired surrogates and control characters in text fields', () => {
  it.each([
    ['NUL', NUL, NUL_PROBLEM],
    ['an unpaired surrogate', SURROGATE, SURROGATE_PROBLEM],
    [
      'a line break',
      'a\nb',
      'must not contain a tab or line break (U+000A) since it is one line; found at character 2',
    ],
  ])('refuses %s in every name with 400 naming the field, and stores nothing', async (_what, bad, problem) => {
    const viewer = await server.createUser('viewer');
    const group = (
      await server.inject({
        method: 'POST',
        url: '/api/groups',
        payload: { name: `g-${bad.length}-${problem.length}` },
      })
    ).json();
    const cases: Array<{ request: Parameters<TestServer['inject']>[0]; field: string; label: string }> = [
      {
        request: {
          method: 'POST',
          url: '/api/users',
          payload: { email: 'n@example.com', displayName: bad, role: 'viewer', password: 'a long passphrase' },
        },
        field: 'body.displayName',
        label: 'Display name',
      },
      {
        request: { method: 'PATCH', url: `/api/users/${viewer.id}`, payload: { displayName: bad } },
        field: 'body.displayName',
        label: 'Display name',
      },
      { request: { method: 'POST', url: '/api/groups', payload: { name: bad } }, field: 'body.name', label: 'Name' },
      {
        request: { method: 'PATCH', url: `/api/groups/${group.id}`, payload: { name: bad } },
        field: 'body.name',
        label: 'Name',
      },
      {
        request: { method: 'POST', url: '/api/syncs', payload: { name: bad, destination: destination() } },
        field: 'body.name',
        label: 'Name',
      },
      {
        request: {
          method: 'POST',
          url: '/api/syncs',
          payload: { name: 'ok', destination: { ...destination(), sasl: { mechanism: 'PLAIN', username: bad } } },
        },
        field: 'body.destination.sasl.username',
        label: 'Username',
      },
      {
        request: {
          method: 'POST',
          url: '/api/sources/test',
          payload: {
            source: { type: 'postgresql', host: 'localhost', port: 5432, database: bad, user: 'u', table: 't' },
          },
        },
        field: 'body.source.database',
        label: 'Database',
      },
    ];
    // Percent-encoding is UTF-8, which has no unpaired surrogates: only NUL and controls reach a query.
    if (bad !== SURROGATE) {
      cases.push(
        {
          request: { method: 'GET', url: `/api/audit-events?targetType=${encodeURIComponent(bad)}` },
          field: 'querystring.targetType',
          label: 'targetType',
        },
        {
          request: {
            method: 'POST',
            url: `/api/source-files?name=${encodeURIComponent(bad)}`,
            headers: { 'content-type': 'text/csv' },
            payload: 'id\n1\n',
          },
          field: 'querystring.name',
          label: 'name',
        },
      );
    }
    const before = await query(STORED_COUNT);
    for (const { request, field, label } of cases) {
      const response = await server.inject(request);
      expect({ url: request.url, status: response.statusCode }).toEqual({ url: request.url, status: 400 });
      expect(response.json().fields).toContainEqual({ field, message: `${label} ${problem}` });
    }
    expect(await query(STORED_COUNT)).toEqual(before);
    const names = await query<{ name: string }>(
      'select display_name as name from users union all select name from groups',
    );
    expect(names.map((row) => row.name).filter((name) => name.includes('\ufffd'))).toEqual([]);
  });

  it('keeps tabs and line breaks in a description, and refuses other control characters there', async () => {
    const kept = await server.inject({
      method: 'POST',
      url: '/api/groups',
      payload: { name: 'multi-line', description: 'first line\n\tsecond line' },
    });
    expect(kept.statusCode).toBe(201);
    expect(kept.json().description).toBe('first line\n\tsecond line');
    const bell = await server.inject({
      method: 'POST',
      url: '/api/groups',
      payload: { name: 'bell', description: 'ding\u0007' },
    });
    expect(bell.json().fields).toEqual([
      {
        field: 'body.description',
        message: 'Description must not contain the control character U+0007; found at character 5',
      },
    ]);
  });

  it('refuses NUL in a password, whose other characters are all allowed', async () => {
    const response = await server.anonymous({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: server.admin.email, password: `x${NUL}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([
      { field: 'body.password', message: 'Password must not contain a NUL character (U+0000); found at character 3' },
    ]);
  });

  it('signs in whatever the User-Agent holds, keeping only a storable, shortened one', async () => {
    const signIn = (userAgent: string) =>
      server.anonymous({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { 'user-agent': userAgent },
        payload: { email: server.admin.email, password: server.admin.password },
      });
    const storedUserAgent = async (userAgent: string) => {
      const response = await signIn(userAgent);
      expect(response.statusCode).toBe(200);
      const token = response.cookies.find((cookie) => cookie.name === SESSION_COOKIE)!.value;
      const id = createHash('sha256').update(token).digest('hex');
      return (await query<{ user_agent: string | null }>('select user_agent from sessions where id = $1', [id]))[0]!
        .user_agent;
    };
    expect(await storedUserAgent(`agent${NUL}`)).toBeNull();
    expect(await storedUserAgent(`Mozilla/5.0 ${'x'.repeat(5_000)}`)).toBe(`Mozilla/5.0 ${'x'.repeat(488)}`);
  });
});

describe('malformed URLs', () => {
  it('answers a path that is not UTF-8 or is too long in the API error shape', async () => {
    const notUtf8 = await server.inject({ method: 'GET', url: '/api/syncs/%ED%A0%80' });
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The URL is not valid: a percent-encoded part is not UTF-8',
    });
    const tooLong = await server.inject({ method: 'GET', url: `/api/syncs/${'a'.repeat(3_000)}` });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.json()).toEqual({ code: 'VALIDATION_FAILED', message: 'A part of the URL path is too long' });
  });
});

describe('uploads', () => {
  const fileCount = async () => Number((await query<{ count: string }>('select count(*) from source_files'))[0]!.count);

  it('refuses a JSON, form or multipart body with 415 naming the problem, and no body with 400', async () => {
    const json = await server.inject({ method: 'POST', url: '/api/source-files?name=a.csv', payload: { id: 1 } });
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message:
        "Send the file's bytes as the request body (Content-Type text/csv or application/octet-stream), not application/json",
    });
    const multipart = await server.inject({
      method: 'POST',
      url: '/api/source-files?name=a.csv',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\n\r\nid\n1\r\n--x--',
    });
    expect(multipart.statusCode).toBe(415);
    const empty = await server.inject({ method: 'POST', url: '/api/source-files?name=a.csv' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'file', message: 'The file is empty' }],
    });
  });

  it('stores a file of exactly the limit, and answers 413 beyond it leaving nothing stored', async () => {
    const before = await fileCount();
    const atLimit = await uploadFile(server, 'at-limit.csv', `id\n${'1'.repeat(UPLOAD_MAX_BYTES - 3)}`);
    expect(atLimit.size).toBe(UPLOAD_MAX_BYTES);

    const declared = await server.inject({
      method: 'POST',
      url: '/api/source-files?name=big.csv',
      headers: { 'content-type': 'text/csv' },
      payload: `id\n${'1'.repeat(UPLOAD_MAX_BYTES)}`,
    });
    expect(declared.statusCode).toBe(413);
    expect(declared.json()).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The file is ${UPLOAD_MAX_BYTES + 3} bytes; uploads may be at most ${UPLOAD_MAX_BYTES} bytes (TRIBUTARY_UPLOAD_MAX_BYTES)`,
      fields: [{ field: 'file', message: `The file may be at most ${UPLOAD_MAX_BYTES} bytes` }],
    });
    expect(await fileCount()).toBe(before + 1);
  });

  it('stops a chunked upload (no Content-Length) as soon as it passes the limit, over real HTTP', async () => {
    const before = await fileCount();
    const signedIn = await server.anonymous({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: server.admin.email, password: server.admin.password },
    });
    const token = signedIn.cookies.find((cookie) => cookie.name === SESSION_COOKIE)!.value;
    let sentChunks = 0;
    const chunk = new TextEncoder().encode(`${'1,2,3\n'.repeat(2_730)}`);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 1000 chunks of 16 KiB: far beyond the limit, so stopping early is what ends the request.
        if (sentChunks++ < 1_000) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/source-files?name=chunked.csv`, {
      method: 'POST',
      headers: {
        'content-type': 'text/csv',
        cookie: `${SESSION_COOKIE}=${token}`,
        'x-csrf-token': signedIn.json().csrfToken,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The file is larger than ${UPLOAD_MAX_BYTES} bytes; uploads may be at most ${UPLOAD_MAX_BYTES} bytes (TRIBUTARY_UPLOAD_MAX_BYTES)`,
    });
    expect(sentChunks).toBeLessThan(1_000);
    expect(await fileCount()).toBe(before);
    expect(
      await query(
        'select count(*)::int as count from source_file_chunks where file_id not in (select id from source_files)',
      ),
    ).toEqual([{ count: 0 }]);
  });

  it('answers a JSON body over the 1 MiB body limit with 413 naming the limit', async () => {
    const response = await server.inject({
      method: 'POST',
      url: '/api/groups',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The request body is larger than the 1048576 bytes this route accepts',
    });
  });
});

describe('limits on lists', () => {
  it(`refuses more than ${COLUMN_MAPPING_MAX_ROWS} column mapping rows, and saves ${COLUMN_MAPPING_MAX_ROWS}`, async () => {
    const columns = Array.from({ length: COLUMN_MAPPING_MAX_ROWS + 1 }, (_, i) => `c${i}`);
    const file = await uploadFile(server, 'wide.csv', `${columns.join(',')}\n${columns.map(() => '1').join(',')}\n`);
    const save = (count: number) =>
      server.inject({
        method: 'POST',
        url: '/api/syncs',
        payload: {
          name: `wide-${count}`,
          destination: destination(),
          source: { type: 'delimited-file', fileId: file.fileId },
          columnMapping: {
            rows: columns.slice(0, count).map((column) => ({ sourceColumn: column, targetColumn: `t.${column}` })),
          },
        },
      });
    const tooMany = await save(COLUMN_MAPPING_MAX_ROWS + 1);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().fields).toEqual([
      {
        field: 'body.columnMapping.rows',
        message: `A column mapping may have at most ${COLUMN_MAPPING_MAX_ROWS} rows (found ${COLUMN_MAPPING_MAX_ROWS + 1})`,
      },
    ]);
    const saved = await save(COLUMN_MAPPING_MAX_ROWS);
    expect(saved.statusCode).toBe(201);
    expect(saved.json().columnMapping.rows).toHaveLength(COLUMN_MAPPING_MAX_ROWS);

    // A mapping saved before the limit existed still opens.
    const syncId = saved.json().id as string;
    await query(
      `insert into column_mappings (id, sync_id, position, source_column, target_column)
       select gen_random_uuid(), $1, g, 'c0', 'extra.t' || g from generate_series($2::int, $3::int) g`,
      [syncId, COLUMN_MAPPING_MAX_ROWS, COLUMN_MAPPING_MAX_ROWS + 499],
    );
    const opened = await server.inject({ method: 'GET', url: `/api/syncs/${syncId}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().columnMapping.rows).toHaveLength(COLUMN_MAPPING_MAX_ROWS + 500);
  });

  it(`refuses more than ${BOOTSTRAP_SERVERS_MAX_ENTRIES} bootstrap servers before resolving any`, async () => {
    const servers = Array.from({ length: 500 }, (_, i) => `unresolvable-${i}.invalid:9092`).join(',');
    for (const request of [
      { method: 'POST' as const, url: '/api/connections/test', payload: { destination: destination(servers) } },
      {
        method: 'POST' as const,
        url: '/api/syncs',
        payload: { name: 'many-servers', destination: destination(servers) },
      },
    ]) {
      const response = await server.inject(request);
      expect(response.statusCode).toBe(400);
      expect(response.json().fields).toEqual([
        {
          field: 'body.destination.bootstrapServers',
          message: `Bootstrap Servers: list at most ${BOOTSTRAP_SERVERS_MAX_ENTRIES} servers (found 500); a few are enough to find the cluster`,
        },
      ]);
    }
  });
});
