import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCertificates } from '../../../scripts/kafka-local/src/certificates.ts';

/** Servers that are not Kafka, for the failures a real broker cannot be made to show. */
export interface FakeServer {
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server, host = '127.0.0.1'): Promise<number> {
  server.listen(0, host);
  await once(server, 'listening');
  return (server.address() as { port: number }).port;
}

function tcpServer(onConnection: (socket: Socket) => void, host?: string): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  return listen(server, host).then((port) => ({
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }));
}

/** Accepts TCP connections and never sends a byte: a hung broker, or a port held by a proxy. */
export const startSilentServer = (host?: string) => tcpServer(() => undefined, host);

/** Resets every connection as soon as the first bytes arrive, as a plaintext listener does with a TLS ClientHello. */
export const startResettingServer = () => tcpServer((socket) => socket.once('data', () => socket.resetAndDestroy()));

/**
 * Answers the first Kafka request of each connection with a bare header (its correlation id and
 * no body), then closes: it passes a "does this speak Kafka" probe but no real client's handshake.
 */
export const startHalfKafkaServer = () =>
  tcpServer((socket) =>
    socket.once('data', (request: Buffer) => {
      const answer = Buffer.alloc(8);
      answer.writeInt32BE(4, 0);
      request.copy(answer, 4, 8, 12);
      socket.end(answer);
    }),
  );

/** A port on which nothing listens (it was free a moment ago). */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  const port = await listen(server, host);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether this machine has the address (containers often run without IPv6). */
export async function canListenOn(host: string): Promise<boolean> {
  const server = createServer();
  try {
    await listen(server, host);
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

/** Forwards every connection to `target`: a broker reachable at another address (an IPv6 one). */
export const startForwarder = (host: string, target: { host: string; port: number }) =>
  tcpServer((socket) => {
    const upstream = connect(target.port, target.host);
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  }, host);

const pemBlock = (pem: string, label: RegExp) =>
  new RegExp(`-----BEGIN (${label.source})-----[\\s\\S]+?-----END \\1-----\\n?`).exec(pem)?.[0] ?? '';

export interface MutualTlsServer extends FakeServer {
  /** CA that signed the server's certificate: the client's CA Certificate. */
  caPem: string;
  /** A certificate and key from another CA, which the server does not trust. */
  strangerCertificate: { certificate: string; key: string };
}

/**
 * A TLS listener that requires a client certificate, run by `openssl s_server`: unlike a
 * node:tls server, which drops an untrusted client silently, it refuses with the TLS alert a
 * broker sends (certificate required / unknown CA).
 */
export async function startMutualTlsServer(tlsVersion: '1.2' | '1.3'): Promise<MutualTlsServer> {
  const dir = await mkdtemp(join(tmpdir(), 'tributary-mtls-'));
  const [own, stranger] = await Promise.all([
    createTestCertificates(await mkdtemp(join(dir, 'own-'))),
    createTestCertificates(await mkdtemp(join(dir, 'stranger-'))),
  ]);
  const strangerPem = await readFile(stranger.brokerKeystoreFile, 'utf8');
  const child: ChildProcess = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      '127.0.0.1:0',
      '-cert',
      own.brokerKeystoreFile,
      '-key',
      own.brokerKeystoreFile,
      '-CAfile',
      own.caFile,
      '-Verify',
      '1',
      '-verify_return_error',
      tlsVersion === '1.2' ? '-tls1_2' : '-tls1_3',
    ],
    // stdin stays open: s_server ends its session when its input ends.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`openssl s_server did not start: ${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${output}`)));
  });
  child.stderr?.resume();
  return {
    port,
    caPem: own.caPem,
    strangerCertificate: {
      certificate: pemBlock(strangerPem, /CERTIFICATE/),
      key: pemBlock(strangerPem, /(?:RSA |EC )?PRIVATE KEY/),
    },
    close: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, 'exit');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
