import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { BootstrapServer, ServerOutcome } from './server-outcome.ts';
import { errorCodeOf, seconds, withTimeout } from './with-timeout.ts';

const NOT_FOUND = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA']);

/** Resolves the server's host name the way the client will (the system resolver, /etc/hosts included). */
export async function resolveServer(
  { address: { host }, label }: BootstrapServer,
  timeoutMs: number,
): Promise<ServerOutcome> {
  if (isIP(host)) return { detail: `${label} needs no lookup (IP address)` };
  try {
    const addresses = await withTimeout(lookup(host, { all: true }), timeoutMs, () => undefined);
    return { detail: `${label} → ${addresses.map((a) => a.address).join(', ')}` };
  } catch (error) {
    const code = errorCodeOf(error) ?? 'EAI_FAIL';
    return {
      failure: {
        step: 'resolve',
        reason: NOT_FOUND.has(code)
          ? `could not be found (${code}): no such host name`
          : code === 'ETIMEDOUT'
            ? `could not be resolved within ${seconds(timeoutMs)} s (${code})`
            : `could not be resolved (${code})`,
        hint: 'Check the spelling of Bootstrap Servers and that this server can resolve the name (DNS).',
        errorCode: code,
      },
    };
  }
}
