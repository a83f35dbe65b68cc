import { ZColumnMappingSchema } from '@tributary/core';
import { describe, expect, it } from 'vitest';
import { compileMapping } from './compile-mapping.ts';
import { MappingError } from './convert-value.ts';

const mapping = (rows: Array<[string, string]>, extra: object = {}) =>
  ZColumnMappingSchema.parse({
    rows: rows.map(([sourceColumn, targetColumn]) => ({ sourceColumn, targetColumn })),
    ...extra,
  });

describe('compileMapping', () => {
  it('builds nested JSON, feeds one source to several targets and keeps types', () => {
    const toMessage = compileMapping(
      mapping(
        [
          ['id', 'id'],
          ['id', 'legacy\\.id'],
          ['name', 'customer.name'],
          ['vip', 'customer.isVip'],
          ['score', 'score'],
          ['note', 'note'],
          ['created', 'createdAt'],
          ['big', 'big'],
          ['price', 'price'],
          ['raw', 'raw'],
        ],
        { keyColumn: 'id' },
      ),
    );
    const message = toMessage({
      id: 42,
      name: 'Ada',
      vip: true,
      score: 9.5,
      note: null,
      created: new Date('2026-11-25T05:00:00.000Z'),
      big: 9007199254740993n,
      price: { decimal: '12345678901234567890.12' },
      raw: Buffer.from('hi'),
    });
    expect(message.key).toBe('42');
    expect(JSON.parse(message.value)).toEqual({
      id: 42,
      'legacy.id': 42,
      customer: { name: 'Ada', isVip: true },
      score: 9.5,
      note: null,
      createdAt: '2026-11-25T05:00:00.000Z',
      big: '9007199254740993',
      price: '12345678901234567890.12',
      raw: 'aGk=',
    });
  });

  it('writes big numbers as numbers when chosen (precision may be lost)', () => {
    const toMessage = compileMapping(
      mapping(
        [
          ['big', 'big'],
          ['price', 'price'],
        ],
        { bigNumbersAs: 'number' },
      ),
    );
    expect(JSON.parse(toMessage({ big: 12n, price: { decimal: '1.5' } }).value)).toEqual({ big: 12, price: 1.5 });
  });

  it('has no key when the sync has no key column or the key is null', () => {
    expect(compileMapping(mapping([['id', 'id']]))({ id: 1 }).key).toBeNull();
    expect(compileMapping(mapping([['id', 'id']], { keyColumn: 'id' }))({ id: null }).key).toBeNull();
  });

  it('rejects a row it cannot serialise, naming the column and the reason', () => {
    const toMessage = compileMapping(
      mapping([
        ['id', 'id'],
        ['score', 'score'],
      ]),
    );
    expect(() => toMessage({ id: 1, score: Number.NaN })).toThrow(
      new MappingError('column "score": NaN is not a number JSON can hold'),
    );
    expect(() => toMessage({ id: 1 })).toThrow('the row has no column "score"');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toMessage({ id: 1, score: cyclic })).toThrow(
      'column "score": the value refers to itself and cannot be written as JSON',
    );
  });
});
