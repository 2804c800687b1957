/** data mnist, model mlp and model cnn through a fake context (cpu). */
import * as tf from '@tensorflow/tfjs';
import { checkModel, forward, paramsToTensors, type Model } from '../../../lib/nn/index.js';
import type { TensorDataset } from '../../../lib/data/index.js';
import { cnnPlugin, mlpPlugin, mnistPlugin } from '../../../plugins/nn/index.js';
import { FakeConfigError, runPlugin, validated } from './fake-context.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tiny image dataset: 6 examples 6×6×1, 3 classes. */
const images: TensorDataset = {
  kind: 'tensor',
  inputShape: [6, 6, 1],
  numClasses: 3,
  splits: {
    train: { x: new Float32Array(6 * 36).map((_, i) => (i % 7) / 7), y: Int32Array.from([0, 1, 2, 0, 1, 2]), n: 6 },
    test: { x: new Float32Array(36), y: Int32Array.from([1]), n: 1 },
  },
};

describe('data mnist', () => {
  test('defaults 8000/2000, images [28, 28, 1], seeded', async () => {
    const a = (await runPlugin(mnistPlugin, {}, {}, 5)).result.output;
    const b = (await runPlugin(mnistPlugin, {}, {}, 5)).result.output;
    expect(a.splits.train.n).toBe(8000);
    expect(a.splits.test.n).toBe(2000);
    expect(a.inputShape).toEqual([28, 28, 1]);
    expect(Buffer.from(a.splits.test.y.buffer).equals(Buffer.from(b.splits.test.y.buffer))).toBe(true);
  });

  test('train + test beyond the 10,000 digits is a config issue on test', async () => {
    expect(mnistPlugin.check!(validated(mnistPlugin, { train: 9000, test: 2000 }))[0]!.path).toEqual(['test']);
    await expect(runPlugin(mnistPlugin, {}, { train: 9000, test: 2000 })).rejects.toMatchObject({ path: ['test'] });
    expect(() => validated(mnistPlugin, { train: 0 })).toThrow();
  });
});

describe('model mlp', () => {
  const flat: TensorDataset = { ...images, inputShape: [36] };

  test('sizes from the data; seeded init; valid artifact', async () => {
    const { result, rec } = await runPlugin(mlpPlugin, { data: images }, { layers: [36, 5, 3] }, 3);
    const again = (await runPlugin(mlpPlugin, { data: flat }, { layers: [36, 5, 3] }, 3)).result.output;
    const m = result.output;
    checkModel(m);
    expect(m.arch.inputShape).toEqual([6, 6, 1]);
    expect(result.result).toMatchObject({ params: 36 * 5 + 5 + 5 * 3 + 3 });
    expect(rec.metrics).toContainEqual({ name: 'params', value: 203 });
    expect(again.params['dense1/kernel']!.data).toEqual(m.params['dense1/kernel']!.data);
  });

  test('a first layer that does not fit the data points at layers[0]', async () => {
    const err = await runPlugin(mlpPlugin, { data: images }, { layers: [784, 5, 3] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FakeConfigError);
    expect((err as FakeConfigError).path).toEqual(['layers', 0]);
    expect((err as FakeConfigError).hint).toBe('use 36');
  });

  test('a last layer that does not fit the classes points at the last layer', async () => {
    await expect(runPlugin(mlpPlugin, { data: images }, { layers: [36, 5, 10] })).rejects.toMatchObject({ path: ['layers', 2] });
  });

  test('without data the first layer is the input', async () => {
    const m = (await runPlugin(mlpPlugin, {}, { layers: [4, 2], activation: 'tanh', dropout: 0.1 })).result.output;
    expect(m.arch.inputShape).toEqual([4]);
    expect(m.arch.layers.map((l) => l.type)).toEqual(['dense']);
  });
});

describe('model cnn', () => {
  test('conv → relu → pool blocks, dense, logits for the classes', async () => {
    const m: Model = (await runPlugin(cnnPlugin, { data: images }, { channels: [2, 3], dense: 4 })).result.output;
    checkModel(m);
    const shape = tf.tidy(() => forward(m.arch, paramsToTensors(m.params), tf.zeros([2, 6, 6, 1]), { training: false }).shape);
    expect(shape).toEqual([2, 3]);
    expect(m.arch.layers.map((l) => l.type)).toEqual(['conv2d', 'activation', 'maxpool2d', 'conv2d', 'activation', 'maxpool2d', 'flatten', 'dense', 'activation', 'dense']);
  });

  test('flat data gets a clear error; too much pooling points at channels', async () => {
    await expect(runPlugin(cnnPlugin, { data: { ...images, inputShape: [36] } }, {})).rejects.toThrow(/flatten: false/);
    await expect(runPlugin(cnnPlugin, { data: images }, { channels: [2, 2, 2], pool: 2 })).rejects.toMatchObject({ path: ['channels'] });
  });
});
