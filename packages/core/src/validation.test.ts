import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeFieldIssues, toFieldIssues } from './validation.ts';

describe('toFieldIssues', () => {
  it('names each failing field by its dotted path', () => {
    const schema = z.object({
      kafka: z.object({ topic: z.string().min(1, 'Topic Name is required') }),
      port: z.number(),
    });
    const result = schema.safeParse({ kafka: { topic: '' }, port: 'x' });
    expect(result.success).toBe(false);
    const issues = toFieldIssues(result.error!);
    expect(issues).toEqual([
      { field: 'kafka.topic', message: 'Topic Name is required' },
      { field: 'port', message: expect.stringContaining('number') },
    ]);
    expect(describeFieldIssues(issues)).toMatch(/^kafka\.topic: Topic Name is required; port: /);
  });

  it('names the root when the value itself is wrong', () => {
    const result = z.string().safeParse(1);
    expect(toFieldIssues(result.error!)[0]?.field).toBe('(root)');
  });
});
