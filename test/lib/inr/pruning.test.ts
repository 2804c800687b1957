/**
 * The pruning score against its definition: per point, tf.grads of that point's squared error
 * w.r.t. the output layer's kernel and bias, one backward pass per point (cpu backend).
 */
import * as tf from '@tensorflow/tfjs';
import { keepCount, pruningScores, selectByScore, sirenForward, topRows } from '../../../lib/inr/index.js';
import { tinySiren, useCpu } from './helpers.js';

beforeAll(useCpu);

test('score = ½·‖∇_{W_L, b_L} of the point\'s squared error‖, point by point', async () => {
  const { spec, params } = tinySiren({ outDim: 2, width: 6 });
  const coords = tf.tensor2d([[0.1, 0.2], [-0.5, 0.9], [0.7, -0.3], [-1, -1], [0.33, 0.66]]);
  const target = tf.tensor2d([[0.2, 0.8], [0.5, 0.1], [1, 0], [0.3, 0.3], [0, 0.9]]);
  const scores = await pruningScores(spec, params, coords, target).data();
  for (let i = 0; i < 5; i++) {
    const xi = tf.slice(coords, [i, 0], [1, 2]) as tf.Tensor2D;
    const ti = tf.slice(target, [i, 0], [1, 2]);
    const [gw, gb] = tf.grads((w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.sub(sirenForward(spec, { ...params, 'l2/kernel': w, 'l2/bias': b }, xi).out, ti))))([params['l2/kernel']!, params['l2/bias']!]);
    const norm = Math.sqrt((await tf.sum(tf.square(gw!)).data())[0]! + (await tf.sum(tf.square(gb!)).data())[0]!);
    // Exact up to float32 rounding: the last-layer gradient of one point is rank one.
    expect(scores[i]!).toBeGreaterThan(0);
    expect(Math.abs(2 * scores[i]! - norm) / norm).toBeLessThan(1e-4);
    tf.dispose([xi, ti, gw!, gb!]);
  }
  tf.dispose([coords, target, ...Object.values(params)]);
});

test('topRows returns the k highest scores, highest first', async () => {
  const values = [0.3, 2.5, -1, 7, 0.31, 4, 4.5, 0];
  const rows = await topRows(tf.tensor1d(values), 3);
  const bySort = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, i]) => i);
  expect(Array.from(rows)).toEqual(bySort);
});

test('selectByScore keeps round(keep·P) points with the largest scores', async () => {
  const { spec, params } = tinySiren();
  const coords = tf.randomUniform([40, 2], -1, 1, 'float32', 3) as tf.Tensor2D;
  const target = tf.randomUniform([40, 1], 0, 1, 'float32', 4) as tf.Tensor2D;
  const rows = await selectByScore(spec, params, coords, target, 0.25);
  expect(rows).toHaveLength(10);
  const scores = Array.from(await pruningScores(spec, params, coords, target).data());
  const threshold = Math.min(...Array.from(rows, (r) => scores[r]!));
  const kept = new Set(rows);
  scores.forEach((s, i) => {
    if (!kept.has(i)) expect(s).toBeLessThanOrEqual(threshold);
  });
  tf.dispose([coords, target, ...Object.values(params)]);
});

test('keepCount rounds, keeps at least one point and refuses keep outside (0, 1]', () => {
  expect(keepCount(784, 0.25)).toBe(196);
  expect(keepCount(10, 0.01)).toBe(1);
  expect(keepCount(10, 1)).toBe(10);
  expect(() => keepCount(10, 0)).toThrow(/keep must be in \(0, 1\]/);
  expect(() => keepCount(10, 1.5)).toThrow(/keep must be in \(0, 1\]/);
});
