import { z } from 'zod';
import type { BearerToken } from './unsecured-jwt.ts';

export interface ClientCredentials {
  tokenEndpointUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
}

/** The token endpoint refused or could not be reached; the message never contains the secret. */
export class TokenEndpointError extends Error {
  override name = 'TokenEndpointError';
  constructor(
    message: string,
    /** HTTP status, when the endpoint answered. */
    readonly status?: number,
    /** OAuth `error` code from the answer (e.g. `invalid_client`). */
    readonly oauthError?: string,
  ) {
    super(message);
  }
}

const ZTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});
const ZOAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

const DEFAULT_LIFETIME_SECONDS = 300;

/** One client-credentials grant (RFC 6749 § 4.4) with HTTP Basic client authentication. */
export async function fetchClientCredentialsToken(
  credentials: ClientCredentials,
  signal?: AbortSignal,
): Promise<BearerToken> {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (credentials.scope) body.set('scope', credentials.scope);
  // RFC 6749 § 2.3.1: id and secret are form-encoded before Basic encoding.
  const basic = Buffer.from(
    `${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.clientSecret)}`,
  ).toString('base64');
  const endpoint = credentials.tokenEndpointUrl;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body,
      signal: signal ?? AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new TokenEndpointError(`The token endpoint ${endpoint} could not be reached: ${cause}`);
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const oauth = ZOAuthErrorSchema.safeParse(json);
    const detail = oauth.success
      ? `${oauth.data.error}${oauth.data.error_description ? `: ${oauth.data.error_description}` : ''}`
      : 'no OAuth error in the answer';
    throw new TokenEndpointError(
      `The token endpoint ${endpoint} answered HTTP ${response.status} (${detail})`,
      response.status,
      oauth.success ? oauth.data.error : undefined,
    );
  }
  const token = ZTokenResponseSchema.safeParse(json);
  if (!token.success) {
    throw new TokenEndpointError(`The token endpoint ${endpoint} answered without an access_token`, response.status);
  }
  const lifetime = token.data.expires_in ?? DEFAULT_LIFETIME_SECONDS;
  return { value: token.data.access_token, expiresAt: Date.now() + lifetime * 1000 };
}
