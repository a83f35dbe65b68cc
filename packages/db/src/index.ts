export { createDbClient, type DbClient } from './client.ts';
export { EmbeddedPostgresError } from './embedded-postgres/errors.ts';
export { findFreePort } from './embedded-postgres/free-port.ts';
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningPostgres,
} from './embedded-postgres/start.ts';
export { migrateDatabase } from './migrate.ts';
export {
  createSecretBox,
  loadOrCreateSecretKey,
  parseSecretKey,
  SecretKeyError,
  syncSecretContext,
  type SecretBox,
} from './secret-box.ts';
export {
  deleteUnusedSourceFiles,
  findSourceFile,
  openSourceFile,
  SOURCE_FILE_CHUNK_BYTES,
  storeSourceFile,
  type StoredSourceFile,
} from './source-files.ts';
export { Prisma } from './generated/prisma/client.ts';
export { JobStatus, LogLevel, UserRole } from './generated/prisma/enums.ts';
