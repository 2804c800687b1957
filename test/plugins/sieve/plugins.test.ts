/**
 * The sieve's stages on small data (cpu backend): data colored_mnist is deterministic and reports
 * its recipe's rates; train sieve records the head's accuracy as a series and the metrics scripts
 * read; evaluate environments gives a plain-trained model the same metric names. Whether the
 * sieve beats plain training is a full-size question: pipelines/feature-sieve.pipe and
 * docs/techniques/feature-sieve.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { ColoredMnistDataset } from '../../../lib/data/index.js';
import { adamPlugin, cnnPlugin, mlpPlugin } from '../../../plugins/nn/index.js';
import { coloredMnistPlugin, environmentsPlugin, sievePlugin } from '../../../plugins/sieve/index.js';
import { FakeConfigError, runPlugin } from '../nn/fake-context.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = { train_per_env: 300, test: 300 };

test('data colored_mnist: same seed, same data; environments and their rates in the result', async () => {
  const a = await runPlugin(coloredMnistPlugin, {}, small, 4);
  const b = await runPlugin(coloredMnistPlugin, {}, small, 4);
  const c = await runPlugin(coloredMnistPlugin, {}, small, 5);
  const ds = a.result.output as ColoredMnistDataset;
  expect(Buffer.from(ds.splits.train.x.buffer).equals(Buffer.from(b.result.output.splits.train.x.buffer))).toBe(true);
  expect(Buffer.from(ds.splits.train.x.buffer).equals(Buffer.from(c.result.output.splits.train.x.buffer))).toBe(false);
  const envs = (a.result.result as { environments: Record<string, { n: number; colorAgreement: number }> }).environments;
  expect(Object.keys(envs)).toEqual(['env0.1', 'env0.2', 'env0.9']);
  expect(envs['env0.9']!.n).toBe(300);
  // 300 draws: agreement within 4.5 binomial sd of 1 − e.
  expect(Math.abs(envs['env0.1']!.colorAgreement - 0.9)).toBeLessThan(4.5 * Math.sqrt(0.09 / 300));
}, 30000);

test('data colored_mnist refuses more digits than the package has, at the option', async () => {
  await expect(runPlugin(coloredMnistPlugin, {}, { train_per_env: 4000, test: 3000 }, 1)).rejects.toMatchObject({ path: ['test'] });
  await expect(runPlugin(coloredMnistPlugin, {}, { train_envs: [0.1, 0.1] }, 1)).rejects.toBeInstanceOf(FakeConfigError);
});

describe('train sieve and evaluate environments', () => {
  test('metrics by name, the head measured over time, no tensors left behind', async () => {
    const data = (await runPlugin(coloredMnistPlugin, {}, small, 2)).result.output;
    const model = (await runPlugin(mlpPlugin, { data }, { layers: [392, 12, 8, 2] }, 2)).result.output;
    const before = tf.memory().numTensors;
    const { result, rec } = await runPlugin(sievePlugin, { model, data }, { aux_after: 'dense1', epochs: 2, batch: 50, probe_every: 4, probe_size: 100 }, 2);
    expect(tf.memory().numTensors).toBe(before);
    const series = rec.metrics.filter((m) => m.name === 'aux_accuracy');
    expect(series.map((m) => m.step)).toEqual([4, 8, 12, 16, 20, 24]); // 600 rows / 50 = 12 steps per epoch
    for (const name of ['train_accuracy', 'test_accuracy', 'accuracy_env0.1', 'accuracy_env0.2', 'accuracy_env0.9', 'color_kept_accuracy', 'color_flipped_accuracy']) {
      expect(rec.metrics.filter((m) => m.name === name).map((m) => m.step)).toEqual([1, 2]);
    }
    const trained = result.output;
    expect(Object.keys(trained.params).sort()).toEqual(Object.keys(model.params).sort());
    expect(trained.meta?.metrics?.test_accuracy).toBeGreaterThanOrEqual(0);
    expect(result.result).toMatchObject({ aux: { after: 'dense1', lowerParams: ['dense1/kernel', 'dense1/bias'] }, groups: { main: 6, aux: 4, forget: 2 } });

    const ev = await runPlugin(environmentsPlugin, { model: trained, data }, {}, 2);
    const last = (name: string) => rec.metrics.filter((m) => m.name === name).at(-1)!.value;
    expect(ev.result.output.values.test_accuracy).toBeCloseTo(last('test_accuracy'), 10);
    expect(ev.result.output.values.train_accuracy).toBeCloseTo(last('train_accuracy'), 10);
  }, 60000);

  test('a per-position head on conv1, repeated aux steps and weight decay reach the run', async () => {
    const data = (await runPlugin(coloredMnistPlugin, {}, { train_per_env: 50, test: 50 }, 3)).result.output;
    const model = (await runPlugin(cnnPlugin, { data }, { channels: [2, 2], dense: 4 }, 3)).result.output;
    const before = tf.memory().numTensors;
    const config = { aux_after: 'conv1', aux_local: [5], aux_steps: 2, weight_decay: 0.1, epochs: 1, batch: 50, probe_every: 0, probe_size: 20 };
    const { result } = await runPlugin(sievePlugin, { model, data }, config, 3);
    expect(tf.memory().numTensors).toBe(before);
    // Aux (default head_and_lower): the head's 1×1 conv and output layer (4) and conv1 (2); forget: conv1.
    expect(result.result).toMatchObject({ aux: { after: 'conv1', local: [5], steps: 2 }, groups: { aux: 6, forget: 2 } });
    expect((result.result as { aux_accuracy: number }).aux_accuracy).toBeGreaterThanOrEqual(0);
  }, 60000);

  test('the pipeline setting reaches the run: a CNN stem, kernels-only forgetting, head resets with warm-up', async () => {
    const data = (await runPlugin(coloredMnistPlugin, {}, { train_per_env: 50, test: 50 }, 3)).result.output;
    const model = (await runPlugin(cnnPlugin, { data }, { stem: 2, channels: [2], dense: 4 }, 3)).result.output;
    const before = tf.memory().numTensors;
    const config = {
      aux_after: 'stem', aux_local: [3], forget_params: 'kernels', optimizer_forget: 'sgd', lr_forget: 10, forget_every: 1,
      aux_reset_every: 2, aux_warmup: 2, epochs: 1, batch: 25, probe_every: 0, probe_size: 20,
    };
    const { result } = await runPlugin(sievePlugin, { model, data }, config, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(result.result).toMatchObject({ aux: { after: 'stem', resetEvery: 2, warmup: 2 }, groups: { forget: 1 }, forgetParams: ['stem/kernel'] });
  }, 60000);

  test('evaluate environments gives plain training the same names', async () => {
    const data = (await runPlugin(coloredMnistPlugin, {}, small, 3)).result.output;
    const model = (await runPlugin(mlpPlugin, { data }, { layers: [392, 8, 2] }, 3)).result.output;
    const trained = (await runPlugin(adamPlugin, { model, data }, { epochs: 1, batch: 50 }, 3)).result.output;
    const { rec } = await runPlugin(environmentsPlugin, { model: trained, data }, {}, 3);
    expect(rec.metrics.map((m) => m.name).sort()).toEqual(
      ['accuracy_env0.1', 'accuracy_env0.2', 'accuracy_env0.9', 'color_flipped_accuracy', 'color_kept_accuracy', 'test_accuracy', 'train_accuracy'].sort(),
    );
  }, 30000);

  test('aux_after naming a missing layer is a config error listing the layers', async () => {
    const data = (await runPlugin(coloredMnistPlugin, {}, small, 2)).result.output;
    const model = (await runPlugin(mlpPlugin, { data }, { layers: [392, 8, 2] }, 2)).result.output;
    await expect(runPlugin(sievePlugin, { model, data }, { aux_after: 'conv1' }, 2)).rejects.toMatchObject({
      path: ['aux_after'],
      message: expect.stringContaining('its layers: dense1, dense2'),
      hint: 'layers to attach to: dense1',
    });
  }, 30000);
});
