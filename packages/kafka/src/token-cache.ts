import type { BearerToken } from './unsecured-jwt.ts';

/**
 * Keeps a bearer token and renews it once 80 % of its lifetime has passed (librdkafka refreshes
 * at the same point), so a connection never authenticates with a token about to expire.
 * Concurrent callers share one renewal.
 */
export function cacheToken(obtain: () => Promise<BearerToken>, now: () => number = Date.now) {
  let current: { token: BearerToken; renewAt: number } | undefined;
  let pending: Promise<BearerToken> | undefined;

  return async function getToken(): Promise<BearerToken> {
    if (current && now() < current.renewAt) return current.token;
    pending ??= obtain()
      .then((token) => {
        const issuedAt = now();
        current = { token, renewAt: issuedAt + (token.expiresAt - issuedAt) * 0.8 };
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
