export { startJobQueue, type JobQueue, type JobQueueOptions } from './job-queue.ts';
export {
  runBatchPipeline,
  type BatchPipelineInput,
  type PipelineOutcome,
  type PipelineProgress,
  type RowFailure,
} from './batch/run-batch-pipeline.ts';
