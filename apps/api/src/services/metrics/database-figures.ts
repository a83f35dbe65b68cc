import type { DbClient } from '@tributary/db';

export interface SyncRows {
  syncId: string;
  sync: string;
  read: number;
  produced: number;
  failed: number;
}

export interface DatabaseFigures {
  rowsBySync: SyncRows[];
  jobsByStatus: Array<{ status: string; count: number }>;
  /** Cumulative counts of finished jobs at or under each bucket's seconds, per outcome. */
  jobDurations: Array<{ status: string; buckets: number[]; count: number; sumSeconds: number }>;
}

/** Reads what every process agrees on (the jobs table) in three aggregate queries. */
export async function readDatabaseFigures(
  db: Pick<DbClient, '$queryRaw'>,
  durationBuckets: readonly number[],
): Promise<DatabaseFigures> {
  const [rowsBySync, jobsByStatus, durations] = await Promise.all([
    db.$queryRaw<Array<{ syncId: string; sync: string; read: bigint; produced: bigint; failed: bigint }>>`
      select s.id as "syncId", s.name as sync,
        coalesce(sum(j.rows_read), 0)::bigint as read,
        coalesce(sum(j.rows_produced), 0)::bigint as produced,
        coalesce(sum(j.rows_failed), 0)::bigint as failed
      from syncs s left join jobs j on j.sync_id = s.id
      group by s.id, s.name order by s.name`,
    db.$queryRaw<Array<{ status: string; count: bigint }>>`
      select status::text as status, count(*)::bigint as count from jobs group by status order by status`,
    // width_bucket counts the bounds at or below a duration: k means under bound k (0-based).
    db.$queryRaw<Array<{ status: string; bucket: number; count: bigint; sumSeconds: number }>>`
      select status::text as status, width_bucket(seconds, ${[...durationBuckets]}::float8[]) as bucket,
        count(*)::bigint as count, sum(seconds)::float8 as "sumSeconds"
      from (
        select status, extract(epoch from (finished_at - started_at))::float8 as seconds
        from jobs where finished_at is not null and started_at is not null
      ) d
      group by 1, 2 order by 1, 2`,
  ]);
  return {
    rowsBySync: rowsBySync.map((row) => ({
      syncId: row.syncId,
      sync: row.sync,
      read: Number(row.read),
      produced: Number(row.produced),
      failed: Number(row.failed),
    })),
    jobsByStatus: jobsByStatus.map((row) => ({ status: row.status, count: Number(row.count) })),
    jobDurations: cumulativeDurations(durations, durationBuckets.length),
  };
}

function cumulativeDurations(
  rows: Array<{ status: string; bucket: number; count: bigint; sumSeconds: number }>,
  bucketCount: number,
): DatabaseFigures['jobDurations'] {
  const byStatus = new Map<string, DatabaseFigures['jobDurations'][number]>();
  for (const row of rows) {
    let entry = byStatus.get(row.status);
    if (!entry) {
      entry = { status: row.status, buckets: new Array<number>(bucketCount).fill(0), count: 0, sumSeconds: 0 };
      byStatus.set(row.status, entry);
    }
    const count = Number(row.count);
    for (let index = Number(row.bucket); index < bucketCount; index += 1)
      entry.buckets[index] = (entry.buckets[index] ?? 0) + count;
    entry.count += count;
    entry.sumSeconds += row.sumSeconds;
  }
  return [...byStatus.values()];
}
