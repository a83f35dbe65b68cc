import { describe, expect, it } from 'vitest';
import { errorsUnder, groupFieldIssues, replaceErrorsUnder } from './field-errors.ts';

describe('field errors by tab', () => {
  const errors = groupFieldIssues([
    { field: 'name', message: 'Name is required' },
    { field: 'columnMapping.rows.2.targetColumn', message: 'Row 3: Target Column is required' },
    { field: 'source.host', message: 'Host is required' },
  ]);

  it('gives a tab its own errors without the prefix', () => {
    expect(errorsUnder(errors, 'columnMapping.')).toEqual({
      'rows.2.targetColumn': ['Row 3: Target Column is required'],
    });
  });

  it('replaces one tab’s errors and keeps the others', () => {
    expect(replaceErrorsUnder(errors, 'source.', { port: ['Port must be 1–65535'] })).toEqual({
      name: ['Name is required'],
      'columnMapping.rows.2.targetColumn': ['Row 3: Target Column is required'],
      'source.port': ['Port must be 1–65535'],
    });
  });
});
