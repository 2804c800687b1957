import { readdir, readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtmlReport } from '../../kernel/renderers/html-report.js';
import { runs } from './toy-plugins.js';
import { byType, runText, tempHome } from './run-helpers.js';

const text = `pipeline p {
  seed 1
  data toy { n: 5 }
  model toy { scale: 2 }
  train toy { epochs: 3 }
  evaluate toy { }
}`;

describe('runner', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
    for (const k of Object.keys(runs)) delete runs[k];
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('emits the documented event sequence and run:end shape', async () => {
    const { events, end } = await runText(text, home);
    expect(events[0]!.type).toBe('run:start');
    expect(end.type).toBe('run:end');
    expect(end.status).toBe('ok');
    expect(end.stages.evaluate!.metrics).toEqual({ accuracy: 0.7 });
    expect(end.stages.evaluate!.result).toEqual({ note: 'fine' });
    expect(end.stages.train!.metrics.loss).toBeGreaterThan(0);
    expect(byType(events, 'stage:start').map((e) => e.stage)).toEqual(['data', 'model', 'train', 'evaluate']);
    expect(byType(events, 'stage:start')[0]!.reason).toMatch(/cheap stage/);
    expect(byType(events, 'stage:start')[1]!.reason).toBe('not in cache (first run)');
    expect(byType(events, 'stage:progress').length).toBe(3);
    expect(byType(events, 'stage:metric').filter((m) => m.name === 'loss').map((m) => m.step)).toEqual([0, 1, 2]);
    // Every event serialises to one JSON line.
    for (const e of events) expect(JSON.stringify(e)).not.toContain('\n');
  });

  it('reuses the cache on a second run, and re-runs from a changed option with the reason', async () => {
    const first = await runText(text, home);
    const second = await runText(text, home);
    expect(byType(second.events, 'stage:cached').map((e) => e.stage)).toEqual(['model', 'train', 'evaluate']);
    expect(byType(second.events, 'stage:start')).toEqual([]); // data is cheap and unneeded: not run
    expect(runs['train/toy']).toBe(1);
    expect(second.end.stages.evaluate!.metrics).toEqual(first.end.stages.evaluate!.metrics);
    const third = await runText(text.replace('epochs: 3', 'epochs: 4'), home);
    const starts = byType(third.events, 'stage:start');
    expect(starts.map((e) => e.stage)).toEqual(['data', 'train', 'evaluate']);
    expect(starts[1]!.reason).toBe('option changed: epochs 3 → 4');
    expect(starts[2]!.reason).toBe("upstream changed: 'train'");
    expect(byType(third.events, 'stage:cached').map((e) => e.stage)).toEqual(['model']);
  });

  it('detects a corrupted entry and recomputes it', async () => {
    const first = await runText(text, home);
    const trainKey = (first.events[0] as { units: { stages: { name: string; key: string }[] }[] }).units[0]!.stages.find((s) => s.name === 'train')!.key;
    const bin = join(home, 'cache', 'entries', trainKey.slice(0, 2), trainKey, 'artifact.bin');
    const bytes = await readFile(bin);
    bytes[bytes.length - 1] ^= 1;
    await writeFile(bin, bytes);
    const again = await runText(text, home);
    const start = byType(again.events, 'stage:start').find((e) => e.stage === 'train')!;
    expect(start.reason).toMatch(/corrupt/);
    expect(again.end.status).toBe('ok');
  });

  it('a plugin that throws: stage:error with code and location, downstream skipped, nothing cached for it', async () => {
    const { events, end } = await runText(text.replace('epochs: 3', 'epochs: 3, fail_at: 1'), home);
    const err = byType(events, 'stage:error')[0]!;
    expect(err).toMatchObject({ stage: 'train', plugin: 'train/toy', code: 'PW3001' });
    expect(err.message).toMatch(/boom at epoch 1/);
    expect(err.location).toBe(`${join(home, 't.pipe')}:5:3`);
    expect(end.status).toBe('error');
    expect(end.stages.evaluate!.status).toBe('skipped');
    expect(end.stages.train!.error!.code).toBe('PW3001');
    const shards = await readdir(join(home, 'cache', 'entries'));
    const entries = (await Promise.all(shards.map((s) => readdir(join(home, 'cache', 'entries', s))))).flat().length;
    expect(entries).toBe(1); // only `model` was stored (data is uncached, train failed)
    expect(await readdir(join(home, 'cache', 'tmp')).catch(() => [])).toEqual([]);
  });

  it('a NaN loss is PW3002 and a non-plain output PW3003', async () => {
    const nan = await runText(text.replace('epochs: 3', 'epochs: 3, nan_at: 2'), home);
    expect(byType(nan.events, 'stage:error')[0]).toMatchObject({ code: 'PW3002' });
    const bad = await runText(text.replace('epochs: 3', 'epochs: 3, bad_output: true'), home);
    expect(byType(bad.events, 'stage:error')[0]).toMatchObject({ code: 'PW3003' });
  });

  it('runs every sweep point even when one fails, keyed UNIT/STAGE in run:end', async () => {
    const sweep = text.replace('seed 1', 'sweep { f: [-1, 0] }').replace('epochs: 3', 'epochs: 3, fail_at: $f');
    const { end } = await runText(sweep, home);
    expect(end.status).toBe('error');
    expect(end.units.map((u) => [u.id, u.status])).toEqual([
      ['p[f=-1]', 'ok'],
      ['p[f=0]', 'error'],
    ]);
    expect(end.stages['p[f=-1]/evaluate']!.metrics.accuracy).toBe(0.7);
  });

  it('is deterministic: same file and seed give the same metrics', async () => {
    const a = await runText(text, home, { noCache: true });
    const b = await runText(text, home, { noCache: true });
    expect(a.end.stages.train!.metrics).toEqual(b.end.stages.train!.metrics);
    const c = await runText(text.replace('seed 1', 'seed 2'), home, { noCache: true });
    expect(c.end.stages.train!.metrics).not.toEqual(a.end.stages.train!.metrics);
  });

  it('cancellation ends the run as cancelled and stores nothing half-done', async () => {
    const { end, events } = await runText(text.replace('epochs: 3', 'epochs: 500'), home, {
      onStart: (h) => h.events$.subscribe((e) => e.type === 'stage:progress' && e.done === 5 && h.cancel()),
    });
    expect(end.status).toBe('cancelled');
    expect(end.stages.train!.status).toBe('cancelled');
    expect(end.stages.evaluate!.status).toBe('cancelled');
    expect(byType(events, 'stage:error')).toEqual([]);
  });

  it('reports requested by a stage are listed in run:end, also when it comes from the cache', async () => {
    const t = text.replace('evaluate toy { }', 'evaluate toy { out: "r/x.html" }');
    const a = await runText(t, home);
    expect(a.end.reports).toEqual([join(home, 'r/x.html')]);
    const b = await runText(t, home);
    expect(b.end.reports).toEqual([join(home, 'r/x.html')]);
  });

  it("a series' axis (epoch) reaches its events and labels its chart, also from the cache", async () => {
    const first = await runText(text, home);
    expect(byType(first.events, 'stage:metric').filter((m) => m.name === 'loss').every((m) => m.axis === 'epoch')).toBe(true);
    // The train stage's loss chart is labelled 'epoch' on x, not the default 'step'.
    const chartLabel = (html: string) => {
      const svg = /<svg[^]*?<\/svg>/.exec(html.slice(html.indexOf('>train <')))![0];
      return ['epoch', 'step'].filter((l) => svg.includes(`>${l}</text>`)).join();
    };
    expect(chartLabel(renderHtmlReport('t.pipe', first.result))).toBe('epoch');
    const second = await runText(text, home);
    expect(second.end.stages.train!.status).toBe('cached');
    expect(chartLabel(renderHtmlReport('t.pipe', second.result))).toBe('epoch');
  });
});
