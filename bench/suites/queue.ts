/**
 * The queue executor on this machine: a 16-point sweep of a small MLP pipeline run in-process
 * (local executor), then through Redis with 1 and with 2 worker processes. Reports points/s for
 * each, the 2-vs-1 speed-up, and the queue's efficiency against the local run (its overhead per
 * job in the note; target under 50 ms). Needs `npm run build` (workers are `bin/pipewright.js`)
 * and redis-server; every run is `--no-cache`, after a warm-up that loads MNIST and tfjs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom } from 'rxjs';
import { preparePipe } from '../../kernel/session.js';
import { LocalExecutor, QueueExecutor, type Executor } from '../../kernel/executors/index.js';
import { startLocalRedis } from '../../kernel/queue/index.js';
import { builtinSources } from '../../plugins/builtin.js';
import { median } from '../measure.js';
import type { BenchSuite } from '../types.js';

const BIN = fileURLToPath(new URL('../../../bin/pipewright.js', import.meta.url));

function sweepPipe(points: number): string {
  const lrs = Array.from({ length: points }, (_, i) => (0.0005 * (i + 1)).toPrecision(3));
  return `version 1
pipeline q {
  backend wasm
  seed 1
  sweep { lr: [${lrs.join(', ')}] }
  data mnist      { train: 1024, test: 256 }
  model mlp       { layers: [784, 128, 10] }
  train adam      { epochs: 2, batch: 64, lr: $lr }
  evaluate report { metrics: [accuracy] }
}
`;
}

/** Wall time of one run, and the time its stages themselves took (the rest is overhead). */
async function timeRun(ex: Executor, points: number, dir: string): Promise<{ ms: number; stagesMs: number }> {
  const text = sweepPipe(points);
  const prep = await preparePipe(join(dir, `sweep${points}.pipe`), { builtins: builtinSources(), text });
  if (!prep.plan || !prep.kernel) throw new Error(prep.diagnostics.map((d) => d.message).join('\n'));
  const t0 = performance.now();
  const h = ex.start(prep.plan, { registry: prep.kernel.registry, cacheDir: join(dir, 'cache'), home: dir, noCache: true, text });
  await lastValueFrom(h.events$, { defaultValue: undefined });
  const r = await h.result;
  const ms = performance.now() - t0;
  if (r.status !== 'ok') throw new Error(`bench run ended ${r.status}: ${JSON.stringify(r.units.find((u) => u.status !== 'ok'))}`);
  return { ms, stagesMs: r.units.reduce((n, u) => n + Object.values(u.stages).reduce((m, s) => m + s.durationMs, 0), 0) };
}

function spawnWorker(url: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--queue', 'bench', '--name', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      log += b.toString();
      if (log.includes(' ready on ')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${log}`)));
  });
}

export const queueSuite: BenchSuite = {
  name: 'queue',
  description: '16-point sweep: local vs BullMQ/Redis with 1 and 2 worker processes',
  params: (quick) => ({ points: 16, reps: quick ? 1 : 3 }),
  skip: (backend) => (backend !== 'wasm' ? 'runs once, on the wasm backend its pipeline names' : undefined),
  async *run(opts, params) {
    const points = params.points as number;
    const reps = params.reps as number;
    const dir = await mkdtemp(join(tmpdir(), 'pw-bench-queue-'));
    const redis = await startLocalRedis();
    const workers: ChildProcess[] = [];
    const local = new LocalExecutor();
    const queue = await QueueExecutor.connect(redis.url, { queue: 'bench' });
    try {
      // Median wall time, and the median time outside the stages per point: on a shared machine
      // the stages' own time swings with the load, the time around them much less.
      const measure = async (ex: Executor, warm: number) => {
        await timeRun(ex, warm, dir);
        const runs: { ms: number; stagesMs: number }[] = [];
        for (let i = 0; i < reps; i++) runs.push(await timeRun(ex, points, dir));
        return { ms: median(runs.map((r) => r.ms)), aroundMs: median(runs.map((r) => (r.ms - r.stagesMs) / points)) };
      };
      opts.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
      const l = await measure(local, 2);
      const tLocal = l.ms;
      opts.log(`local: ${tLocal.toFixed(0)} ms for ${points} points (${l.aroundMs.toFixed(1)} ms/point outside stages)`);
      workers.push(await spawnWorker(redis.url, 'b0'));
      const q1 = await measure(queue, 2);
      const t1 = q1.ms;
      opts.log(`1 worker: ${t1.toFixed(0)} ms (${q1.aroundMs.toFixed(1)} ms/point outside stages)`);
      workers.push(await spawnWorker(redis.url, 'b1'));
      const t2 = (await measure(queue, 4)).ms;
      opts.log(`2 workers: ${t2.toFixed(0)} ms; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
      // With one worker, jobs run back to back: what the queue adds per job is the time outside
      // the stages beyond what the local runner spends there.
      const overheadMs = q1.aroundMs - l.aroundMs;
      const note = (t: number) => `${t.toFixed(0)} ms per ${points}-point sweep`;
      yield { bench: `queue-sweep${points}-local`, backend: opts.backend, value: (points * 1000) / tLocal, unit: 'points/s', note: note(tLocal) };
      yield { bench: `queue-sweep${points}-1-worker`, backend: opts.backend, value: (points * 1000) / t1, unit: 'points/s', note: note(t1) };
      yield { bench: `queue-sweep${points}-2-workers`, backend: opts.backend, value: (points * 1000) / t2, unit: 'points/s', note: note(t2) };
      yield { bench: 'queue-speedup-2-vs-1-workers', backend: opts.backend, value: t1 / t2, unit: '×', note: `${availableParallelism()} cores here` };
      yield { bench: 'queue-efficiency-vs-local', backend: opts.backend, value: tLocal / t1, unit: 'fraction', note: `overhead ${overheadMs.toFixed(1)} ms per job (target < 50)` };
    } finally {
      await queue.close();
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => (w.exitCode === null ? new Promise((r) => w.once('exit', r)) : undefined)));
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
