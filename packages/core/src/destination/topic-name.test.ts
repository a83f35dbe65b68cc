import { describe, expect, it } from 'vitest';
import { topicNameProblem, topicNameWarnings } from './topic-name.ts';

describe('topic names', () => {
  it.each(['orders', 'a', 'orders.v1', 'orders_v1', 'Orders-2026', 'x'.repeat(249), '...'])('accepts %j', (name) => {
    expect(topicNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['', 'Topic Name is required'],
    ['.', 'Topic Name cannot be "."'],
    ['..', 'Topic Name cannot be ".."'],
    ['x'.repeat(250), 'Topic Name is 250 characters long; Kafka allows at most 249'],
    ['orders v1', 'Topic Name may contain only letters, digits, ".", "_" and "-" (found space)'],
    ['orders/v1#2', 'Topic Name may contain only letters, digits, ".", "_" and "-" (found "/", "#")'],
    ['commandes-été', 'Topic Name may contain only letters, digits, ".", "_" and "-" (found "é")'],
    ['orders\u0000v1\ud800', 'Topic Name may contain only letters, digits, ".", "_" and "-" (found U+0000, U+D800)'],
  ])('rejects %j', (name, message) => {
    expect(topicNameProblem(name)).toBe(message);
  });

  it('warns, without rejecting, when a name mixes "." and "_"', () => {
    expect(topicNameWarnings('orders.by_day')).toHaveLength(1);
    expect(topicNameWarnings('orders.by.day')).toEqual([]);
    expect(topicNameProblem('orders.by_day')).toBeUndefined();
  });
});
