/**
 * The executor seam: where a linked plan's units run. `local` runs them in this process, one
 * after another; `queue` sends each unit to workers over Redis. Both hand back the same
 * RunHandle — the same events, the same `run:end` — so renderers cannot tell them apart.
 */
import type { Plan } from '../plan.js';
import type { PluginRegistry } from '../registry.js';
import type { RunHandle } from '../runner.js';

export interface ExecuteOptions {
  registry: PluginRegistry;
  /** The content-addressed stage cache (for the queue: a folder every worker sees). */
  cacheDir: string;
  /** Run history and the folder plugins write reports and exports to. */
  home: string;
  noCache?: boolean;
  defaultReport?: string;
  /** The .pipe source the plan was linked from; executors that run elsewhere send it. */
  text?: string;
  /** The `--pipeline` the plan was linked with, so a worker links the same units. */
  pipeline?: string;
  progressIntervalMs?: number;
  runId?: string;
}

export interface Executor {
  readonly name: string;
  start(plan: Plan, opts: ExecuteOptions): RunHandle;
  /** Releases connections; the executor is not used afterwards. */
  close(): Promise<void>;
}
