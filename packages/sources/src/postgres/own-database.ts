import { isIP } from 'node:net';
import type { TPostgresSource } from '@tributary/core';
import pg from 'pg';
import { SourceReadError } from '../source-read-error.ts';

/** What the server says about itself: equal facts mean the same database, whatever address reached it. */
interface ServerFacts {
  database: string;
  databaseOid: string;
  /** `pg_control_system()`; shared by a server's replicas (they hold the same data). Null where it cannot be read. */
  systemIdentifier: string | null;
  startedAt: string;
}

/** Tributary's own database, by address and by what its server says about itself. */
export interface PostgresDatabaseIdentity {
  host: string;
  port: number;
  database: string;
  server: ServerFacts;
}

async function serverFacts(client: pg.Client): Promise<ServerFacts> {
  const { rows } = await client.query<{ database: string; oid: string; started_at: string }>(
    `select current_database() as database, pg_postmaster_start_time()::text as started_at,
            (select oid::text from pg_database where datname = current_database()) as oid`,
  );
  const facts = rows[0]!;
  // Outside any transaction, so a server that refuses this leaves the session usable.
  const identifier = await client
    .query<{ id: string }>('select system_identifier::text as id from pg_control_system()')
    .then((result) => result.rows[0]?.id ?? null)
    .catch(() => null);
  return {
    database: facts.database,
    databaseOid: facts.oid,
    systemIdentifier: identifier,
    startedAt: facts.started_at,
  };
}

/** Asks Tributary's own database who it is, once at start. */
export async function identifyPostgresDatabase(databaseUrl: string): Promise<PostgresDatabaseIdentity> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const server = await serverFacts(client);
    return { host: client.host, port: client.port, database: server.database, server };
  } finally {
    await client.end();
  }
}

const LOOPBACK = 'this machine';

/** Hosts that reach the same server: every loopback spelling and a local socket are this machine. */
function hostKey(host: string): string {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('/')) return LOOPBACK;
  if (isIP(bare) === 4 && bare.startsWith('127.')) return LOOPBACK;
  if (bare === '::ffff:127.0.0.1') return LOOPBACK;
  return bare;
}

function ownDatabaseError(): SourceReadError {
  return new SourceReadError(
    'OWN_DATABASE',
    'source.database',
    "This is Tributary's own database (users, credentials, jobs); a source cannot read it. Give another database.",
  );
}

/** Refuses, before connecting, a source whose address is Tributary's own database. */
export function refuseOwnAddress(
  source: Pick<TPostgresSource, 'host' | 'port' | 'database'>,
  own: PostgresDatabaseIdentity,
) {
  if (source.port === own.port && source.database === own.database && hostKey(source.host) === hostKey(own.host)) {
    throw ownDatabaseError();
  }
}

/** Refuses a connected source whose server says it is Tributary's own database (any address, a replica too). */
export async function refuseOwnServer(client: pg.Client, own: PostgresDatabaseIdentity): Promise<void> {
  // Tributary's own server answers this; one that cannot (a PostgreSQL look-alike) is not it.
  const facts = await serverFacts(client).catch(() => undefined);
  if (!facts) return;
  const mine = own.server;
  if (facts.database !== mine.database) return;
  const isSame =
    facts.systemIdentifier !== null && mine.systemIdentifier !== null
      ? facts.systemIdentifier === mine.systemIdentifier
      : facts.startedAt === mine.startedAt && facts.databaseOid === mine.databaseOid;
  if (isSame) throw ownDatabaseError();
}
