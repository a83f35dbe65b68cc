import pg from 'pg';

/**
 * pg-boss 11 changed its storage without a migration from pg-boss 10 (schema version 24): pg-boss
 * 12 refuses such a schema ("Version 24 not found"). Tributary's own `jobs` table is the truth
 * about every job, so an install that ran pg-boss 10 is upgraded by setting the old schema aside
 * here, letting pg-boss 12 install afresh, and then queueing again each job the old queue still
 * held (`requeueUnfinishedJobs`), which resumes from its checkpoint like any retry.
 */
const LAST_UNMIGRATABLE_VERSION = 24;
/** Serialises the check across processes that start together (any fixed 64-bit key). */
const UPGRADE_LOCK_KEY = '7346391802215118273';

export async function setAsideUnmigratableQueueSchema(databaseUrl: string, schema: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1::bigint)', [UPGRADE_LOCK_KEY]);
    // A process that set the schema aside and died before queueing the jobs again left it behind.
    const leftOver = await client.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname like $1 order by nspname limit 1`,
      [`${schema}\\_v%\\_retired`],
    );
    const table = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
      `${schema}.version`,
    ]);
    if (!table.rows[0]?.exists) {
      await client.query('commit');
      return leftOver.rows[0]?.name ?? null;
    }
    const version = await client.query<{ version: number }>(
      `select version from ${client.escapeIdentifier(schema)}.version`,
    );
    if ((version.rows[0]?.version ?? Infinity) > LAST_UNMIGRATABLE_VERSION) {
      await client.query('commit');
      return leftOver.rows[0]?.name ?? null;
    }
    const retired = `${schema}_v${version.rows[0]?.version}_retired`;
    await client.query(`drop schema if exists ${client.escapeIdentifier(retired)} cascade`);
    await client.query(`alter schema ${client.escapeIdentifier(schema)} rename to ${client.escapeIdentifier(retired)}`);
    await client.query('commit');
    return retired;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Queues again every Tributary job that is not finished (the set-aside queue held them), then drops
 * the set-aside schema. A job queued twice by two processes is harmless: its run lock and its
 * finished state keep it to one run.
 */
export async function requeueUnfinishedJobs(
  databaseUrl: string,
  retired: string,
  send: (jobId: string) => Promise<string>,
): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ id: string }>(
      `select id from jobs where status in ('QUEUED', 'RUNNING') order by queued_at`,
    );
    for (const { id } of result.rows) {
      const queueJobId = await send(id);
      await client.query('update jobs set pg_boss_job_id = $2 where id = $1', [id, queueJobId]);
    }
    await client.query(`drop schema if exists ${client.escapeIdentifier(retired)} cascade`);
    return result.rows.length;
  } finally {
    await client.end();
  }
}
