/** Instance norm against a plain-JS loop over samples and channels. */
import * as tf from '@tensorflow/tfjs';
import { instanceNorm } from '../../../lib/cunet/index.js';
import { normals, useCpu } from './helpers.js';

beforeAll(useCpu);

function reference(x: Float32Array, [n, h, w, c]: number[], gamma: number[], beta: number[], eps: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let b = 0; b < n!; b++) {
    for (let k = 0; k < c!; k++) {
      const at = (i: number) => (b * h! * w! + i) * c! + k;
      let mean = 0;
      for (let i = 0; i < h! * w!; i++) mean += x[at(i)]!;
      mean /= h! * w!;
      let variance = 0;
      for (let i = 0; i < h! * w!; i++) variance += (x[at(i)]! - mean) ** 2;
      variance /= h! * w!;
      for (let i = 0; i < h! * w!; i++) out[at(i)] = ((x[at(i)]! - mean) / Math.sqrt(variance + eps)) * gamma[k]! + beta[k]!;
    }
  }
  return out;
}

test('normalises each sample and channel over H×W, then scales and shifts', async () => {
  const shape = [2, 3, 5, 3];
  const raw = normals(90, 7);
  // Channels on very different scales and offsets: the normalisation must remove both per channel.
  const x = raw.map((v, i) => v * [1, 10, 0.1][i % 3]! + [0, 5, -3][i % 3]! + Math.floor(i / 45) * 2);
  const gamma = [1, 2, -0.5];
  const beta = [0, 0.25, 1];
  const eps = 1e-5;
  const y = instanceNorm(tf.tensor4d(x, shape as [number, number, number, number]), tf.tensor1d(gamma), tf.tensor1d(beta), eps);
  const got = await y.data();
  const want = reference(x, shape, gamma, beta, eps);
  // float32 normalised values (|z| ≲ 3) carry ~1e-6 error; 1e-4 leaves room for the ×2 gamma.
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-4);
  tf.dispose(y);
});

test('a constant channel maps to beta (ε keeps it finite)', async () => {
  const y = instanceNorm(tf.fill([1, 2, 2, 1], 3) as tf.Tensor4D, tf.tensor1d([5]), tf.tensor1d([0.5]), 1e-5);
  expect(Array.from(await y.data())).toEqual([0.5, 0.5, 0.5, 0.5]);
  tf.dispose(y);
});

test('the written-out gradient equals autodiff through the plain formula', async () => {
  const shape: [number, number, number, number] = [2, 3, 4, 3];
  const x = tf.tensor4d(normals(72, 11).map((v, i) => v * (1 + (i % 3))), shape);
  const gamma = tf.tensor1d([1.5, -0.7, 0.3]);
  const beta = tf.tensor1d([0.1, 0.2, -0.3]);
  const w = tf.tensor4d(normals(72, 12), shape);
  const taped = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(a, [1, 2], true);
    return tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
  };
  const loss = (norm: (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.square(norm(a, g, b)), w)) as tf.Scalar;
  const before = tf.memory().numTensors;
  const want = tf.grads(loss(taped))([x, gamma, beta]);
  const got = tf.grads(loss((a, g, b) => instanceNorm(a as tf.Tensor4D, g, b, 1e-5)))([x, gamma, beta]);
  for (let k = 0; k < 3; k++) {
    const a = await want[k]!.data();
    const b = await got[k]!.data();
    // Two float32 evaluations of the same quantity in different op orders: ~1e-6 relative.
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(a[i]!)));
  }
  tf.dispose([...want, ...got]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, gamma, beta, w]);
});
