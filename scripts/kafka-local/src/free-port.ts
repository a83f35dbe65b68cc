import type { ListenerPorts } from './broker-config.ts';
import { createServer } from 'node:net';

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Distinct free ports for every listener of one broker. */
export async function allocateListenerPorts(): Promise<ListenerPorts> {
  const ports = new Set<number>();
  while (ports.size < 6) ports.add(await findFreePort());
  const [plaintext, ssl, saslPlaintext, saslSsl, oidc, controller] = [...ports] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { plaintext, ssl, saslPlaintext, saslSsl, oidc, controller };
}
