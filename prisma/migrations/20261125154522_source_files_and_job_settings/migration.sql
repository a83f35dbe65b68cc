-- AlterTable
ALTER TABLE "syncs" ADD COLUMN     "big_numbers_as" TEXT NOT NULL DEFAULT 'string',
ADD COLUMN     "job_settings" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "source_files" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_file_chunks" (
    "file_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "source_file_chunks_pkey" PRIMARY KEY ("file_id","position")
);

-- AddForeignKey
ALTER TABLE "source_file_chunks" ADD CONSTRAINT "source_file_chunks_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "source_files"("id") ON DELETE CASCADE ON UPDATE CASCADE;
