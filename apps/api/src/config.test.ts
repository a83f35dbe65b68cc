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

  it('takes the first admin from TRIBUTARY_ADMIN_EMAIL and TRIBUTARY_ADMIN_PASSWORD, and has none by default', () => {
    expect(loadConfig({}).firstAdmin).toBeUndefined();
    expect(
      loadConfig({ TRIBUTARY_ADMIN_EMAIL: ' Ops@Example.com ', TRIBUTARY_ADMIN_PASSWORD: 'a long admin passphrase' })
        .firstAdmin,
    ).toEqual({ email: 'ops@example.com', password: 'a long admin passphrase' });
  });

  it('rejects half of the first admin, a malformed email or a short password, without echoing the password', () => {
    const messageOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('loadConfig accepted it');
    };
    expect(messageOf({ TRIBUTARY_ADMIN_EMAIL: 'ops@example.com' })).toContain(
      'TRIBUTARY_ADMIN_PASSWORD: set both TRIBUTARY_ADMIN_EMAIL and TRIBUTARY_ADMIN_PASSWORD, or neither',
    );
    const bad = messageOf({ TRIBUTARY_ADMIN_EMAIL: 'ops', TRIBUTARY_ADMIN_PASSWORD: 'short-pw' });
    expect(bad).toContain('TRIBUTARY_ADMIN_EMAIL: Email must be an email address like name@example.com');
    expect(bad).toContain('TRIBUTARY_ADMIN_PASSWORD: Password must be at least 12 characters');
    expect(bad).not.toContain('short-pw');
  });

  it('believes no proxy unless told, and takes true, false or proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRIBUTARY_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRIBUTARY_TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toBe('10.0.0.1,10.1.0.0/16');
    expect(() => loadConfig({ TRIBUTARY_TRUST_PROXY: 'yes please' })).toThrow(
      'TRIBUTARY_TRUST_PROXY: must be true, false, or comma-separated proxy addresses/CIDRs',
    );
  });

  it('limits uploads to 100 MiB unless TRIBUTARY_UPLOAD_MAX_BYTES says otherwise', () => {
    expect(loadConfig({}).uploadMaxBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({ TRIBUTARY_UPLOAD_MAX_BYTES: '1048576' }).uploadMaxBytes).toBe(1_048_576);
    expect(() => loadConfig({ TRIBUTARY_UPLOAD_MAX_BYTES: '100MB' })).toThrow(
      'TRIBUTARY_UPLOAD_MAX_BYTES: must be a number of bytes',
    );
    expect(() => loadConfig({ TRIBUTARY_UPLOAD_MAX_BYTES: '0' })).toThrow(
      'TRIBUTARY_UPLOAD_MAX_BYTES: must be at least 1 byte',
    );
  });

  it('bounds source statements at 30 s and job fetches at 300 s unless told, and refuses a timeout below 1 s', () => {
    expect(loadConfig({})).toMatchObject({ sourceStatementTimeoutSeconds: 30, sourceFetchTimeoutSeconds: 300 });
    expect(
      loadConfig({ TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS: '5', TRIBUTARY_SOURCE_FETCH_TIMEOUT_SECONDS: '900' }),
    ).toMatchObject({ sourceStatementTimeoutSeconds: 5, sourceFetchTimeoutSeconds: 900 });
    expect(() => loadConfig({ TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS: '0' })).toThrow(
      'TRIBUTARY_SOURCE_STATEMENT_TIMEOUT_SECONDS:',
    );
  });
});
