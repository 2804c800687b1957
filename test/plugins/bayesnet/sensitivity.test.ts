import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { plugins } from '../../../plugins/bayesnet/index.js';
import { byType, runText, tempHome } from '../../kernel/run-helpers.js';
import { fakeBackend } from '../../kernel/toy-plugins.js';
import { BIF_DIR } from '../../lib/bayesnet/helpers.js';

// The plugins use no tensors; the kernel's no-op test backend stands in for wasm.
const sources = [{ origin: 'builtin:bayesnet', plugins, backends: [fakeBackend] }];

const pipe = (file: string, analyze: string) => `pipeline asia {
  data bif { file: "${file}" }
  analyze sensitivity {
${analyze}
  }
}`;

describe('data bif + analyze sensitivity through the kernel', () => {
  let home: string;
  beforeEach(async () => (home = await tempHome()));
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('reports the probability, the ranking and two figures', async () => {
    const text = pipe(join(BIF_DIR, 'asia.bif'), '    target: "dysp=yes", evidence: { xray: yes, smoke: no }, top: 5, threshold: 0.5, multiway: true');
    const { end, result, events } = await runText(text, home, { sources, noCache: true });
    expect(end.status).toBe('ok');
    const stage = end.stages.analyze!;
    expect(stage.metrics.probability).toBeGreaterThan(0);
    expect(stage.metrics.probability).toBeLessThan(1);
    const r = stage.result as { ranking: Record<string, unknown>[]; two_way: unknown[] };
    expect(r.ranking).toHaveLength(5);
    for (const key of ['variable', 'state', 'parents', 'theta', 'derivative', 'sensitivity_value', 'vertex_proximity']) {
      expect(r.ranking[0]).toHaveProperty(key);
    }
    const values = r.ranking.map((e) => e.sensitivity_value as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(r.two_way.length).toBeGreaterThan(0);
    expect(end.stages.data!.metrics.parameters).toBe(36);
    expect(JSON.stringify(byType(events, 'run:end'))).not.toMatch(/NaN|Infinity/);
    const figures = [...result.records.values()][0]!.get('analyze')!.record.figures;
    expect(figures.map((f) => f.title)).toEqual(['Most sensitive parameters of P(dysp=yes | e)', 'Sensitivity functions of P(dysp=yes | e)']);
    for (const f of figures) expect(f.svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(figures[0]!.svg.match(/<rect /g)!.length).toBeGreaterThanOrEqual(5); // one bar per ranked parameter
  });

  it('caches the analysis: a second run reuses it with the same result', async () => {
    const text = pipe(join(BIF_DIR, 'asia.bif'), '    target: "lung=yes", evidence: { dysp: yes }, top: 3');
    const first = await runText(text, home, { sources });
    const second = await runText(text, home, { sources });
    expect(byType(second.events, 'stage:cached').map((e) => e.stage)).toEqual(['analyze']);
    expect(second.end.stages.analyze!.result).toEqual(first.end.stages.analyze!.result);
  });

  it('points an unknown evidence variable at its place in the .pipe file, with a suggestion', async () => {
    const text = pipe(join(BIF_DIR, 'asia.bif'), '    target: "dysp=yes",\n    evidence: { xrya: yes }');
    const { end, events } = await runText(text, home, { sources, noCache: true });
    expect(end.status).not.toBe('ok');
    const err = byType(events, 'stage:error')[0]!;
    expect(err.message).toMatch(/unknown variable 'xrya'/);
    expect(err.message).toMatch(/did you mean 'xray'\?/);
    expect(err.location).toMatch(/t\.pipe:5:\d+$/);
  });

  it('reports zero-probability evidence as an error, not NaN', async () => {
    const text = pipe(join(BIF_DIR, 'asia.bif'), '    target: "dysp=yes", evidence: { lung: yes, either: no }');
    const { events } = await runText(text, home, { sources, noCache: true });
    expect(byType(events, 'stage:error')[0]!.message).toMatch(/probability zero/);
  });

  it('reports a broken BIF file with its own FILE:LINE:COL', async () => {
    const bif = join(home, 'bad.bif');
    await writeFile(bif, 'variable A { type discrete [ 2 ] { yes, no }; }\nprobability ( A ) { table 0.5, 0.6; }\n');
    const { events } = await runText(pipe(bif, '    target: "A=yes"'), home, { sources, noCache: true });
    const err = byType(events, 'stage:error')[0]!;
    expect(err.location).toBe(`${bif}:2:21`);
    expect(err.message).toMatch(/BIF109/);
  });

  it('refuses an elimination above max_factor_size', async () => {
    const text = pipe(join(BIF_DIR, 'asia.bif'), '    target: "dysp=yes", evidence: { xray: yes }, max_factor_size: 2');
    const { events } = await runText(text, home, { sources, noCache: true });
    const err = byType(events, 'stage:error')[0]!;
    expect(err.message).toMatch(/intermediate factor of about/);
    expect(err.location).toMatch(/t\.pipe:4:\d+$/);
  });
});
