import { describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_SERVERS_MAX_ENTRIES,
  normalizeBootstrapServers,
  parseBootstrapServers,
} from './bootstrap-servers.ts';

describe('parseBootstrapServers', () => {
  it('accepts hosts with and without ports, trimming spaces and defaulting to 9092', () => {
    expect(parseBootstrapServers(' localhost:9092, another.host ,10.0.0.5:19092')).toEqual({
      ok: true,
      servers: [
        { host: 'localhost', port: 9092 },
        { host: 'another.host', port: 9092 },
        { host: '10.0.0.5', port: 19092 },
      ],
    });
  });

  it('accepts IPv6 addresses in brackets', () => {
    expect(parseBootstrapServers('[::1]:9093,[fe80::1]')).toEqual({
      ok: true,
      servers: [
        { host: '::1', port: 9093 },
        { host: 'fe80::1', port: 9092 },
      ],
    });
  });

  it.each([
    ['', 'at least one server is required'],
    ['a:9092,,b:9092', 'entry 2 is empty (check for a doubled or trailing comma)'],
    ['a:9092,', 'entry 2 is empty (check for a doubled or trailing comma)'],
    ['broker:0', '"broker:0": the port 0 is outside 1–65535'],
    ['broker:70000', '"broker:70000": the port 70000 is outside 1–65535'],
    ['broker:http', '"broker:http": the port "http" is not a number'],
    ['broker:', '"broker:": the port "" is not a number'],
    [':9092', '":9092": the host is missing'],
    ['bad_host:9092', '"bad_host:9092": "bad_host" is not a valid host name or IPv4 address'],
    ['300.1.1.1:9092', '"300.1.1.1:9092": "300.1.1.1" is not a valid host name or IPv4 address'],
    ['::1:9092', '"::1:9092": write an IPv6 address in brackets, e.g. [::1:9092]:9092'],
    ['[::1:9092', '"[::1:9092": an IPv6 address needs a closing bracket, e.g. [::1]:9092'],
    ['a:9092,A:9092', '"A:9092" is a duplicate of "a:9092"'],
    ['a,a:9092', '"a:9092" is a duplicate of "a"'],
  ])('rejects %j with %j', (input, message) => {
    expect(parseBootstrapServers(input)).toEqual({ ok: false, errors: [message] });
  });

  it('reports every bad entry, not just the first', () => {
    const result = parseBootstrapServers('good:1, ,bad:0');
    expect(result).toEqual({
      ok: false,
      errors: ['entry 2 is empty (check for a doubled or trailing comma)', '"bad:0": the port 0 is outside 1–65535'],
    });
  });

  it(`accepts ${BOOTSTRAP_SERVERS_MAX_ENTRIES} servers and refuses more, before resolving any`, () => {
    const list = (count: number) => Array.from({ length: count }, (_, i) => `broker-${i}.example:9092`).join(',');
    const atLimit = parseBootstrapServers(list(BOOTSTRAP_SERVERS_MAX_ENTRIES));
    expect(atLimit.ok && atLimit.servers).toHaveLength(BOOTSTRAP_SERVERS_MAX_ENTRIES);
    expect(parseBootstrapServers(list(500))).toEqual({
      ok: false,
      errors: [
        `list at most ${BOOTSTRAP_SERVERS_MAX_ENTRIES} servers (found 500); a few are enough to find the cluster`,
      ],
    });
  });

  it('normalises to explicit ports', () => {
    expect(normalizeBootstrapServers(' a , [::1] ,b:1')).toBe('a:9092,[::1]:9092,b:1');
  });
});
