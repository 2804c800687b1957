/**
 * Queue test helpers: a private redis-server per test file (a free port on 127.0.0.1, stopped
 * afterwards), in-process workers with the test plugins, and one call that submits a .pipe text
 * through the queue executor and collects every event.
 */
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { preparePipe } from '../../kernel/session.js';
import type { RunEvent } from '../../kernel/events.js';
import type { PluginSource } from '../../kernel/container.js';
import type { RunHandle } from '../../kernel/runner.js';
import { QueueExecutor } from '../../kernel/executors/index.js';
import { startLocalRedis, startWorker, type LocalRedis, type QueuedRunEvent, type WorkerHandle } from '../../kernel/queue/index.js';
import { queueSources } from './queue-plugins.js';

export { tempHome, byType } from '../kernel/run-helpers.js';

/** Starts redis-server before the file's tests and stops it after; fails if it is not installed. */
export function useRedis(): () => LocalRedis {
  let redis: LocalRedis | undefined;
  beforeAll(async () => {
    redis = await startLocalRedis();
  }, 30000);
  afterAll(async () => {
    await redis?.stop();
  });
  return () => {
    if (!redis) throw new Error('redis-server did not start (see beforeAll)');
    return redis;
  };
}

export async function startWorkers(url: string, n: number, o: { queue?: string; sources?: PluginSource[]; prefix?: string } = {}): Promise<WorkerHandle[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => startWorker({ url, queue: o.queue, name: `${o.prefix ?? 'w'}${i}`, builtins: o.sources ?? queueSources })));
}

export async function closeAll(ws: WorkerHandle[]): Promise<void> {
  await Promise.all(ws.map((w) => w.close()));
}

export interface QueuedRun {
  events: QueuedRunEvent[];
  end: Extract<RunEvent, { type: 'run:end' }>;
  handle: RunHandle;
  notices: string[];
}

/** Submits `text` (as `home/t.pipe`) to the queue and follows it to the end. */
export async function runQueued(url: string, text: string, home: string, o: { queue?: string; noCache?: boolean; onStart?: (h: RunHandle) => void; file?: string } = {}): Promise<QueuedRun> {
  const file = o.file ?? join(home, 't.pipe');
  const prep = await preparePipe(file, { builtins: queueSources, text });
  if (!prep.plan) throw new Error(prep.diagnostics.map((d) => d.message).join('\n'));
  const notices: string[] = [];
  const ex = await QueueExecutor.connect(url, { queue: o.queue, onNotice: (l) => notices.push(l) });
  try {
    const handle = ex.start(prep.plan, { registry: prep.kernel!.registry, cacheDir: join(home, 'cache'), home, noCache: o.noCache, text, defaultReport: join(home, 'report.html') });
    o.onStart?.(handle);
    const events = (await lastValueFrom(handle.events$.pipe(toArray()))) as QueuedRunEvent[];
    await handle.result;
    return { events, end: events[events.length - 1] as QueuedRun['end'], handle, notices };
  } finally {
    await ex.close();
  }
}
