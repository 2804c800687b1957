/**
 * Bad feature-sieve options through the kernel, each pointing at its place in the .pipe file:
 * schema failures (PW2004: a learning rate ≤ 0, a probability outside [0, 1]) and plugin checks
 * (PW2013) at link time; a layer the model does not have (PW3005) at run time, since only the
 * model knows its layers. Also: the shipped pipeline links, with its three seeds and branches.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { PluginSource } from '../../../kernel/container.js';
import { preparePipe } from '../../../kernel/session.js';
import { backends } from '../../../plugins/backends/index.js';
import { plugins as nn } from '../../../plugins/nn/index.js';
import { plugins as sieve } from '../../../plugins/sieve/index.js';
import { byType, runText, tempHome } from '../../kernel/run-helpers.js';

const sources: PluginSource[] = [
  { origin: 'builtin:backends', plugins: [], backends },
  { origin: 'builtin:nn', plugins: nn },
  { origin: 'builtin:sieve', plugins: sieve },
];

const pipe = (data: string, stage: string) => `pipeline p {
  backend cpu
  ${data}
  model mlp { layers: [392, 8, 2] }
  ${stage}
}`;
const okData = 'data colored_mnist { train_per_env: 40, test: 40 }';
const okTrain = 'train sieve { aux_after: dense1, epochs: 1, batch: 20 }';

async function diags(text: string) {
  const p = await preparePipe('t.pipe', { builtins: sources, text });
  return p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message] as const);
}

/** `at`: the text the diagnostic must start at (its first occurrence in the line). */
test.each([
  ['lr_main 0', 'train', 'train sieve { aux_after: dense1, lr_main: 0 }', 'PW2004', '0 }'],
  ['negative lr_forget', 'train', 'train sieve { aux_after: dense1, lr_forget: -1e-4 }', 'PW2004', '-1e-4'],
  ['negative forget_every', 'train', 'train sieve { aux_after: dense1, forget_every: -5 }', 'PW2004', '-5'],
  ['negative aux_reset_every', 'train', 'train sieve { aux_after: dense1, aux_reset_every: -10 }', 'PW2004', '-10'],
  ['fractional aux_warmup', 'train', 'train sieve { aux_after: dense1, aux_warmup: 2.5 }', 'PW2004', '2.5'],
  ['unknown forget_params', 'train', 'train sieve { aux_after: dense1, forget_params: biases }', 'PW2004', 'biases'],
  ['aux_after missing', 'train', 'train sieve { epochs: 1 }', 'PW2005', '{'],
  ['label noise above 1', 'data', 'data colored_mnist { label_noise: 1.25 }', 'PW2004', '1.25'],
  ['negative environment', 'data', 'data colored_mnist { train_envs: [0.1, -0.2] }', 'PW2004', '-0.2'],
  ['test environment above 1', 'data', 'data colored_mnist { test_env: 9 }', 'PW2004', '9 }'],
  ['an environment twice', 'data', 'data colored_mnist { train_envs: [0.1, 0.1] }', 'PW2013', '0.1]'],
  ['more digits than the package', 'data', 'data colored_mnist { train_per_env: 4000, test: 4000 }', 'PW2013', '4000 }'],
])('%s', async (_name, which, stage, code, at) => {
  const text = which === 'data' ? pipe(stage, okTrain) : pipe(okData, stage);
  const line = which === 'data' ? 3 : 5;
  const d = await diags(text);
  expect(d).toHaveLength(1);
  expect(d[0]!.slice(0, 3)).toEqual([code, line, 3 + stage.indexOf(at)]);
});

test('a negative CNN stem width: PW2004 at the value', async () => {
  const text = pipe(okData, okTrain).replace('model mlp { layers: [392, 8, 2] }', 'model cnn { stem: -4, channels: [4] }');
  const d = await diags(text);
  expect(d).toHaveLength(1);
  expect(d[0]!.slice(0, 3)).toEqual(['PW2004', 4, 3 + 'model cnn { stem: -4, channels: [4] }'.indexOf('-4')]);
});

test('aux_after naming a layer the model lacks: PW3005 at the option, listing the layers', async () => {
  await tf.setBackend('cpu');
  const stage = 'train sieve { aux_after: conv1, epochs: 1 }';
  const { events } = await runText(pipe(okData, stage), await tempHome(), { sources });
  const e = byType(events, 'stage:error')[0]!;
  expect(e.code).toBe('PW3005');
  expect(e.location).toMatch(new RegExp(`t\\.pipe:5:${3 + stage.indexOf('conv1')}$`));
  expect(e.message).toMatch(/no layer 'conv1' \(its layers: dense1, dense2\)/);
  expect(e.message).toMatch(/layers to attach to: dense1/);
}, 30000);

test('pipelines/feature-sieve.pipe links: three seeds, plain training, the sieve and the ablation', async () => {
  const p = await preparePipe(join(process.cwd(), 'pipelines/feature-sieve.pipe'), { builtins: sources });
  expect(p.diagnostics).toEqual([]);
  const units = p.plan!.units;
  expect(units.map((u) => u.seed)).toEqual([1, 2, 3]);
  const stages = Object.fromEntries(units[0]!.stages.map((s) => [s.name, s]));
  expect(stages.erm!.plugin.id).toBe('train/adam');
  expect(stages.sieve!.config.forget_every).toBeGreaterThan(0);
  expect(stages.no_forget!.config.forget_every).toBe(0);
  for (const branch of ['erm', 'sieve', 'no_forget']) {
    expect(stages[`${branch}_eval`]!.inputs).toEqual({ model: branch, data: 'cmnist' });
  }
  // The ablation differs from the sieve in forget_every only.
  const { forget_every: _a, ...sieveRest } = stages.sieve!.config;
  const { forget_every: _b, ...ablationRest } = stages.no_forget!.config;
  expect(ablationRest).toEqual(sieveRest);
});
