import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSyncsDocument } from './document-file.ts';

const sync = (name: string, topic = name) => `apiVersion: tributary/v1
kind: Sync
metadata:
  name: ${name}
spec:
  destination:
    type: kafka-topic
    bootstrapServers: kafka:9092
    topic: ${topic}
    sasl:
      mechanism: NONE
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tributary-document-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(text: string) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(path, text);
  return { path, read: () => readSyncsDocument(path) };
}

describe('reading a sync document', () => {
  it('takes several YAML documents in one file as one list', async () => {
    const file = await read(`${sync('a')}---\n${sync('b')}`);
    const { raw, document } = await file.read();
    expect(document.kind).toBe('SyncList');
    expect((raw as { items: Array<{ metadata: { name: string } }> }).items.map((item) => item.metadata.name)).toEqual([
      'a',
      'b',
    ]);
  });

  it('reads JSON as well', async () => {
    const file = await read(JSON.stringify({ apiVersion: 'tributary/v1', kind: 'SyncList', items: [] }));
    expect((await file.read()).document).toEqual({ apiVersion: 'tributary/v1', kind: 'SyncList', items: [] });
  });

  it('names the sync and the field of each problem', async () => {
    const file = await read(`${sync('a', '..')}---\n${sync('b', 'ok')}---\n${sync('b', 'twice')}`);
    await expect(file.read()).rejects.toThrow(
      `${file.path} is not a valid sync document:\n` +
        '  a: spec.destination.topic: Topic Name cannot be ".."\n' +
        '  b: metadata.name: The data sync "b" is listed twice (items 1 and 2)',
    );
  });

  it('says where YAML is broken, and when the file is empty or missing', async () => {
    const broken = await read('apiVersion: tributary/v1\nkind: [Sync\n');
    await expect(broken.read()).rejects.toThrow(`${broken.path} is not valid YAML or JSON:`);
    const empty = await read('');
    await expect(empty.read()).rejects.toThrow(`${empty.path} holds no document`);
    await expect(readSyncsDocument(join(dir, 'nope.yaml'))).rejects.toThrow(
      `Cannot read ${join(dir, 'nope.yaml')}: no such file`,
    );
  });
});
