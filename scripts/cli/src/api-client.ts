import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { ZApiErrorSchema, ZSourceFileViewSchema, type TFieldIssue } from '@tributary/core';
import type { z } from 'zod';
import type { CliConfig } from './cli-config.ts';
import { CliError } from './cli-error.ts';

/** The status, the server's message and each rejected field, one a line. */
function describeFailure(status: number, statusText: string, body: string): string {
  const parsed = ZApiErrorSchema.safeParse(safeJson(body));
  const lines = [
    `HTTP ${status} ${statusText}: ${parsed.success ? parsed.data.message : body.slice(0, 500) || '(no body)'}`,
  ];
  for (const issue of (parsed.success && parsed.data.fields) || ([] as TFieldIssue[])) {
    lines.push(`  ${issue.field}: ${issue.message}`);
  }
  return lines.join('\n');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The API with the CLI's token: a Bearer header, never a session, so no CSRF token is needed. */
export function createApiClient(config: CliConfig) {
  async function send(path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> {
    const url = `${config.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { authorization: `Bearer ${config.token}`, ...init.headers },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`Cannot reach ${config.baseUrl}: ${cause?.code ?? cause?.message ?? String(error)}`);
    }
    if (!response.ok) {
      throw new CliError(describeFailure(response.status, response.statusText, await response.text()));
    }
    return response;
  }

  return {
    async text(path: string): Promise<string> {
      return (await send(path)).text();
    },

    async json<S extends z.ZodType>(path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
      const response = await send(path, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const parsed = schema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new CliError(`Unexpected answer from ${path}: ${parsed.error.message}`);
      return parsed.data;
    },

    /** Streams a local file to `POST /api/source-files` under `name`; answers its upload id. */
    async upload(name: string, path: string): Promise<string> {
      const size = (await stat(path).catch(() => null))?.size;
      if (size === undefined) throw new CliError(`--file ${name}=${path}: no such file`);
      const response = await send(`/api/source-files?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body: Readable.toWeb(createReadStream(path)) as ReadableStream,
        duplex: 'half',
      });
      const answer = ZSourceFileViewSchema.safeParse(await response.json().catch(() => undefined));
      if (!answer.success) throw new CliError(`Unexpected answer to the upload of ${path}`);
      return answer.data.fileId;
    },
  };
}
