export interface UnsecuredJwtOptions {
  principal: string;
  scope?: string | undefined;
  lifetimeSeconds: number;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
}

export interface BearerToken {
  value: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * librdkafka's `sasl.oauthbearer.method=default`: an unsecured JWT (`alg: none`, empty signature)
 * that only brokers with the unsecured validator accept. `scope` is space-delimited, as in OAuth.
 */
export function buildUnsecuredJwt(options: UnsecuredJwtOptions): BearerToken {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const exp = iat + options.lifetimeSeconds;
  const scope = options.scope?.split(/[\s,]+/).filter(Boolean);
  const claims = { sub: options.principal, iat, exp, ...(scope?.length ? { scope } : {}) };
  return { value: `${base64url({ alg: 'none' })}.${base64url(claims)}.`, expiresAt: exp * 1000 };
}
