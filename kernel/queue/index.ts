/**
 * Running units on other machines: BullMQ jobs on Redis (one job = one run unit), a Redis stream
 * per run for events, workers that link the job's .pipe text themselves. See docs/distributed.md.
 */
export { QueueConnection, connectRedis, parseRedisUrl, redactUrl } from './connection.js';
export { QueueCodes, QueueError } from './codes.js';
export { DEFAULT_QUEUE, RETENTION_S } from './names.js';
export type { UnitJob, UnitJobResult, RunRecord, QueuedRunEvent, JobTags } from './job.js';
export { submitRun, readRunRecord, cancelRun } from './submit.js';
export { followRun, type FollowOptions, type QueuedUnitSummary } from './follow.js';
export { startWorker, type WorkerOptions, type WorkerHandle } from './worker.js';
export { runStatus, type RunStatusReport, type JobStatus } from './status.js';
export { superviseWorkers } from './supervise.js';
export { loadPluginModules } from './plugin-modules.js';
export { startLocalRedis, type LocalRedis } from './local-redis.js';
