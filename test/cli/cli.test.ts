import { mkdtemp, writeFile, rm, mkdir, readFile, access } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from './cli-helpers.js';

const good = `version 1
pipeline p {
  data toy { n: 3 }
  model toy { scale: 2 }
  train toy { epochs: 2 }
  evaluate toy { }
}
`;

describe('pipewright CLI', () => {
  let dir: string;
  let home: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-cli-'));
    home = join(dir, '.pw');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const write = async (name: string, text: string) => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };

  it('check: silent with exit 0 on a good file', async () => {
    const f = await write('ok.pipe', good);
    expect(await cli(['check', f])).toMatchObject({ code: 0, out: '', err: '' });
  });

  it('check: FILE:LINE:COL: error CODE: message lines, several at once, exit 1; --json too', async () => {
    const f = await write('bad.pipe', good.replace('n: 3', 'n: 0').replace('model toy', 'model tyo'));
    const r = await cli(['check', f]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:17: error PW2004: `));
    expect(lines[1]).toMatch(/:4:9: error PW2002: no model plugin named 'tyo' \(did you mean 'toy'\?\)$/);
    const j = await cli(['check', f, '--json']);
    expect(j.lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ type: 'diagnostic', line: 3, column: 17, code: 'PW2004' }),
      expect.objectContaining({ type: 'diagnostic', line: 4, column: 9, code: 'PW2002' }),
    ]);
  });

  it('check: a missing file is a diagnostic, not a stack trace', async () => {
    const r = await cli(['check', join(dir, 'nope.pipe')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nope\.pipe:1:1: error PW2020: cannot read .*ENOENT/);
  });

  it('run --json: one event per line, run:end last with every stage metrics', async () => {
    const f = await write('ok.pipe', good);
    const r = await cli(['run', f, '--json', '--home', home]);
    expect(r.code).toBe(0);
    const events = r.lines.map((l) => JSON.parse(l));
    expect(events[0].type).toBe('run:start');
    const end = events[events.length - 1];
    expect(end).toMatchObject({ type: 'run:end', status: 'ok' });
    expect(end.stages.evaluate.metrics).toEqual({ accuracy: 0.7 });
    expect(end.reports[0]).toBe(join(home, 'reports', 'ok.html'));
    const html = await readFile(end.reports[0], 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('accuracy');
    const again = (await cli(['run', f, '--json', '--home', home])).lines.map((l) => JSON.parse(l));
    expect(again.filter((e) => e.type === 'stage:cached').length).toBe(3);
  });

  it('run: a broken file prints diagnostics and a run:end with status error under --json', async () => {
    const f = await write('bad.pipe', good.replace('train toy', 'train toy as'));
    const r = await cli(['run', f, '--json', '--home', home]);
    expect(r.code).toBe(1);
    const last = JSON.parse(r.lines[r.lines.length - 1]!);
    expect(last).toMatchObject({ type: 'run:end', status: 'error' });
    expect(last.diagnostics.length).toBeGreaterThan(0);
  });

  it('run: a plugin that throws gives a one-line error with code and location, exit 1', async () => {
    const f = await write('boom.pipe', good.replace('epochs: 2', 'epochs: 2, fail_at: 0'));
    const r = await cli(['run', f, '--home', home]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ train error PW3001: plugin train\/toy failed in stage 'train': boom at epoch 0 \(.*boom\.pipe:5:3\)/);
    expect(r.out).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('run: unknown executor is a usage error', async () => {
    const f = await write('ok.pipe', good);
    expect((await cli(['run', f, '--executor', 'moon'])).code).toBe(2);
  });

  it('plugins --json lists id, version, kind, ports and options with defaults', async () => {
    const r = await cli(['plugins', '--json']);
    const train = r.lines.map((l) => JSON.parse(l)).find((p) => p.id === 'train/toy');
    expect(train).toMatchObject({ version: '1.0.0', kind: 'train', output: 'Model', inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } } });
    expect(train.options).toContainEqual(expect.objectContaining({ name: 'epochs', default: 2 }));
  });

  it('new-plugin scaffolds a package whose own test passes, and `use` loads it', async () => {
    const pkg = join(dir, 'pipewright-plugin-param-count');
    const r = await cli(['new-plugin', 'param_count', '--dir', pkg]);
    expect(r.code).toBe(0);
    execFileSync(process.execPath, ['--test', 'test/'], { cwd: pkg, stdio: 'pipe' }); // throws if its test fails
    const f = await write('use.pipe', `use "./pipewright-plugin-param-count"\n${good.replace('evaluate toy { }', 'evaluate param_count { threshold: 0 }').replace('version 1\n', '')}`);
    const run = await cli(['run', f, '--json', '--home', home]);
    const end = JSON.parse(run.lines[run.lines.length - 1]!);
    if (end.status !== 'ok') throw new Error(run.out + run.err);
    expect(end.status).toBe('ok');
    expect(end.stages.evaluate.metrics).toEqual({ params: 2, params_nonzero: 1 });
    expect((await cli(['new-plugin', 'param_count', '--dir', pkg])).code).toBe(2); // exists
  });

  it('a plugin built for another apiVersion is refused with a clear message', async () => {
    const pdir = join(dir, 'old-plugin');
    await mkdir(pdir);
    await writeFile(join(pdir, 'index.js'), `export default { id: 'evaluate/old', kind: 'evaluate', name: 'old', version: '1.0.0', apiVersion: 99, configSchema: {}, inputs: {}, output: 'X', run() {} };\n`);
    const f = await write('old.pipe', `use "./old-plugin"\n${good.replace('version 1\n', '')}`);
    const r = await cli(['check', f]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/:1:1: error PW2012: plugin 'evaluate\/old' from '.\/old-plugin' was built for plugin API 99, but this pipewright speaks API 1/);
  });

  it('cache clean removes entries', async () => {
    const f = await write('ok.pipe', good);
    await cli(['run', f, '--home', home]);
    const r = await cli(['cache', 'clean', '--home', home]);
    expect(r.out).toMatch(/removed 3 cache entries/);
    await expect(access(join(home, 'cache', 'entries'))).rejects.toThrow();
  });
});

describe('pipewright fmt', () => {
  it('formats, checks and rewrites a file, keeping comments; refuses a file with syntax errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-fmt-'));
    const f = join(dir, 'a.pipe');
    await writeFile(f, 'pipeline p {   # the pipeline\n data toy {n:3}\n    model toy {   }\n}\n');
    const printed = await cli(['fmt', f]);
    expect(printed.code).toBe(0);
    expect(printed.out).toContain('# the pipeline');
    expect(printed.out).toContain('  data toy { n: 3 }');
    expect((await cli(['fmt', '--check', f])).code).toBe(1);
    expect((await cli(['fmt', '--write', f])).code).toBe(0);
    expect(await readFile(f, 'utf8')).toBe(printed.out);
    expect((await cli(['fmt', '--check', f])).code).toBe(0);
    await writeFile(f, 'pipeline p {\n  data toy { n: }\n');
    const bad = await cli(['fmt', f]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/a\.pipe:2:\d+: error PW10/);
    await rm(dir, { recursive: true, force: true });
  });
});
