import { deleteUnusedSourceFiles, type DbClient } from '@tributary/db';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';

/** An upload is saved with its sync within minutes; a day leaves room for a long edit. */
const UNUSED_FILE_GRACE_MS = 24 * 60 * 60 * 1000;
/** Hourly, at a minute away from the hour when other cron work tends to run. */
const SWEEP_CRON = '23 * * * *';

/**
 * Deletes uploaded source files that no data sync uses any more (replaced, abandoned, or their
 * sync deleted). Scheduled through pg-boss, so one worker sweeps each hour however many run.
 */
export async function startSourceFileSweeper(deps: {
  boss: PgBoss;
  db: Pick<DbClient, '$executeRaw'>;
  logger: Logger;
}): Promise<void> {
  await deps.boss.schedule('sweep-source-files', SWEEP_CRON, {});
  await deps.boss.work('sweep-source-files', async () => {
    const deleted = await deleteUnusedSourceFiles(deps.db, new Date(Date.now() - UNUSED_FILE_GRACE_MS));
    if (deleted > 0) deps.logger.info({ deleted }, 'deleted uploaded source files that no data sync uses');
  });
}
