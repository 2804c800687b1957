/**
 * The three plugins through the whole kernel: located diagnostics for bad units, bad constraints
 * and bad CSV files, and a tiny end-to-end run whose run:end carries the metrics and formula
 * scripts read.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { preparePipe } from '../../../kernel/session.js';
import { byType, runText, tempHome } from '../../kernel/run-helpers.js';
import { fakeBackend } from '../../kernel/toy-plugins.js';
import { plugins } from '../../../plugins/symbolic/index.js';

const sources = [{ origin: 'test', plugins, backends: [fakeBackend] }];

/** y = 2·a·b + b on a grid: train on [0, 1]², an extrapolation split on [1, 2]². */
async function writeData(home: string): Promise<void> {
  const rows = (lo: number, hi: number, n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const a = lo + ((hi - lo) * i) / (n - 1);
        const b = lo + ((hi - lo) * j) / (n - 1);
        out.push(`${a}, ${b}, ${2 * a * b + b}`);
      }
    }
    return out.join('\n');
  };
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'train.csv'), rows(0, 1, 9));
  await writeFile(join(home, 'far.csv'), rows(1, 2, 5));
  await writeFile(join(home, 'bad.csv'), '1,2,3\n4,5\n');
}

const pipe = (model: string, train: string, file = 'train.csv') => `version 1
pipeline p {
  seed 3
  data csv { file: "${file}", columns: [a, b, y], splits: { extrapolation: "far.csv" } }
  model symnet { ${model} }
  train symreg { ${train} }
}
`;

test('an unknown unit is a diagnostic at its place in the .pipe file, listing the valid units', async () => {
  const home = await tempHome();
  const prep = await preparePipe(join(home, 't.pipe'), { builtins: sources, text: pipe('units: [mul, sine, ident]', '') });
  const d = prep.diagnostics.find((x) => x.message.includes("'sine'"));
  expect(d).toBeDefined();
  expect([d!.range.start.line, d!.range.start.column]).toEqual([5, 31]);
  expect(d!.hint).toContain("did you mean 'sin'");
  expect(d!.hint).toContain('mul, div, sin, cos, tanh, atan, square');
});

test('a badly formed constraint is found by check; an unknown variable at run time, both located', async () => {
  const home = await tempHome();
  const prep = await preparePipe(join(home, 't.pipe'), { builtins: sources, text: pipe('', 'constraints: [monotone(a, upward)]') });
  const d = prep.diagnostics.find((x) => x.message.includes('direction'));
  expect([d!.range.start.line, d!.range.start.column]).toEqual([6, 44]);

  await writeData(home);
  const { events } = await runText(pipe('units: [ident]', 'constraints: [symmetry(a, c)], epochs: 1, steps: 10, baselines: []'), home, { sources });
  const err = byType(events, 'stage:error')[0]!;
  expect(err.message).toContain("unknown variable 'c'");
  expect(err.location).toMatch(/t\.pipe:6:44$/);
});

test('a ragged CSV row stops the data stage with FILE:LINE', async () => {
  const home = await tempHome();
  await writeData(home);
  const { events } = await runText(pipe('', '', 'bad.csv'), home, { sources });
  expect(byType(events, 'stage:error')[0]!.message).toMatch(/bad\.csv:2:1: error CSV001/);
});

test('end to end: formula, errors per split, violations, front and baselines in run:end', async () => {
  const home = await tempHome();
  await writeData(home);
  const text = pipe(
    'units: [[mul, ident]], init_sigma: 0.5',
    'domain: { a: 0..2, b: 0..2 }, constraints: [monotone(b, increasing), value(at: { b: 0 }, equals: 0)], epochs: 2, steps: 600, baselines: [mlp, unconstrained], mlp_steps: 300, mlp_width: 8, eval_samples: 50',
  );
  const { end } = await runText(text, home, { sources });
  expect(end.status).toBe('ok');
  const train = end.stages.train!;
  for (const m of ['train_rmse', 'validation_rmse', 'extrapolation_rmse', 'constraint_violation', 'complexity', 'mlp_extrapolation_rmse', 'unconstrained_extrapolation_rmse']) {
    expect(Number.isFinite(train.metrics[m])).toBe(true);
  }
  const result = train.result as { formula: string; latex: string; front: { chosen: boolean }[]; violations: Record<string, number> };
  expect(typeof result.formula).toBe('string');
  expect(result.latex.length).toBeGreaterThan(0);
  expect(result.front.filter((f) => f.chosen)).toHaveLength(1);
  expect(Object.keys(result.violations)).toEqual(['monotone(b, increasing)', 'value(at: { b: 0 }, equals: 0)']);
  // y = 2ab + b is inside the model class; even this short run extrapolates far better than the MLP.
  expect(train.metrics.extrapolation_rmse!).toBeLessThan(train.metrics.mlp_extrapolation_rmse!);
});
