/** Forward shapes, spec checks, dropout seeding and batch norm against hand computation (cpu). */
import * as tf from '@tensorflow/tfjs';
import {
  cnnSpec,
  forward,
  forwardRange,
  forwardTrace,
  initParams,
  layerShapes,
  mlpSpec,
  paramInfos,
  paramsToTensors,
  paramsToVariables,
  SpecError,
  type ModelSpec,
} from '../../../lib/nn/index.js';
import { createRng, useCpu, values } from './helpers.js';

beforeAll(useCpu);

function run(spec: ModelSpec, batch: number, training = false, seed?: number): number[] {
  return tf.tidy(() => {
    const params = paramsToTensors(initParams(spec, createRng(1)));
    const x = tf.randomNormal([batch, ...spec.inputShape], 0, 1, 'float32', 5);
    return forward(spec, params, x, { training, seed }).shape;
  });
}

describe('forward shapes', () => {
  test('MLP on images flattens first and ends in the class logits', () => {
    const spec = mlpSpec({ inputShape: [28, 28, 1], units: [16, 8, 10], activation: 'relu', dropout: 0.5 });
    expect(spec.layers[0]).toEqual({ type: 'flatten' });
    expect(run(spec, 3, true, 9)).toEqual([3, 10]);
    expect(paramInfos(spec).map((p) => [p.name, p.shape])).toEqual([
      ['dense1/kernel', [784, 16]],
      ['dense1/bias', [16]],
      ['dense2/kernel', [16, 8]],
      ['dense2/bias', [8]],
      ['dense3/kernel', [8, 10]],
      ['dense3/bias', [10]],
    ]);
  });

  test('CNN: same padding keeps size, pooling halves it (floor)', () => {
    const spec = cnnSpec({ inputShape: [9, 9, 1], channels: [4, 6], kernel: 3, pool: 2, dense: 5, numClasses: 3, activation: 'relu', padding: 'same', dropout: 0 });
    const shapes = layerShapes(spec);
    // conv 9×9×4, relu, pool 4×4×4, conv 4×4×6, relu, pool 2×2×6, flatten 24, dense 5, relu, dense 3
    expect(shapes.slice(1)).toEqual([[9, 9, 4], [9, 9, 4], [4, 4, 4], [4, 4, 6], [4, 4, 6], [2, 2, 6], [24], [5], [5], [3]]);
    expect(run(spec, 2)).toEqual([2, 3]);
  });

  test('valid padding and strides', () => {
    const spec: ModelSpec = {
      type: 'sequential',
      inputShape: [7, 6, 2],
      layers: [{ type: 'conv2d', name: 'c', filters: 3, kernel: [3, 2], stride: [2, 2], padding: 'valid' }],
    };
    expect(layerShapes(spec)[1]).toEqual([3, 3, 3]);
    expect(run(spec, 1)).toEqual([1, 3, 3, 3]);
  });

  test('flat rows are reshaped to the spec input shape', () => {
    const spec = cnnSpec({ inputShape: [4, 4, 1], channels: [2], kernel: 3, pool: 2, dense: 0, numClasses: 2, activation: 'relu', padding: 'same', dropout: 0 });
    const shape = tf.tidy(() => forward(spec, paramsToTensors(initParams(spec, createRng(1))), tf.zeros([5, 16]), { training: false }).shape);
    expect(shape).toEqual([5, 2]);
  });
});

describe('spec checks name the layer', () => {
  const bad = (layers: ModelSpec['layers'], inputShape = [4, 4, 1]): SpecError => {
    try {
      layerShapes({ type: 'sequential', inputShape, layers });
    } catch (e) {
      return e as SpecError;
    }
    throw new Error('no error');
  };
  test('dense on an image', () => {
    const e = bad([{ type: 'dense', name: 'd', units: 3 }]);
    expect(e).toBeInstanceOf(SpecError);
    expect(e.layer).toBe(0);
    expect(e.message).toMatch(/flatten/);
  });
  test('window larger than the input', () => {
    expect(bad([{ type: 'flatten' }, { type: 'reshape', shape: [2, 2, 4] }, { type: 'maxpool2d', size: [3, 3], stride: [1, 1], padding: 'valid' }]).layer).toBe(2);
  });
  test('duplicate names', () => {
    expect(bad([{ type: 'flatten' }, { type: 'dense', name: 'd', units: 3 }, { type: 'dense', name: 'd', units: 3 }]).message).toMatch(/duplicate/);
  });
});

