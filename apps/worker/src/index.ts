export { startJobQueue, type JobQueue, type JobQueueOptions } from './job-queue.ts';
export { ensureQueues, sendJob, type QueueName, type QueuePayload } from './job-catalog.ts';
export { startBatchJobWorker, type BatchJobDeps, type ProducerObserver } from './batch/batch-job-handler.ts';
export { startSourceFileSweeper } from './maintenance/source-file-sweeper.ts';
export { loadStoredSync, SOURCE_PASSWORD_FIELD, storedColumnMapping, type StoredSync } from './sync/stored-sync.ts';
export { readableSource } from './sync/readable-source.ts';
export {
  runBatchPipeline,
  type BatchPipelineInput,
  type PipelineOutcome,
  type PipelineProgress,
  type RowFailure,
} from './batch/run-batch-pipeline.ts';
