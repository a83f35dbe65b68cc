import { describe, expect, it } from 'vitest';
import { buildUnsecuredJwt } from './unsecured-jwt.ts';

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;

describe('buildUnsecuredJwt', () => {
  it('builds an alg:none token with subject, times, scope and an empty signature', () => {
    const token = buildUnsecuredJwt({
      principal: 'svc-orders',
      scope: 'write read',
      lifetimeSeconds: 600,
      issuedAt: 1_000,
    });
    const [header, payload, signature] = token.value.split('.');
    expect(decode(header!)).toEqual({ alg: 'none' });
    expect(decode(payload!)).toEqual({ sub: 'svc-orders', iat: 1_000, exp: 1_600, scope: ['write', 'read'] });
    expect(signature).toBe('');
    expect(token.expiresAt).toBe(1_600_000);
  });

  it('leaves scope out when none is given', () => {
    const token = buildUnsecuredJwt({ principal: 'p', lifetimeSeconds: 60, issuedAt: 0 });
    expect(decode(token.value.split('.')[1]!)).toEqual({ sub: 'p', iat: 0, exp: 60 });
  });
});
