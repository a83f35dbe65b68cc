import { describe, expect, it } from 'vitest';
import type { TSyncView } from '../sync.ts';
import { syncDocumentFromView } from './export-sync-document.ts';
import { missingVariables, secretReferences, syncSaveRequestFromDocument } from './resolve-sync-document.ts';
import { secretVariableName } from './secret-reference.ts';
import { ZSyncsDocumentSchema } from './sync-document.ts';

const view: TSyncView = {
  id: '7c6f3a52-8a0e-4d3c-9a4e-2f4b1d7c9e01',
  name: 'Orders (EU)',
  description: '',
  destination: {
    type: 'kafka-topic',
    bootstrapServers: 'b1:9092',
    topic: 'orders',
    ssl: { isEnabled: false, clientKey: { isSet: false }, skipVerification: false },
    sasl: { mechanism: 'PLAIN', username: 'u', password: { isSet: true } },
  },
  source: {
    type: 'postgresql',
    host: 'db',
    port: 5432,
    database: 'shop',
    user: 'reader',
    password: { isSet: true },
    useSsl: true,
    query: 'select * from orders',
  },
  columnMapping: { rows: [{ sourceColumn: 'id', targetColumn: 'id' }], keyColumn: 'id', bigNumbersAs: 'string' },
  jobSettings: { compression: 'none', errorLimit: null, batchSize: 1000 },
  createdAt: '2026-11-25T00:00:00.000Z',
  updatedAt: '2026-11-25T00:00:00.000Z',
  access: { canView: true, canEdit: true, canRun: true, canManage: true },
};

describe('secret variable names', () => {
  it.each([
    ['orders', 'sasl.password', 'TRIBUTARY_ORDERS_SASL_PASSWORD'],
    ['Orders (EU)', 'source.password', 'TRIBUTARY_ORDERS_EU_SOURCE_PASSWORD'],
    ['crème-brûlée 2', 'ssl.clientKey', 'TRIBUTARY_CREME_BRULEE_2_SSL_CLIENT_KEY'],
    ['2024 load', 'sasl.clientSecret', 'TRIBUTARY_2024_LOAD_SASL_CLIENT_SECRET'],
  ] as const)('names %j %s as %s', (name, field, variable) => {
    expect(secretVariableName(name, field)).toBe(variable);
  });

  it('gives a name without Latin letters or digits a stable tag of its own', () => {
    const variable = secretVariableName('数据同步', 'sasl.password');
    expect(variable).toMatch(/^TRIBUTARY_SYNC_[0-9A-F]{8}_SASL_PASSWORD$/);
    expect(secretVariableName('数据同步', 'sasl.password')).toBe(variable);
    expect(secretVariableName('其他', 'sasl.password')).not.toBe(variable);
  });
});

describe('sync documents', () => {
  it('exports ids, timestamps and access nowhere, and each set secret as a reference', () => {
    const document = syncDocumentFromView(view);
    expect(JSON.stringify(document)).not.toMatch(/7c6f3a52|2026-11-25|canEdit|isSet/);
    expect(document.metadata).toEqual({ name: 'Orders (EU)' });
    expect(document.spec.destination).toMatchObject({
      ssl: { isEnabled: false, skipVerification: false },
      sasl: { mechanism: 'PLAIN', username: 'u', password: '${TRIBUTARY_ORDERS_EU_SASL_PASSWORD}' },
    });
    expect(document.spec.destination.ssl).not.toHaveProperty('clientKey');
    // Keys in the schema's order: the password beside the user, not appended.
    expect(Object.keys(document.spec.source!)).toEqual([
      'type',
      'host',
      'port',
      'database',
      'user',
      'password',
      'useSsl',
      'query',
    ]);
  });

  it('turns a document back into the save request with the given secret values', () => {
    const document = ZSyncsDocumentSchema.parse(syncDocumentFromView(view));
    const variables = { TRIBUTARY_ORDERS_EU_SASL_PASSWORD: 'pw', TRIBUTARY_ORDERS_EU_SOURCE_PASSWORD: 'db-pw' };
    expect(missingVariables(document, variables)).toEqual([]);
    expect(document.kind).toBe('Sync');
    if (document.kind !== 'Sync') return;
    const request = syncSaveRequestFromDocument(document, variables, () => 'unused');
    expect(request.destination.sasl).toEqual({ mechanism: 'PLAIN', username: 'u', password: 'pw' });
    expect(request.source).toMatchObject({ type: 'postgresql', password: 'db-pw', query: 'select * from orders' });
  });

  it('lists every reference, and names the missing and the empty ones', () => {
    const document = ZSyncsDocumentSchema.parse({
      apiVersion: 'tributary/v1',
      kind: 'SyncList',
      items: [syncDocumentFromView(view), syncDocumentFromView({ ...view, name: 'b' })],
    });
    expect(secretReferences(document).map((reference) => reference.field)).toEqual([
      'document.items.0.spec.destination.sasl.password',
      'document.items.0.spec.source.password',
      'document.items.1.spec.destination.sasl.password',
      'document.items.1.spec.source.password',
    ]);
    expect(
      missingVariables(document, {
        TRIBUTARY_ORDERS_EU_SASL_PASSWORD: 'x',
        TRIBUTARY_ORDERS_EU_SOURCE_PASSWORD: '',
        TRIBUTARY_B_SASL_PASSWORD: 'y',
      }).map((issue) => issue.message),
    ).toEqual([
      'Orders (EU): the variable TRIBUTARY_ORDERS_EU_SOURCE_PASSWORD is empty',
      'b: the variable TRIBUTARY_B_SOURCE_PASSWORD is not set',
    ]);
  });

  it.each([
    [{ apiVersion: 'tributary/v2' }, 'apiVersion', 'apiVersion must be tributary/v1'],
    [{ kind: 'Pipeline' }, 'kind', 'kind must be Sync or SyncList'],
    [{ extra: 1 }, '', 'Unrecognized key: "extra"'],
  ])('rejects %j naming %s', (change, path, message) => {
    const result = ZSyncsDocumentSchema.safeParse({ ...syncDocumentFromView(view), ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([[path, message]]);
  });
});
