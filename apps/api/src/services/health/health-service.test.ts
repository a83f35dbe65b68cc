import { describe, expect, it } from 'vitest';
import { createHealthService } from './health-service.ts';

const base = { version: '1.2.3', startedAt: new Date(Date.now() - 5_000) };

describe('health service', () => {
  it('is healthy when both checks answer', async () => {
    const health = await createHealthService({
      ...base,
      pingDatabase: async () => {},
      pingQueue: async () => {},
    }).check();
    expect(health).toMatchObject({
      status: 'healthy',
      version: '1.2.3',
      database: { status: 'up' },
      queue: { status: 'up' },
    });
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(5);
  });

  it('is unhealthy and gives the reason when a check fails', async () => {
    const health = await createHealthService({
      ...base,
      pingDatabase: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
      pingQueue: async () => {},
    }).check();
    expect(health.status).toBe('unhealthy');
    expect(health.database).toEqual({ status: 'down', reason: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(health.queue.status).toBe('up');
  });
});
