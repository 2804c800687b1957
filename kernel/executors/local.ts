/** The embedded default: every unit in this process, in order (kernel/runner.ts). */
import { StageCache } from '../cache.js';
import { RunHistory } from '../history.js';
import { startRun, type RunHandle } from '../runner.js';
import type { Plan } from '../plan.js';
import type { ExecuteOptions, Executor } from './executor.js';

export class LocalExecutor implements Executor {
  readonly name = 'local';

  start(plan: Plan, o: ExecuteOptions): RunHandle {
    return startRun(plan, {
      registry: o.registry,
      cache: new StageCache(o.cacheDir),
      history: new RunHistory(o.home),
      noCache: o.noCache,
      outDir: o.home,
      defaultReport: o.defaultReport,
      progressIntervalMs: o.progressIntervalMs,
      runId: o.runId,
    });
  }

  async close(): Promise<void> {}
}
