import { Socket } from 'node:net';
import type { BootstrapServer, ServerOutcome } from './server-outcome.ts';
import { errorCodeOf, seconds, withTimeout } from './with-timeout.ts';

/** Opens a TCP connection to the server and closes it again. */
export async function connectServer({ address, label }: BootstrapServer, timeoutMs: number): Promise<ServerOutcome> {
  const socket = new Socket();
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(address.port, address.host, resolve);
      }),
      timeoutMs,
      () => socket.destroy(),
    );
    return { detail: `${label} accepted a connection` };
  } catch (error) {
    const code = errorCodeOf(error) ?? 'ECONNFAILED';
    return {
      failure: {
        step: 'tcp',
        reason:
          code === 'ECONNREFUSED'
            ? 'refused the connection: nothing listens on that port'
            : code === 'ETIMEDOUT'
              ? `did not accept a connection within ${seconds(timeoutMs)} s (a firewall may drop the traffic)`
              : `could not be reached (${code})`,
        hint: 'Check the host and port, that the broker is running, and that no firewall blocks this server.',
        errorCode: code,
      },
    };
  } finally {
    socket.destroy();
  }
}
