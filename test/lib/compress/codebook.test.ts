/**
 * Weight sharing: at most 2^bits distinct kept values per kernel, pruned weights stay 0; the
 * gradient of each trainable centroid equals the sum of the gradients of the weights that share
 * it (computed independently: the gradient of the same loss with respect to the dense kernel,
 * summed per cluster in plain JS); fine-tuning keeps every weight on its codebook.
 */
import * as tf from '@tensorflow/tfjs';
import { codebookIndices, compressionOf, shareWeights, sharedParametrisation, trainDerived } from '../../../lib/compress/index.js';
import { forward, initModel, mlpSpec, paramsToTensors, resolveSchedule, softmaxCrossEntropy, type Model } from '../../../lib/nn/index.js';
import { blobs, createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const spec = mlpSpec({ inputShape: [6], units: [12, 3], activation: 'relu', dropout: 0 });
const base = initModel(spec, createRng(4));
const mask = Uint8Array.from({ length: 72 }, (_, i) => (i % 3 === 0 ? 0 : 1));
const pruned: Model = { ...base, params: { ...base.params, 'dense1/kernel': { shape: [6, 12], data: base.params['dense1/kernel']!.data.map((v, i) => (mask[i] ? v : 0)) } }, masks: { 'dense1/kernel': mask } };

test('shared weights: ≤ 2^bits values per kernel, pruned weights 0, codebooks recorded', () => {
  const { model } = shareWeights(pruned, [{ name: 'dense1/kernel', bits: 2 }, { name: 'dense2/kernel', bits: 3 }], { init: 'linear' });
  const c = compressionOf(model);
  expect(c.codebooks['dense1/kernel']!.centroids).toHaveLength(4);
  expect(new Set(model.params['dense2/kernel']!.data).size).toBeLessThanOrEqual(8);
  model.params['dense1/kernel']!.data.forEach((v, i) => (mask[i] ? expect(c.codebooks['dense1/kernel']!.centroids).toContain(v) : expect(v).toBe(0)));
  expect(pruned.params['dense2/kernel']!.data).toEqual(base.params['dense2/kernel']!.data);
});

test('the gradient of a centroid is the sum of the gradients of the weights sharing it', async () => {
  const { model } = shareWeights(pruned, [{ name: 'dense1/kernel', bits: 2 }], { init: 'density' });
  const data = blobs(3, 5, 6);
  const x = tf.tensor2d(data.x, [15, 6]);
  const y = tf.tensor1d(data.y, 'int32');
  const p = sharedParametrisation(model, ['dense1/bias', 'dense2/kernel', 'dense2/bias']);
  const { grads } = tf.variableGrads(() => softmaxCrossEntropy(forward(spec, p.derive(p.raw), x, { training: false }), y), [p.raw['dense1/kernel#centroids']!]);
  const got = await Object.values(grads)[0]!.data();
  // Oracle: d loss / d W for the dense weights (masked as the network sees them), summed per cluster.
  const params = paramsToTensors(model.params);
  const dW = tf.grad((w: tf.Tensor) => softmaxCrossEntropy(forward(spec, { ...params, 'dense1/kernel': w }, x, { training: false }), y))(params['dense1/kernel']!);
  const g = await dW.data();
  const book = compressionOf(model).codebooks['dense1/kernel']!.centroids;
  const idx = codebookIndices(model.params['dense1/kernel']!.data, book, 'w', mask);
  const sums = new Float64Array(4);
  idx.forEach((k, i) => (mask[i] ? (sums[k] += g[i]!) : undefined));
  sums.forEach((s, k) => expect(got[k]).toBeCloseTo(s, 5));
  tf.dispose([x, y, dW, ...Object.values(grads), ...Object.values(params)]);
  p.dispose();
});

test('fine-tuning moves the centroids and keeps every weight on its codebook and the mask', async () => {
  const { model } = shareWeights(pruned, [{ name: 'dense1/kernel', bits: 2 }, { name: 'dense2/kernel', bits: 2 }], { init: 'linear' });
  const p = sharedParametrisation(model, ['dense1/bias', 'dense2/bias']);
  await trainDerived({ spec, raw: p.raw, derive: p.derive, data: blobs(3, 20, 6), optimizer: { type: 'sgd', momentum: 0.9 }, lr: resolveSchedule(0.05), epochs: 2, batchSize: 10, rng: createRng(1) });
  const tuned = await p.read();
  p.dispose();
  const before = compressionOf(model).codebooks['dense1/kernel']!.centroids;
  const after = compressionOf(tuned).codebooks['dense1/kernel']!.centroids;
  expect(after).not.toEqual(before);
  for (const name of ['dense1/kernel', 'dense2/kernel']) {
    const book = compressionOf(tuned).codebooks[name]!.centroids;
    expect(() => codebookIndices(tuned.params[name]!.data, book, name, tuned.masks?.[name])).not.toThrow();
  }
  tuned.params['dense1/kernel']!.data.forEach((v, i) => (mask[i] ? undefined : expect(v).toBe(0)));
});
