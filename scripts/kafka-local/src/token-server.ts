import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface TestTokenServer {
  issuer: string;
  audience: string;
  jwksUrl: string;
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signJwt(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const unsigned = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads client credentials from HTTP Basic (RFC 6749 § 2.3.1) or, failing that, the form. */
function clientCredentials(request: IncomingMessage, form: URLSearchParams) {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    return {
      id: decodeURIComponent(decoded.slice(0, separator)),
      secret: decodeURIComponent(decoded.slice(separator + 1)),
    };
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

/**
 * A tiny OAuth 2 provider for tests: a JWKS and a client-credentials token endpoint that signs
 * RS256 tokens, which the broker's OIDC listener validates.
 */
export async function startTestTokenServer(): Promise<TestTokenServer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const clientId = 'tributary-test-client';
  const clientSecret = randomBytes(18).toString('base64url');
  const audience = 'tributary-kafka';
  const scope = 'kafka';
  let issuer = '';

  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && request.url === '/jwks') return reply(200, { keys: [jwk] });
    if (request.method !== 'POST' || request.url !== '/token') return reply(404, { error: 'not_found' });
    void readBody(request).then((text) => {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') !== 'client_credentials') {
        return reply(400, { error: 'unsupported_grant_type' });
      }
      const client = clientCredentials(request, form);
      if (client.id !== clientId || client.secret !== clientSecret) {
        response.setHeader('www-authenticate', 'Basic realm="token"');
        return reply(401, { error: 'invalid_client', error_description: 'client authentication failed' });
      }
      const now = Math.floor(Date.now() / 1000);
      const grantedScope = form.get('scope') ?? scope;
      const token = signJwt(
        { sub: clientId, iss: issuer, aud: audience, iat: now, exp: now + 3_600, scope: grantedScope },
        privateKey,
        kid,
      );
      return reply(200, { access_token: token, token_type: 'Bearer', expires_in: 3_600, scope: grantedScope });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the token server has no address');
  const base = `http://127.0.0.1:${address.port}`;
  issuer = base;
  return {
    issuer,
    audience,
    jwksUrl: `${base}/jwks`,
    tokenEndpoint: `${base}/token`,
    clientId,
    clientSecret,
    scope,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
