import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** Servers of the test's own that stand where an attacker would point a sync, and keep what arrives. */

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function closer(server: Server, sockets: Set<Socket>) {
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** A token endpoint that refuses every client and keeps each Authorization header it was sent. */
export async function startTokenEndpointRecorder() {
  const authorizations: string[] = [];
  const server = createHttpServer((request, response) => {
    authorizations.push(request.headers.authorization ?? '');
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'invalid_client' }));
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/token`,
    authorizations,
    /** The client secrets the Basic headers carried. */
    clientSecrets: () =>
      authorizations.map((header) =>
        decodeURIComponent(
          Buffer.from(header.replace(/^Basic /, ''), 'base64')
            .toString()
            .split(':')[1] ?? '',
        ),
      ),
    close: closer(server, sockets),
  };
}

/** A TCP listener that never answers and counts the connections and bytes it receives. */
export async function startTcpRecorder() {
  const received = { connections: 0, bytes: 0 };
  const server = createTcpServer((socket) => {
    received.connections += 1;
    socket.on('data', (chunk) => (received.bytes += chunk.length));
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { address: `127.0.0.1:${port}`, port, received, close: closer(server, sockets) };
}

interface PostgresLogin {
  user: string;
  database: string;
  password?: string;
}

/**
 * Just enough of a PostgreSQL server (protocol 3.0) to ask each client for its password in clear
 * text, keep it, and refuse the login: a stand-in for a server an attacker controls.
 */
export async function startPasswordCapturingPostgres() {
  const logins: PostgresLogin[] = [];
  const server = createTcpServer((socket) => {
    let buffer = Buffer.alloc(0);
    let login: PostgresLogin | undefined;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!login) {
        if (buffer.length < 4 || buffer.length < buffer.readInt32BE(0)) return;
        const length = buffer.readInt32BE(0);
        // Startup message: length, protocol version, then key\0value\0 pairs.
        const pairs = buffer.subarray(8, length).toString('utf8').split('\0');
        const options: Record<string, string> = {};
        for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i]) options[pairs[i]!] = pairs[i + 1] ?? '';
        login = { user: options.user ?? '', database: options.database ?? '' };
        logins.push(login);
        buffer = buffer.subarray(length);
        const askForCleartextPassword = Buffer.alloc(9);
        askForCleartextPassword.write('R', 0);
        askForCleartextPassword.writeInt32BE(8, 1);
        askForCleartextPassword.writeInt32BE(3, 5);
        socket.write(askForCleartextPassword);
        return;
      }
      if (buffer.length < 5 || buffer.length < 1 + buffer.readInt32BE(1)) return;
      login.password = buffer
        .subarray(5, 1 + buffer.readInt32BE(1))
        .toString('utf8')
        .replace(/\0$/, '');
      const fields = Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed\0\0');
      const error = Buffer.alloc(5);
      error.write('E', 0);
      error.writeInt32BE(4 + fields.length, 1);
      socket.end(Buffer.concat([error, fields]));
    });
    socket.on('error', () => undefined);
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { host: '127.0.0.1', port, logins, close: closer(server, sockets) };
}
