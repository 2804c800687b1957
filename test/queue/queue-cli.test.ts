/**
 * The CLI side of the queue: `run --executor queue`, `status`, `worker` — the happy path against
 * a real redis-server, and every bad input: a clear one-line error and the right exit code.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli } from '../cli/cli-helpers.js';
import { freePort } from '../../kernel/queue/local-redis.js';
import { closeAll, startWorkers, tempHome, useRedis } from './helpers.js';
import { queueSources, sweepText } from './queue-plugins.js';

const redis = useRedis();
const qcli = (args: string[]) => cli(args, { builtins: queueSources });

describe('pipewright run --executor queue / status / worker', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempHome();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const write = async (text: string, name = 'sweep.pipe') => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };

  it('runs through workers with the same --json events and HTML report as a local run; status shows it', async () => {
    const f = await write(sweepText([1, 2, 3], { explodeAt: 3 }));
    const workers = await startWorkers(redis().url, 1, { queue: 'cli' });
    try {
      const r = await qcli(['run', f, '--executor', 'queue', '--redis', redis().url, '--queue', 'cli', '--json', '--home', join(dir, 'h')]);
      expect(r.code).toBe(1); // x=3 explodes
      const events = r.lines.map((l) => JSON.parse(l));
      const end = events[events.length - 1];
      expect(end).toMatchObject({ type: 'run:end', status: 'error' });
      expect(end.stages['p[x=2]/train'].metrics).toEqual({ y: 4 });
      expect(end.stages['p[x=3]/evaluate']).toMatchObject({ status: 'error', error: { code: 'PW3001', worker: 'w0' } });
      expect(end.reports[0]).toBe(join(dir, 'h', 'reports', 'sweep.html'));
      const html = await readFile(end.reports[0], 'utf8');
      expect(html).toContain('p[x=2]');
      expect(html).toContain('<svg'); // the sweep plot: y against x

      const local = await qcli(['run', f, '--json', '--home', join(dir, 'local')]);
      const lend = JSON.parse(local.lines[local.lines.length - 1]!);
      expect(Object.keys(end.stages)).toEqual(Object.keys(lend.stages));

      const st = await qcli(['status', end.runId, '--redis', redis().url, '--queue', 'cli']);
      expect(st.code).toBe(0);
      expect(st.out).toMatch(new RegExp(`${end.runId}\\.2\\s+p\\[x=3\\]\\s+completed\\s+w0\\s+1\\s+error: plugin evaluate/explode failed`));
      expect(st.out).toMatch(/3 completed/);
      const sj = JSON.parse((await qcli(['status', end.runId, '--redis', redis().url, '--queue', 'cli', '--json'])).out);
      expect(sj.jobs.map((j: { state: string; attempts: number }) => [j.state, j.attempts])).toEqual([
        ['completed', 1],
        ['completed', 1],
        ['completed', 1],
      ]);
      // Re-attaching after the fact replays the run and ends the same way.
      const again = await qcli(['status', end.runId, '--redis', redis().url, '--queue', 'cli', '--follow', '--json']);
      expect(again.code).toBe(1);
      const aend = JSON.parse(again.lines[again.lines.length - 1]!);
      expect(aend.stages).toEqual(end.stages);
      expect(again.lines.length).toBe(r.lines.length);
    } finally {
      await closeAll(workers);
    }
  });

  it('console mode: the same summary lines, and the run id to re-attach', async () => {
    const f = await write(sweepText([4]));
    const workers = await startWorkers(redis().url, 1, { queue: 'con' });
    try {
      const r = await qcli(['run', f, '--redis', redis().url, '--queue', 'con', '--home', join(dir, 'h')]);
      expect(r.code).toBe(0);
      expect(r.err).toMatch(/run \S+ queued \(follow it elsewhere: pipewright status \S+ --redis URL --follow\)/);
      expect(r.out).toMatch(/✓ train .*y 8/);
      expect(r.out).toMatch(/run ok in/);
    } finally {
      await closeAll(workers);
    }
  });

  it('bad input to run: missing --redis, unknown executor, malformed URLs, --redis with local', async () => {
    const f = await write(sweepText([1]));
    const noRedis = await qcli(['run', f, '--executor', 'queue']);
    expect(noRedis).toMatchObject({ code: 2, err: expect.stringMatching(/--executor queue needs --redis redis:\/\/HOST:PORT/) });
    const unknown = await qcli(['run', f, '--executor', 'moon']);
    expect(unknown).toMatchObject({ code: 2, err: expect.stringMatching(/unknown executor 'moon' \(available: local, queue\)/) });
    for (const [url, why] of [
      ['localhost:6379', /scheme must be redis:\/\//],
      ['http://127.0.0.1:6379', /scheme must be redis:\/\//],
      ['redis://', /invalid --redis URL/],
      ['redis://h:6379/abc', /database 'abc' must be a number/],
      ['not a url', /invalid --redis URL 'not a url': expected redis:\/\//],
    ] as const) {
      const r = await qcli(['run', f, '--executor', 'queue', '--redis', url]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect((await qcli(['run', f, '--executor', 'local', '--redis', redis().url])).err).toMatch(/--redis only applies to --executor queue/);
  });

  it('Redis unreachable: a clear error naming the URL within seconds, nothing run', async () => {
    const f = await write(sweepText([1]));
    const url = `redis://127.0.0.1:${await freePort()}`;
    const t0 = Date.now();
    const r = await qcli(['run', f, '--executor', 'queue', '--redis', url, '--json', '--home', join(dir, 'h')]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`cannot reach Redis at ${url.replace(/[.]/g, '\\.')}: .*ECONNREFUSED`));
    expect(r.lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ type: 'run:end', status: 'error', error: expect.stringMatching(/cannot reach Redis/) })]);
    const w = await qcli(['worker', '--redis', url]);
    expect(w.code).toBe(1);
    expect(w.err).toMatch(/^pipewright worker: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    const s = await qcli(['status', 'x', '--redis', url]);
    expect(s).toMatchObject({ code: 1, err: expect.stringMatching(/cannot reach Redis/) });
  });

  it('bad input to worker and status', async () => {
    expect(await qcli(['worker'])).toMatchObject({ code: 2, err: expect.stringMatching(/--redis is required/) });
    expect(await qcli(['worker', '--redis', 'redis:/nohost'])).toMatchObject({ code: 2 });
    expect(await qcli(['worker', '--redis', redis().url, '--concurrency', '0'])).toMatchObject({ code: 2, err: expect.stringMatching(/--concurrency must be an integer >= 1, got '0'/) });
    expect(await qcli(['worker', '--redis', redis().url, '--plugins', './nope-plugins.js'])).toMatchObject({ code: 2, err: expect.stringMatching(/--plugins: .*cannot find plugin package '\.\/nope-plugins\.js'/) });
    const s = await qcli(['status', '20990101000000-abcdef', '--redis', redis().url]);
    expect(s).toMatchObject({ code: 1, err: expect.stringMatching(/no run '20990101000000-abcdef' on queue 'pipewright'/) });
  });

  it('--plugins adds plugin modules that no `use` names', async () => {
    const mod = join(dir, 'extra.js');
    await writeFile(mod, `export default { id: 'evaluate/extra', kind: 'evaluate', name: 'extra', version: '1.0.0', apiVersion: 1, description: 'x', configSchema: { type: 'object', properties: {}, additionalProperties: false }, inputs: { model: { type: 'Model' } }, output: 'Metrics', async run(ctx) { ctx.metric('extra', 42); return { output: {} }; } };\n`);
    const f = await write(sweepText([1]).replace(/evaluate explode \{[^}]*\}/, 'evaluate extra { }'), 'extra.pipe');
    expect((await qcli(['run', f, '--home', join(dir, 'h')])).code).toBe(1); // unknown plugin without it
    const r = await qcli(['run', f, '--plugins', mod, '--json', '--home', join(dir, 'h')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.lines[r.lines.length - 1]!).stages['p[x=1]/evaluate'] ?? JSON.parse(r.lines[r.lines.length - 1]!).stages.evaluate).toMatchObject({ metrics: { extra: 42 } });
  });
});
