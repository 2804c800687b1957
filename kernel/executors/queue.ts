/**
 * The queue executor: submits one BullMQ job per unit (all or none), then follows the run's
 * event stream until every job has settled. Errors before anything is enqueued (Redis
 * unreachable, an id clash) end the run at once as a rejected result — nothing half-submitted.
 */
import { ReplaySubject } from 'rxjs';
import { newRunId, type RunHandle, type RunResult } from '../runner.js';
import type { RunEvent } from '../events.js';
import type { Plan } from '../plan.js';
import { QueueConnection } from '../queue/connection.js';
import { QueueError } from '../queue/codes.js';
import { submitRun } from '../queue/submit.js';
import { followRun, type FollowOptions } from '../queue/follow.js';
import type { ExecuteOptions, Executor } from './executor.js';

export class QueueExecutor implements Executor {
  readonly name = 'queue';

  private constructor(
    readonly conn: QueueConnection,
    private readonly follow: FollowOptions,
  ) {}

  /** Connects first, so a bad URL or an unreachable Redis is reported before any work. */
  static async connect(url: string, o: { queue?: string } & FollowOptions = {}): Promise<QueueExecutor> {
    return new QueueExecutor(await QueueConnection.open(url, o.queue), o);
  }

  start(plan: Plan, o: ExecuteOptions): RunHandle {
    if (o.text === undefined) throw new QueueError('the queue executor needs the .pipe source text (ExecuteOptions.text)', 'usage');
    const runId = o.runId ?? newRunId();
    const subject = new ReplaySubject<RunEvent>();
    let inner: RunHandle | undefined;
    let cancelled = false;
    const result = (async (): Promise<RunResult> => {
      await submitRun(this.conn, plan, { runId, text: o.text!, pipeline: o.pipeline, cacheDir: o.cacheDir, home: o.home, noCache: o.noCache, defaultReport: o.defaultReport });
      inner = followRun(this.conn, runId, { ...this.follow, defaultReport: o.defaultReport });
      if (cancelled) inner.cancel();
      inner.events$.subscribe((e) => subject.next(e));
      return inner.result;
    })().finally(() => subject.complete());
    return {
      runId,
      events$: subject.asObservable(),
      result,
      cancel: () => {
        cancelled = true;
        inner?.cancel();
      },
    };
  }

  /** Re-attaches to a run submitted earlier (by this or another process). */
  attach(runId: string, o: FollowOptions = {}): RunHandle {
    return followRun(this.conn, runId, { ...this.follow, ...o });
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
