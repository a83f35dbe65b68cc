export { startJobQueue, type JobQueue, type JobQueueOptions } from './job-queue.ts';
