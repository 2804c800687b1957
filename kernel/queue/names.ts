/**
 * Where a run lives in Redis. One BullMQ queue (default `pipewright`) holds every run's jobs;
 * each run has its own record and its own event stream, so runs submitted at once never mix.
 */
export const DEFAULT_QUEUE = 'pipewright';
/** BullMQ key prefix; our own keys share it so `redis-cli --scan --pattern 'pw:*'` shows all. */
export const PREFIX = 'pw';
/** Runs, their events and finished jobs are kept this long, for `status` and re-attaching. */
export const RETENTION_S = 7 * 24 * 3600;

export const runKey = (queue: string, runId: string) => `${PREFIX}:${queue}:run:${runId}`;
export const eventsKey = (queue: string, runId: string) => `${PREFIX}:${queue}:run:${runId}:events`;
export const cancelKey = (queue: string, runId: string) => `${PREFIX}:${queue}:run:${runId}:cancel`;

/** BullMQ refuses `:` in custom ids; a run id never contains `.`. */
export const jobIdOf = (runId: string, index: number) => `${runId}.${index}`;
