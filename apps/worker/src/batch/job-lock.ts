import pg from 'pg';

export interface JobLock {
  release(): Promise<void>;
}

/** A 64-bit advisory lock key from the job's UUID. */
function lockKey(jobId: string): string {
  return BigInt.asIntN(64, BigInt(`0x${jobId.replaceAll('-', '').slice(0, 16)}`)).toString();
}

/**
 * One run of a job at a time, across processes: a session advisory lock on its own connection.
 * A killed worker's connection closes and PostgreSQL frees the lock, so the retry can take over.
 */
export async function tryLockJob(databaseUrl: string, jobId: string): Promise<JobLock | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [
      lockKey(jobId),
    ]);
    if (!result.rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end();
    throw error;
  }
  // A dropped lock connection must not crash the worker; the run's own writes still fail loudly.
  client.on('error', () => undefined);
  return { release: () => client.end() };
}
