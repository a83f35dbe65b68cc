import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { BrokerAddress } from '@tributary/core';

export interface StepOutcome {
  isOk: boolean;
  detail: string;
  errorCode?: string;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(Object.assign(new Error(`no answer within ${ms / 1000} s`), { code: 'ETIMEDOUT' }));
      }, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function resolveHost(host: string, timeoutMs: number): Promise<StepOutcome> {
  if (isIP(host)) return { isOk: true, detail: `${host} is an IP address` };
  try {
    const addresses = await withTimeout(lookup(host, { all: true }), timeoutMs, () => undefined);
    return { isOk: true, detail: `${host} → ${addresses.map((a) => a.address).join(', ')}` };
  } catch (error) {
    const code = errorCode(error) ?? 'EAI_FAIL';
    return { isOk: false, detail: `${host} could not be resolved (${code})`, errorCode: code };
  }
}

export async function connectTcp({ host, port }: BrokerAddress, timeoutMs: number): Promise<StepOutcome> {
  const socket = new Socket();
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, host, resolve);
      }),
      timeoutMs,
      () => socket.destroy(),
    );
    return { isOk: true, detail: `${host}:${port} accepted a connection` };
  } catch (error) {
    const code = errorCode(error) ?? 'ECONNFAILED';
    const why =
      code === 'ECONNREFUSED'
        ? 'refused the connection: nothing listens on that port'
        : code === 'ETIMEDOUT'
          ? `did not answer within ${timeoutMs / 1000} s (a firewall may drop the traffic)`
          : `could not be reached (${code})`;
    return { isOk: false, detail: `${host}:${port} ${why}`, errorCode: code };
  } finally {
    socket.destroy();
  }
}

const UNTRUSTED_CHAIN = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/** Codes of a certificate the client refused (untrusted, wrong name, out of date): no retry helps. */
export const isCertificateRejection = (code: string | undefined) =>
  code !== undefined &&
  (UNTRUSTED_CHAIN.has(code) ||
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    code === 'CERT_HAS_EXPIRED' ||
    code === 'CERT_NOT_YET_VALID');

export interface TlsOutcome extends StepOutcome {
  /** The handshake failed in a way that suggests the port does not speak TLS at all. */
  isPlaintextPort?: boolean;
}

/** A TLS handshake with the destination's TLS options; explains certificate problems. */
export async function handshakeTls(
  { host, port }: BrokerAddress,
  options: ConnectionOptions,
  timeoutMs: number,
): Promise<TlsOutcome> {
  let socket: ReturnType<typeof tlsConnect> | undefined;
  try {
    const protocol = await withTimeout(
      new Promise<string>((resolve, reject) => {
        socket = tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...options }, () =>
          resolve(socket?.getProtocol() ?? 'TLS'),
        );
        socket.once('error', reject);
      }),
      timeoutMs,
      () => socket?.destroy(),
    );
    return { isOk: true, detail: `${host}:${port} completed a ${protocol} handshake` };
  } catch (error) {
    return tlsFailureOutcome(error, { host, port }, Boolean(options.ca));
  } finally {
    socket?.destroy();
  }
}

/** Why a TLS connection failed, in Test Connection's words; also explains a producer's failed connection. */
export function tlsFailureOutcome(error: unknown, { host, port }: BrokerAddress, hasCa: boolean): TlsOutcome {
  const code = errorCode(error) ?? 'TLS_FAILED';
  const message = error instanceof Error ? error.message : String(error);
  if (UNTRUSTED_CHAIN.has(code)) {
    return {
      isOk: false,
      errorCode: code,
      detail: hasCa
        ? `the broker's certificate is not signed by the CA you gave (${code})`
        : `the broker's certificate is not signed by a CA this server trusts (${code})`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      isOk: false,
      errorCode: code,
      detail: `the broker's certificate is not valid for the name ${host}`,
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      isOk: false,
      errorCode: code,
      detail:
        code === 'CERT_HAS_EXPIRED'
          ? "the broker's certificate has expired"
          : "the broker's certificate is not valid yet",
    };
  }
  const isPlaintextPort =
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    /wrong version number|packet length too long|socket disconnected/i.test(message);
  return {
    isOk: false,
    errorCode: code,
    isPlaintextPort,
    detail: isPlaintextPort
      ? `${host}:${port} did not complete a TLS handshake (${code}): it looks like a plaintext port`
      : `the TLS handshake with ${host}:${port} failed: ${message}`,
  };
}

/** Whether a port completes a TLS handshake at all, certificate aside: tells a TLS port apart. */
export async function speaksTls(address: BrokerAddress, timeoutMs: number): Promise<boolean> {
  return (await handshakeTls(address, { rejectUnauthorized: false }, timeoutMs)).isOk;
}
