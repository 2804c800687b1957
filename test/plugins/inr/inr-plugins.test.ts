/**
 * The INR stages through the kernel: a tiny MAML-vs-ECoP pipeline on the cpu backend (7×7 MNIST
 * signals, a few outer steps), and the bad inputs a user can write, reported at their option.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { preparePipe } from '../../../kernel/session.js';
import { cpuBackend } from '../../../plugins/backends/cpu.js';
import { plugins } from '../../../plugins/inr/index.js';
import { byType, runText, tempHome } from '../../kernel/run-helpers.js';

const sources = [{ origin: 'builtin:inr', plugins, backends: [cpuBackend] }];

async function diagnostics(body: string) {
  const prep = await preparePipe(join('/tmp', 'e.pipe'), { builtins: sources, text: `pipeline p {\n  backend cpu\n${body}\n}` });
  return prep.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column, message: d.message }));
}

test('the area offers its five stages', () => {
  expect(plugins.map((p) => p.id).sort()).toEqual(['data/signals', 'evaluate/inr_compare', 'model/siren', 'train/ecop', 'train/maml']);
});

describe('bad input points at the option', () => {
  const chain = (train: string, data = 'data signals { train: 8, test: 2, size: 7 }') => `  ${data}\n  model siren { layers: 3, width: 8 }\n  ${train}`;

  it.each([
    ['keep 0', 'train ecop { keep: 0 }', /keep must be in \(0, 1\]/, 22],
    ['keep above 1', 'train ecop { keep: 1.5 }', /keep must be in \(0, 1\]/, 22],
    ['ecop inner_steps 0', 'train ecop { inner_steps: 0 }', /inner_steps must be at least 1/, 29],
    ['maml inner_steps -2', 'train maml { inner_steps: -2 }', /inner_steps must be at least 1/, 29],
  ])('%s', async (_name, train, message, column) => {
    const d = await diagnostics(chain(train));
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(message);
    expect(d[0]!.line).toBe(5);
    expect(d[0]!.column).toBe(column);
  });

  it('an unknown signal source, and a size that does not divide 28', async () => {
    const d = await diagnostics(chain('train maml { }', 'data signals { source: cifar, size: 7 }'));
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/unknown signal source 'cifar'/);
    expect([d[0]!.line, d[0]!.column]).toEqual([3, 26]);
    const m = await diagnostics(chain('train maml { }', 'data signals { source: membrane_crops }'));
    expect(m[0]!.message).toMatch(/needs a PNG decoder/);
    const s = await diagnostics(chain('train maml { }', 'data signals { size: 10 }'));
    expect(s[0]!.message).toMatch(/size 10 must divide/);
    expect(s[0]!.column).toBe(24);
  });

  it('a train stage without signals does not link', async () => {
    const d = await diagnostics('  model siren { }\n  train ecop { }');
    expect(d.length).toBeGreaterThan(0);
  });
});

describe('a tiny MAML vs ECoP pipeline', () => {
  let home: string;
  beforeEach(async () => (home = await tempHome()));
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('trains both branches and compares them in one report', async () => {
    const text = `pipeline tiny {
  backend cpu
  seed 3
  data signals      { source: mnist, size: 7, train: 12, test: 3 }
  model siren       { layers: 3, width: 12, w0: 30 }
  train maml        { inner_steps: 2, outer_steps: 3, meta_batch: 2, outer_lr: 1e-3, show: 2 }
  train ecop from model { inner_steps: 4, keep: 0.25, bootstrap_steps: 2, outer_steps: 3, meta_batch: 2, outer_lr: 1e-3, show: 2 }
  evaluate inr_compare from train_maml, train_ecop { show: 2 }
}`;
    const { end, result, events } = await runText(text, home, { sources, noCache: true });
    expect(byType(events, 'stage:error')).toEqual([]);
    expect(end.status).toBe('ok');
    const maml = end.stages.train_maml!.metrics;
    const ecop = end.stages.train_ecop!.metrics;
    for (const m of [maml, ecop]) {
      expect(Number.isFinite(m.psnr)).toBe(true);
      expect(m.peak_bytes).toBeGreaterThan(0);
      expect(m.step_ms).toBeGreaterThan(0);
    }
    expect(ecop.bootstrap_term).toBeGreaterThan(0);
    expect(end.stages.evaluate!.metrics['psnr.train_ecop']).toBe(ecop.psnr);
    const figures = [...result.records.values()][0]!.get('evaluate')!.record.figures;
    expect(figures.map((f) => f.title)).toContain('Meta-test reconstructions');
    expect(figures[0]!.svg).toMatch(/<rect/);
  });
});