describe('layer semantics', () => {
  const spec = mlpSpec({ inputShape: [6], units: [50, 2], activation: 'relu', dropout: 0.5 });
  let params: Record<string, tf.Tensor>;
  let x: tf.Tensor;
  beforeAll(() => {
    params = paramsToTensors(initParams(spec, createRng(2)));
    x = tf.ones([4, 6]);
  });
  afterAll(() => tf.dispose([...Object.values(params), x]));

  test('dropout: same seed same mask, other seed other mask, off in inference', async () => {
    const a = await values(tf.tidy(() => forward(spec, params, x, { training: true, seed: 7 })));
    const b = await values(tf.tidy(() => forward(spec, params, x, { training: true, seed: 7 })));
    const c = await values(tf.tidy(() => forward(spec, params, x, { training: true, seed: 8 })));
    const i1 = await values(tf.tidy(() => forward(spec, params, x, { training: false })));
    const i2 = await values(tf.tidy(() => forward(spec, params, x, { training: false, seed: 9 })));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(i1).toEqual(i2);
    expect(() => tf.tidy(() => forward(spec, params, x, { training: true }))).toThrow(/seed/);
  });

  test('forwardRange composes to forward; forwardTrace ends with the output', async () => {
    const whole = await values(tf.tidy(() => forward(spec, params, x, { training: false })));
    const split = await values(tf.tidy(() => forwardRange(spec, params, forwardRange(spec, params, x, { training: false }, 0, 2), { training: false }, 2)));
    const trace = tf.tidy(() => forwardTrace(spec, params, x, { training: false }));
    expect(split).toEqual(whole);
    expect(trace).toHaveLength(spec.layers.length);
    expect(await values(trace.at(-1)!)).toEqual(whole);
    tf.dispose(trace);
  });

  test('batch norm: batch statistics in training, moving ones updated with momentum', async () => {
    const bn: ModelSpec = { type: 'sequential', inputShape: [2], layers: [{ type: 'batchnorm', name: 'bn', momentum: 0.8, epsilon: 0 }] };
    const vars = paramsToVariables(initParams(bn, createRng(1)));
    const data = [1, 10, 3, 20, 5, 60];
    const xb = tf.tensor2d(data, [3, 2]);
    const col = (c: number) => [data[c]!, data[c + 2]!, data[c + 4]!];
    const mean = [0, 1].map((c) => col(c).reduce((a, b) => a + b) / 3);
    const variance = [0, 1].map((c) => col(c).reduce((a, v) => a + (v - mean[c]!) ** 2, 0) / 3);
    const y = await values(tf.tidy(() => forward(bn, vars, xb, { training: true })));
    data.forEach((v, i) => expect(y[i]!).toBeCloseTo((v - mean[i % 2]!) / Math.sqrt(variance[i % 2]!), 5));
    const mm = await values(vars['bn/moving_mean']!);
    const mv = await values(vars['bn/moving_variance']!);
    [0, 1].forEach((c) => {
      expect(mm[c]!).toBeCloseTo(0.2 * mean[c]!, 4);
      expect(mv[c]!).toBeCloseTo(0.8 + 0.2 * variance[c]!, 3);
    });
    // Inference uses the moving statistics: (x − mm) / sqrt(mv).
    const yi = await values(tf.tidy(() => forward(bn, vars, xb, { training: false })));
    data.forEach((v, i) => expect(yi[i]!).toBeCloseTo((v - mm[i % 2]!) / Math.sqrt(mv[i % 2]!), 4));
    tf.dispose([xb, ...Object.values(vars)]);
  });
});
