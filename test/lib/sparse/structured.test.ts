/**
 * Structured pruning against an oracle: the smaller model must compute exactly what the
 * original computes with the removed units' outgoing connections zeroed (tfjs cpu forward on
 * both; tolerance 1e-5 for float32 sums taken in a different order).
 */
import * as tf from '@tensorflow/tfjs';
import { cnnSpec, countParams, forward, initModel, mlpSpec, paramsToTensors, type Model, type ModelSpec } from '../../../lib/nn/index.js';
import { pruneStructured, unitNorms } from '../../../lib/sparse/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

async function logits(model: Model, x: tf.Tensor): Promise<Float32Array> {
  const p = paramsToTensors(model.params);
  const y = tf.tidy(() => forward(model.arch, p, x, { training: false }));
  const out = new Float32Array(await y.data());
  tf.dispose([y, ...Object.values(p)]);
  return out;
}

/** The original model with unit j of `layer` cut from its consumer (its outputs contribute nothing). */
function zeroed(model: Model, consumerKernel: string, rowsOf: (j: number) => number[], removed: number[], cols: number): Model {
  const data = model.params[consumerKernel]!.data.slice();
  for (const j of removed) for (const r of rowsOf(j)) data.fill(0, r * cols, (r + 1) * cols);
  return { ...model, params: { ...model.params, [consumerKernel]: { shape: model.params[consumerKernel]!.shape, data } } };
}

test('dense neurons: a smaller model with the same function as the zeroed original', async () => {
  const model = initModel(mlpSpec({ inputShape: [6], units: [10, 8, 3], activation: 'relu', dropout: 0 }), createRng(1));
  const { model: small, report } = pruneStructured(model, { amount: 0.4, norm: 'l1', layers: ['dense1'] });
  expect((small.arch.layers[0] as { units: number }).units).toBe(6);
  expect(small.params['dense1/kernel']!.shape).toEqual([6, 6]);
  expect(small.params['dense2/kernel']!.shape).toEqual([6, 8]);
  expect(countParams(small)).toBe(countParams(model) - 4 * (6 + 1) - 4 * 8);
  // The kept units are the 6 of largest L1 norm.
  const norms = unitNorms(model.params['dense1/kernel']!.data, 10, 'l1');
  const removed = [...Array(10).keys()].filter((j) => !report.kept.dense1!.includes(j));
  expect(Math.min(...report.kept.dense1!.map((j) => norms[j]!))).toBeGreaterThanOrEqual(Math.max(...removed.map((j) => norms[j]!)));
  const x = tf.randomNormal([5, 6], 0, 1, 'float32', 3);
  const want = await logits(zeroed(model, 'dense2/kernel', (j) => [j], removed, 8), x);
  const got = await logits(small, x);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  x.dispose();
});

test('conv channels through batch norm, pooling and a flatten into a dense layer', async () => {
  const base = cnnSpec({ inputShape: [6, 6, 2], channels: [4], kernel: 3, pool: 2, dense: 0, numClasses: 3, activation: 'relu', padding: 'same', dropout: 0 });
  const spec: ModelSpec = { ...base, layers: [base.layers[0]!, { type: 'batchnorm', name: 'bn1' }, ...base.layers.slice(1)] };
  const model = initModel(spec, createRng(2));
  model.params['bn1/moving_mean']!.data.set([0.1, -0.2, 0.3, 0.05]);
  const { model: small, report } = pruneStructured(model, { amount: 0.5, norm: 'l2' });
  expect(Object.keys(report.kept)).toEqual(['conv1']);
  expect(small.params['conv1/kernel']!.shape).toEqual([3, 3, 2, 2]);
  expect(small.params['bn1/gamma']!.shape).toEqual([2]);
  expect(small.params['dense1/kernel']!.shape).toEqual([3 * 3 * 2, 3]);
  const removed = [0, 1, 2, 3].filter((j) => !report.kept.conv1!.includes(j));
  // Flattened [3, 3, 4]: channel j sits at rows pos·4 + j.
  const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 4);
  const want = await logits(zeroed(model, 'dense1/kernel', (j) => Array.from({ length: 9 }, (_, p) => p * 4 + j), removed, 3), x);
  const got = await logits(small, x);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  x.dispose();
});

test('conv into conv: the next kernel loses the input channels', () => {
  const spec = cnnSpec({ inputShape: [5, 5, 1], channels: [4, 6], kernel: 3, pool: 1, dense: 0, numClasses: 2, activation: 'relu', padding: 'same', dropout: 0 });
  const { model: small } = pruneStructured(initModel(spec, createRng(3)), { amount: 0.25, norm: 'l1', layers: ['conv1'] });
  expect(small.params['conv2/kernel']!.shape).toEqual([3, 3, 3, 6]);
});

test('layers it cannot prune are refused with their index in `layers`', () => {
  const spec = mlpSpec({ inputShape: [6], units: [10, 3], activation: 'relu', dropout: 0 });
  const model = initModel(spec, createRng(1));
  expect(() => pruneStructured(model, { amount: 0.5, norm: 'l1', layers: ['dense1', 'dense2'] })).toThrow(expect.objectContaining({ path: [1], message: expect.stringContaining('output layer') }));
  const withBn: Model = initModel({ ...spec, layers: [...spec.layers.slice(0, 1), { type: 'batchnorm', name: 'bn' }, ...spec.layers.slice(1)] }, createRng(1));
  expect(() => pruneStructured(withBn, { amount: 0.5, norm: 'l1', layers: ['bn'] })).toThrow(expect.objectContaining({ path: [0], message: expect.stringContaining('batchnorm') }));
  expect(() => pruneStructured(model, { amount: 0.5, norm: 'l1', layers: ['nope'] })).toThrow(expect.objectContaining({ path: [0] }));
});
