/**
 * Workers as real child processes (compiled by build-fixture.ts): one is SIGKILLed in the
 * middle of a job and BullMQ's stalled-job check hands the job to the other; `--concurrency 2`
 * runs two worker processes under one supervisor that stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { QueueConnection, runStatus, type QueuedUnitSummary } from '../../kernel/queue/index.js';
import { buildWorkerFixture } from './build-fixture.js';
import { byType, runQueued, tempHome, useRedis } from './helpers.js';
import { sweepText } from './queue-plugins.js';

const redis = useRedis();
let entry: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  entry = await buildWorkerFixture();
}, 180000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `worker ...` in a child process; resolves once it logs that it is ready. */
function spawnWorker(args: string[], readyLines = 1): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(process.execPath, [entry, 'worker', '--redis', redis().url, '--lock-ms', '1000', '--stalled-ms', '500', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${log}`)), 60000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if ((log.match(/ ready on /g) ?? []).length >= readyLines) {
        clearTimeout(timer);
        resolve({ child, log: () => log });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${log}`)));
  });
}

describe('queue workers in child processes', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('a worker SIGKILLed mid-job: its job is retried on another worker; no point missing or counted twice', async () => {
    const a = await spawnWorker(['--queue', 'kill', '--name', 'A']);
    const b = await spawnWorker(['--queue', 'kill', '--name', 'B']);
    let killedUnit: string | undefined;
    const xs = [1, 2, 3, 4, 5, 6];
    const q = await runQueued(redis().url, sweepText(xs, { ms: 500 }), home, {
      queue: 'kill',
      onStart: (h) =>
        h.events$.subscribe((e) => {
          const t = e as typeof e & { worker?: string };
          if (!killedUnit && t.type === 'stage:progress' && t.worker === 'A' && t.stage === 'train') {
            killedUnit = t.unit;
            a.child.kill('SIGKILL');
          }
        }),
    });
    expect(killedUnit).toBeDefined();
    expect(q.end.status).toBe('ok');
    const units = q.end.units as QueuedUnitSummary[];
    expect(units.map((u) => u.id)).toEqual(xs.map((x) => `p[x=${x}]`));
    expect(units.map((u) => u.stages.train!.metrics.y)).toEqual(xs.map((x) => 2 * x));
    const killed = units.find((u) => u.id === killedUnit)!;
    expect(killed).toMatchObject({ status: 'ok', worker: 'B', attempts: 2 });
    // Each point's train and evaluate finished exactly once, whatever the lost attempt had emitted.
    for (const u of units) {
      for (const stage of ['train', 'evaluate']) {
        expect(byType(q.events, 'stage:end').filter((e) => e.unit === u.id && e.stage === stage && e.status === 'ok')).toHaveLength(1);
      }
    }
    expect(q.notices.join('\n')).toMatch(new RegExp(`unit ${killedUnit!.replace(/[[\]=]/g, '\\$&')}: job \\S+ restarted on worker B \\(attempt 2\\); attempt 1 on A was lost`));
    const conn = await QueueConnection.open(redis().url, 'kill');
    try {
      const s = await runStatus(conn, q.end.runId);
      expect(s.counts).toEqual({ completed: 6 });
      expect(s.jobs.find((j) => j.unit === killedUnit)).toMatchObject({ worker: 'B', attempts: 2, outcome: 'ok' });
    } finally {
      await conn.close();
    }
    b.child.kill('SIGTERM');
    expect(await new Promise((r) => b.child.once('exit', (code) => r(code)))).toBe(0);
  }, 120000);

  it('--concurrency 2 runs two worker processes; SIGTERM stops them cleanly', async () => {
    // Nothing is killed here, so generous locks (the last --lock-ms wins): on a loaded machine a
    // 1 s lock can lapse between renewals and restart a job, which this test would count as a fault.
    const g = await spawnWorker(['--queue', 'conc', '--name', 'G', '--concurrency', '2', '--lock-ms', '10000', '--stalled-ms', '5000'], 2);
    // Jobs long enough that, even on a loaded machine, the second process is polling before the first is free.
    const q = await runQueued(redis().url, sweepText([1, 2, 3, 4, 5, 6], { ms: 1000 }), home, { queue: 'conc' });
    expect(q.end.status).toBe('ok');
    expect(new Set((q.end.units as QueuedUnitSummary[]).map((u) => u.worker))).toEqual(new Set(['G/0', 'G/1']));
    g.child.kill('SIGTERM');
    expect(await new Promise((r) => g.child.once('exit', (code) => r(code)))).toBe(0);
    expect(g.log()).not.toMatch(/restarting/);
  }, 120000);
});
