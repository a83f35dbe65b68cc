-- DropIndex
DROP INDEX "jobs_status_idx";

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_at_idx" ON "audit_events"("target_type", "target_id", "at");

-- CreateIndex
CREATE INDEX "connection_test_logs_created_at_idx" ON "connection_test_logs"("created_at");

-- CreateIndex
CREATE INDEX "jobs_queued_at_idx" ON "jobs"("queued_at");

-- CreateIndex
CREATE INDEX "jobs_status_queued_at_idx" ON "jobs"("status", "queued_at");

-- A permission is granted to a user or to a group, never both and never neither. Prisma's schema
-- cannot express this; added by hand, and Prisma's diff leaves CHECK constraints alone.
ALTER TABLE "sync_permissions" ADD CONSTRAINT "sync_permissions_one_grantee_check"
  CHECK (num_nonnulls("user_id", "group_id") = 1);
