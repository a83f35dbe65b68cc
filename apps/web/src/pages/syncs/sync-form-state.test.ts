import { ZSyncSaveRequestSchema, type TSyncView } from '@tributary/core';
import { describe, expect, it } from 'vitest';
import { columnMappingInputFromForm, moveRow, newMappingRow } from './column-mapping/column-mapping-form-state.ts';
import {
  emptySourceForm,
  sourceFormFromView,
  sourceInputFromForm,
  withSourceType,
} from './source/source-form-state.ts';
import { jobSettingsInputFromForm } from './sync-actions/job-settings-form-state.ts';
import { emptySyncForm, syncFormFromView, syncSaveRequestFromForm } from './sync-form-state.ts';

const FILE_ID = '0b7f4f3e-3c55-4a43-9d0b-1d1f7f0e8a11';

const view: TSyncView = {
  id: '5b0c7a52-9a43-4c8e-8a0e-0f2b1c3d4e5f',
  name: 'Orders',
  description: '',
  access: { canView: true, canEdit: true, canRun: true, canManage: true },
  destination: {
    type: 'kafka-topic',
    bootstrapServers: 'broker:9092',
    topic: 'orders',
    ssl: { isEnabled: false, skipVerification: false, clientKey: { isSet: false } },
    sasl: { mechanism: 'NONE' },
  },
  source: {
    type: 'postgresql',
    host: 'db',
    port: 5433,
    database: 'shop',
    user: 'reader',
    password: { isSet: true },
    useSsl: true,
    query: 'select * from orders',
  },
  columnMapping: {
    rows: [
      { sourceColumn: 'id', targetColumn: 'orderId' },
      { sourceColumn: 'name', targetColumn: 'customer.name' },
    ],
    keyColumn: 'id',
    bigNumbersAs: 'string',
  },
  jobSettings: { compression: 'gzip', errorLimit: null, batchSize: 500 },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('sync editor form state', () => {
  it('turns a loaded sync back into the same save request, leaving the stored password out', () => {
    const { form, secrets } = syncFormFromView(view);
    expect(secrets.isSourcePasswordStored).toBe(true);
    const body = syncSaveRequestFromForm(form);
    expect(body.source).toEqual({
      type: 'postgresql',
      host: 'db',
      port: '5433',
      database: 'shop',
      user: 'reader',
      password: undefined,
      useSsl: true,
      query: 'select * from orders',
    });
    expect(body.columnMapping).toEqual(view.columnMapping);
    expect(body.jobSettings).toEqual({ compression: 'gzip', errorLimit: null, batchSize: 500 });
    const parsed = ZSyncSaveRequestSchema.parse(body);
    expect(parsed.source).toMatchObject({ port: 5433, query: 'select * from orders' });
  });

  it('sends no source and no mapping for a new sync the user has not got to yet', () => {
    const body = syncSaveRequestFromForm(emptySyncForm());
    expect(body.source).toBeNull();
    expect(body.columnMapping).toBeNull();
    expect(body.jobSettings).toEqual({ compression: 'none', errorLimit: null, batchSize: 1000 });
  });

  it('keeps an uncommon delimiter as "other" and sends it back unchanged', () => {
    const { form } = sourceFormFromView({
      type: 'delimited-file',
      fileId: FILE_ID,
      file: { fileId: FILE_ID, name: 'orders.txt', size: 10 },
      delimiter: '~',
      quote: "'",
      escape: '\\',
      hasHeaderRow: false,
      encoding: 'latin1',
      skipLines: 2,
    });
    expect(form.delimiterChoice).toBe('other');
    expect(sourceInputFromForm(form)).toEqual({
      type: 'delimited-file',
      fileId: FILE_ID,
      delimiter: '~',
      quote: "'",
      escape: '\\',
      hasHeaderRow: false,
      encoding: 'latin1',
      skipLines: 2,
    });
  });

  it('asks for a file before a delimited source can be sent', () => {
    const input = sourceInputFromForm(withSourceType(emptySourceForm(), 'delimited-file'));
    expect(ZSyncSaveRequestSchema.shape.source.safeParse(input).error?.issues[0]?.message).toBe('Upload a file');
  });

  it('moves the port to the new database default unless the user typed another', () => {
    const postgres = withSourceType(emptySourceForm(), 'postgresql');
    expect(postgres.port).toBe('5432');
    expect(withSourceType(postgres, 'mysql').port).toBe('3306');
    expect(withSourceType({ ...postgres, port: '6543' }, 'mysql').port).toBe('6543');
  });

  it('reads a blank error limit as no limit and a blank batch size as the default', () => {
    expect(jobSettingsInputFromForm({ compression: 'none', errorLimit: ' ', batchSize: '' })).toEqual({
      compression: 'none',
      errorLimit: null,
      batchSize: 1000,
    });
    expect(jobSettingsInputFromForm({ compression: 'gzip', errorLimit: '0', batchSize: '20' })).toMatchObject({
      errorLimit: 0,
      batchSize: 20,
    });
  });

  it('reorders mapping rows without losing their identities, and stops at either end', () => {
    const rows = [newMappingRow('a', 'x'), newMappingRow('b', 'y'), newMappingRow('c', 'z')];
    const moved = moveRow(rows, 2, -1);
    expect(moved.map((row) => row.sourceColumn)).toEqual(['a', 'c', 'b']);
    expect(moved[1]).toBe(rows[2]);
    expect(moveRow(rows, 0, -1)).toBe(rows);
    expect(moveRow(rows, 2, 1)).toBe(rows);
    expect(columnMappingInputFromForm({ rows: [], keyColumn: '', bigNumbersAs: 'string' })).toBeNull();
  });
});
