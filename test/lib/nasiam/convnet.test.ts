/**
 * The conv backbone spec: conv-BN-relu-pool blocks then a global average pool, output width the
 * last channel count (shapes checked by lib/nn's own shape inference), and its forward pass in
 * inference mode equals a hand computation on a 1-channel, one-filter net (cpu backend, 1e-5:
 * float32 sums of a few O(1) terms).
 */
import * as tf from '@tensorflow/tfjs';
import { backboneForward, convnetSpec } from '../../../lib/nasiam/index.js';
import { initParams, layerShapes, outputSize, paramsToTensors, trainableParamNames } from '../../../lib/nn/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

test('28×28 digits through [16, 32] end in 32 features; convs have no bias, batch norm does the shift', () => {
  const spec = convnetSpec({ inputShape: [28, 28, 1], channels: [16, 32], kernel: 3 });
  expect(outputSize(spec)).toBe(32);
  expect(layerShapes(spec).slice(-3)).toEqual([[7, 7, 32], [1, 1, 32], [32]]);
  expect(trainableParamNames(spec)).toEqual(['conv1/kernel', 'bn1/gamma', 'bn1/beta', 'conv2/kernel', 'bn2/gamma', 'bn2/beta']);
  // a map too small to pool keeps its size; the global pool takes what is left
  expect(layerShapes(convnetSpec({ inputShape: [3, 3, 1], channels: [2, 2, 5], kernel: 3 })).at(-1)).toEqual([5]);
});

test('inference forward = mean over the pooled map of relu(bn(conv(x)))', async () => {
  const spec = convnetSpec({ inputShape: [4, 4, 1], channels: [1], kernel: 1 });
  const params = initParams(spec, createRng(1, 'c'));
  params['conv1/kernel']!.data[0] = 2;
  params['bn1/gamma']!.data[0] = 1.5;
  params['bn1/beta']!.data[0] = -1;
  params['bn1/moving_mean']!.data[0] = 3;
  params['bn1/moving_variance']!.data[0] = 4;
  const x = Float32Array.from({ length: 16 }, (_, i) => (i % 5) - 1);
  const bn = (v: number) => Math.max(0, (1.5 * (2 * v - 3)) / Math.sqrt(4 + 1e-5) - 1);
  // 2×2 max pools of the 4×4 map, then the mean of the four maxima
  let want = 0;
  for (const [r, c] of [[0, 0], [0, 2], [2, 0], [2, 2]] as const) {
    want += Math.max(...[0, 1, 4, 5].map((o) => bn(x[(r + Math.floor(o / 4)) * 4 + c + (o % 4)]!))) / 4;
  }
  const ps = paramsToTensors(params);
  const y = tf.tidy(() => backboneForward(tf.tensor2d(x, [1, 16]), spec, ps, { training: false }));
  expect(y.shape).toEqual([1, 1]);
  expect(Math.abs((await y.data())[0]! - want)).toBeLessThan(1e-5);
  tf.dispose([y, ...Object.values(ps)]);
});
