/** Executors: where a plan's units run (in this process, or on queue workers). */
export type { Executor, ExecuteOptions } from './executor.js';
export { LocalExecutor } from './local.js';
export { QueueExecutor } from './queue.js';

export const EXECUTORS = ['local', 'queue'] as const;
export type ExecutorName = (typeof EXECUTORS)[number];
