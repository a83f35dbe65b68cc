import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: undefined,
      role: 'all',
      logLevel: 'info',
    });
    expect(config.runsApi && config.runsWorker).toBe(true);
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ PORT: '0', DATABASE_URL: 'mysql://x', TRIBUTARY_ROLE: 'both' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '0', DATABASE_URL: 'mysql://x', TRIBUTARY_ROLE: 'both' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT:');
      expect(message).toContain('DATABASE_URL: must be a postgresql:// URL');
      expect(message).toContain('TRIBUTARY_ROLE:');
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '18080' })).toMatchObject({ databaseUrl: undefined, port: 18080 });
  });

  it('splits roles so a worker-only process serves no HTTP', () => {
    expect(loadConfig({ TRIBUTARY_ROLE: 'worker' })).toMatchObject({ runsApi: false, runsWorker: true });
    expect(loadConfig({ TRIBUTARY_ROLE: 'api' })).toMatchObject({ runsApi: true, runsWorker: false });
  });
});
