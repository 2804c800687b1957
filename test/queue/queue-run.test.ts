/**
 * The queue executor end to end, against a real redis-server on a free loopback port, with
 * in-process workers: the same run:end as the local runner, events tagged with job and worker,
 * the shared cache, runs that do not mix, and errors that name their job, plugin and worker.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runText } from '../kernel/run-helpers.js';
import { runs } from '../kernel/toy-plugins.js';
import { QueueConnection, runStatus, type QueuedUnitSummary } from '../../kernel/queue/index.js';
import { byType, closeAll, runQueued, startWorkers, tempHome, useRedis } from './helpers.js';
import { queuePlugins, queueSources, sleepy, sweepText } from './queue-plugins.js';

const redis = useRedis();

describe('queue executor', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('gives the same run:end as the local runner, with every event tagged with its job and worker', async () => {
    const text = sweepText([1, 2, 3, 4], { ms: 40 });
    // One worker takes jobs in order, as the local runner does, so even cache hits line up.
    const workers = await startWorkers(redis().url, 1, { queue: 'same' });
    try {
      const q = await runQueued(redis().url, text, home, { queue: 'same' });
      const local = await runText(text, await tempHome(), { sources: queueSources });
      expect(q.end.status).toBe('ok');
      // Same keys (UNIT/STAGE), statuses and metrics as a local run; durations differ.
      const strip = (st: Record<string, { status: string; metrics: Record<string, number> }>) => Object.fromEntries(Object.entries(st).map(([k, v]) => [k, { status: v.status, metrics: v.metrics }]));
      expect(strip(q.end.stages)).toEqual(strip(local.end.stages));
      expect(Object.keys(q.end.stages)).toContain('p[x=3]/train');
      expect(q.end.stages['p[x=3]/train']!.metrics).toEqual({ y: 6 });
      expect(q.end.units.map((u) => u.id)).toEqual(['p[x=1]', 'p[x=2]', 'p[x=3]', 'p[x=4]']);
      expect(q.events[0]!.type).toBe('run:start');
      expect(q.events[0]).toEqual({ ...local.events[0], runId: q.end.runId, time: q.events[0]!.time, file: join(home, 't.pipe') });
      const relayed = q.events.filter((e) => e.type !== 'run:start' && e.type !== 'run:end');
      for (const e of relayed) expect(e).toEqual(expect.objectContaining({ job: expect.stringMatching(/\.\d$/), worker: 'w0', attempt: 1, runId: q.end.runId }));
      // Per unit, the same sequence of event types as the local run.
      for (const u of q.end.units) {
        const seq = (evs: { type: string; unit?: string }[]) => evs.filter((e) => e.unit === u.id && e.type !== 'stage:progress').map((e) => e.type);
        expect(seq(q.events)).toEqual(seq(local.events));
      }
      const units = q.end.units as QueuedUnitSummary[];
      expect(new Set(units.map((u) => u.job)).size).toBe(4);
      expect(units.every((u) => u.attempts === 1 && u.worker === 'w0')).toBe(true);
      expect(q.handle.runId).toBe(q.end.runId);
    } finally {
      await closeAll(workers);
    }
  });

  it('shares the cache: a worker that finds a stage cached does not recompute it', async () => {
    const text = sweepText([5, 6], { ms: 10 });
    const workers = await startWorkers(redis().url, 1, { queue: 'cache' });
    try {
      const first = await runQueued(redis().url, text, home, { queue: 'cache' });
      // x=6 shares data and model with x=5 (they do not depend on x): 4 + 2 stages execute.
      expect(byType(first.events, 'stage:start').length).toBe(6);
      const before = { ...runs };
      const again = await runQueued(redis().url, text, home, { queue: 'cache' });
      expect(again.end.status).toBe('ok');
      expect(byType(again.events, 'stage:start')).toEqual([]);
      expect(Object.values(again.end.stages).map((s) => s.status).sort()).toEqual(['cached', 'cached', 'cached', 'cached', 'cached', 'cached', 'skipped', 'skipped']);
      expect(again.end.stages['p[x=6]/train']!.metrics).toEqual({ y: 12 });
      expect(runs['model/toy']).toBe(before['model/toy']);
    } finally {
      await closeAll(workers);
    }
  });

  it("reports a plugin's error with its job, plugin and worker; the other points finish", async () => {
    const workers = await startWorkers(redis().url, 1, { queue: 'boom' });
    try {
      const q = await runQueued(redis().url, sweepText([1, 2, 3], { explodeAt: 2 }), home, { queue: 'boom' });
      expect(q.end.status).toBe('error');
      expect(q.end.units.map((u) => [u.id, u.status])).toEqual([
        ['p[x=1]', 'ok'],
        ['p[x=2]', 'error'],
        ['p[x=3]', 'ok'],
      ]);
      const [err] = byType(q.events, 'stage:error');
      expect(err).toMatchObject({ unit: 'p[x=2]', stage: 'evaluate', plugin: 'evaluate/explode', code: 'PW3001', job: `${q.end.runId}.1`, worker: 'w0' });
      expect(err!.message).toMatch(/kaboom at x=2/);
      expect(q.end.stages['p[x=2]/evaluate']!.error).toMatchObject({ code: 'PW3001', job: `${q.end.runId}.1`, worker: 'w0' });
      expect(q.end.stages['p[x=3]/evaluate']!.metrics).toEqual({ z: 4 });
      expect(q.notices.join('\n')).toMatch(/p\[x=2\]\/evaluate failed in job \S+\.1 on worker w0/);
    } finally {
      await closeAll(workers);
    }
  });

  it('keeps two runs submitted at once apart: jobs, events and results', async () => {
    const workers = await startWorkers(redis().url, 2, { queue: 'two' });
    const home2 = await tempHome();
    try {
      const [a, b] = await Promise.all([runQueued(redis().url, sweepText([1, 2, 3], { ms: 30 }), home, { queue: 'two' }), runQueued(redis().url, sweepText([10, 20, 30], { ms: 30 }), home2, { queue: 'two' })]);
      expect(a.end.runId).not.toBe(b.end.runId);
      for (const r of [a, b]) {
        expect(r.events.every((e) => e.runId === r.end.runId)).toBe(true);
        expect(r.events.filter((e) => e.job).every((e) => e.job!.startsWith(`${r.end.runId}.`))).toBe(true);
      }
      expect(Object.values(a.end.units).map((u) => u.stages.train!.metrics.y)).toEqual([2, 4, 6]);
      expect(Object.values(b.end.units).map((u) => u.stages.train!.metrics.y)).toEqual([20, 40, 60]);
      expect(new Set(a.events.map((e) => 'unit' in e && e.unit).filter(Boolean))).toEqual(new Set(['p[x=1]', 'p[x=2]', 'p[x=3]']));
      // Both workers took part (each run's points are spread over them).
      expect(new Set([...a.events, ...b.events].map((e) => e.worker).filter(Boolean))).toEqual(new Set(['w0', 'w1']));
    } finally {
      await closeAll(workers);
      await rm(home2, { recursive: true, force: true });
    }
  });

  it('fails a job whose `use` path is missing on the worker, naming the worker and the path', async () => {
    const pdir = join(home, 'local-plugins');
    await mkdir(pdir);
    await writeFile(join(pdir, 'index.js'), `export default { id: 'evaluate/local', kind: 'evaluate', name: 'local', version: '1.0.0', apiVersion: 1, description: '', configSchema: { type: 'object' }, inputs: {}, output: 'Metrics', async run() { return { output: {} }; } };\n`);
    // Linked (and enqueued) while the path exists; the worker starts only after it is gone.
    let started!: Promise<unknown>;
    const run = runQueued(redis().url, sweepText([1, 2], { use: './local-plugins' }), home, {
      queue: 'use',
      onStart: () => {
        started = rm(pdir, { recursive: true, force: true }).then(() => startWorkers(redis().url, 1, { queue: 'use', prefix: 'far' }));
      },
    });
    const q = await run;
    await closeAll((await started) as Awaited<ReturnType<typeof startWorkers>>);
    expect(q.end.status).toBe('error');
    const errs = byType(q.events, 'stage:error');
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatchObject({ code: 'PW3101', worker: 'far0', stage: 'data' });
    expect(errs[0]!.message).toMatch(/^worker far0: .*cannot find plugin package '\.\/local-plugins'.*looked in/);
    expect(q.end.units.map((u) => u.status)).toEqual(['error', 'error']);
    expect((q.end.units as QueuedUnitSummary[])[0]!.attempts).toBe(1); // not retried: it cannot succeed
  });

  it('refuses a job when the worker has another version of a plugin (other cache keys)', async () => {
    const sleepy2 = { ...sleepy, version: '2.0.0' };
    const workers = await startWorkers(redis().url, 1, { queue: 'ver', sources: [{ origin: 'test', plugins: [...queuePlugins.filter((p) => p !== sleepy), sleepy2], backends: queueSources[0]!.backends }] });
    try {
      const q = await runQueued(redis().url, sweepText([1]), home, { queue: 'ver' });
      expect(q.end.status).toBe('error');
      expect(byType(q.events, 'stage:error')[0]).toMatchObject({ code: 'PW3102' });
      expect(byType(q.events, 'stage:error')[0]!.message).toMatch(/stage 'train' links to another cache key .*train\/sleepy@2\.0\.0/);
    } finally {
      await closeAll(workers);
    }
  });

  it('cancels: units not started are removed and reported cancelled', async () => {
    const q = await runQueued(redis().url, sweepText([1, 2]), home, { queue: 'nobody', onStart: (h) => setTimeout(() => h.cancel(), 300) });
    expect(q.end.status).toBe('cancelled');
    expect(q.end.units.map((u) => u.status)).toEqual(['cancelled', 'cancelled']);
    expect(Object.values(q.end.stages).every((s) => s.status === 'cancelled')).toBe(true);
  });

  it('status lists each job with state, worker and attempts', async () => {
    const workers = await startWorkers(redis().url, 1, { queue: 'st' });
    const conn = await QueueConnection.open(redis().url, 'st');
    try {
      const q = await runQueued(redis().url, sweepText([1, 2], { explodeAt: 2 }), home, { queue: 'st' });
      const s = await runStatus(conn, q.end.runId);
      expect(s.jobs).toEqual([
        { job: `${q.end.runId}.0`, unit: 'p[x=1]', state: 'completed', worker: 'w0', attempts: 1, outcome: 'ok' },
        expect.objectContaining({ job: `${q.end.runId}.1`, unit: 'p[x=2]', state: 'completed', worker: 'w0', attempts: 1, outcome: 'error', error: expect.stringMatching(/kaboom/) }),
      ]);
      expect(s.counts).toEqual({ completed: 2 });
    } finally {
      await conn.close();
      await closeAll(workers);
    }
  });
});
