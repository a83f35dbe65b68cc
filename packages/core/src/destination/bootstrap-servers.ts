export const DEFAULT_KAFKA_PORT = 9092;
/**
 * Entries Bootstrap Servers may list. A client needs only a few to find the whole cluster, and
 * Test Connection resolves each one: hundreds would tie up the resolver for everyone.
 */
export const BOOTSTRAP_SERVERS_MAX_ENTRIES = 50;

export interface BrokerAddress {
  host: string;
  port: number;
}

export type BootstrapServersResult = { ok: true; servers: BrokerAddress[] } | { ok: false; errors: string[] };

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:.]+(?:%[\w.-]+)?$/;

/** `host:port` as Kafka clients expect it, with IPv6 hosts in brackets. */
export function formatBrokerAddress({ host, port }: BrokerAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function parsePort(text: string, entry: string): number | string {
  if (!/^\d+$/.test(text)) return `"${entry}": the port "${text}" is not a number`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `"${entry}": the port ${port} is outside 1–65535`;
  return port;
}

function parseEntry(entry: string): BrokerAddress | string {
  let host: string;
  let portText: string | undefined;
  if (entry.startsWith('[')) {
    const match = /^\[([^\]]*)\](?::(.*))?$/.exec(entry);
    if (!match) return `"${entry}": an IPv6 address needs a closing bracket, e.g. [::1]:9092`;
    host = match[1] ?? '';
    portText = match[2];
    if (!host.includes(':') || !IPV6.test(host)) return `"${entry}": "${host}" is not an IPv6 address`;
  } else {
    const colons = entry.split(':').length - 1;
    if (colons > 1) return `"${entry}": write an IPv6 address in brackets, e.g. [${entry}]:9092`;
    [host = '', portText] = entry.split(':');
    if (!host) return `"${entry}": the host is missing`;
    if (!IPV4.test(host) && (!HOSTNAME.test(host) || /^\d+(\.\d+)*$/.test(host))) {
      return `"${entry}": "${host}" is not a valid host name or IPv4 address`;
    }
  }
  if (portText === undefined) return { host, port: DEFAULT_KAFKA_PORT };
  const port = parsePort(portText, entry);
  return typeof port === 'number' ? { host, port } : port;
}

/**
 * Parses the Bootstrap Servers field: comma-separated `host` or `host:port` (default port 9092),
 * IPv6 in brackets. Every bad entry is reported, named by its text or position.
 */
export function parseBootstrapServers(text: string): BootstrapServersResult {
  const errors: string[] = [];
  const servers: BrokerAddress[] = [];
  const seen = new Map<string, string>();
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') return { ok: false, errors: ['at least one server is required'] };
  if (entries.length > BOOTSTRAP_SERVERS_MAX_ENTRIES) {
    return {
      ok: false,
      errors: [
        `list at most ${BOOTSTRAP_SERVERS_MAX_ENTRIES} servers (found ${entries.length}); a few are enough to find the cluster`,
      ],
    };
  }

  entries.forEach((entry, index) => {
    if (entry === '') {
      errors.push(`entry ${index + 1} is empty (check for a doubled or trailing comma)`);
      return;
    }
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') {
      errors.push(parsed);
      return;
    }
    const key = formatBrokerAddress({ host: parsed.host.toLowerCase(), port: parsed.port });
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(`"${entry}" is a duplicate of "${first}"`);
      return;
    }
    seen.set(key, entry);
    servers.push(parsed);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, servers };
}

/** The canonical form stored and shown after save: trimmed, default ports made explicit. */
export function normalizeBootstrapServers(text: string): string {
  const result = parseBootstrapServers(text);
  return result.ok ? result.servers.map(formatBrokerAddress).join(',') : text;
}
