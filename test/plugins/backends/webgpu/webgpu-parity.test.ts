/**
 * backend webgpu against the cpu backend: matmul, conv2d, pooling, softmax, the gradients of a
 * tiny MLP, and a training loop that must not leak. On GPU-less machines this runs on Mesa's
 * llvmpipe, so it checks the shaders, not GPU speed.
 * Tolerance 1e-4 (absolute + relative): inputs in [-1, 1), reductions of <= 100 terms; float32
 * reordering costs ~1e-5 and GPU exp/division may differ by a few ulp (measured: ~3e-6).
 */
import * as tf from '@tensorflow/tfjs';

import { expectClose, onCpu, runOn, seededTensor } from '../native/parity.js';
import { onWebGpu, unavailableChecked } from './webgpu-gate.js';

const TOL = 1e-4;

async function parity(label: string, program: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  if (await unavailableChecked()) return;
  expectClose(await runOn(onWebGpu, program), await runOn(onCpu, program), TOL, TOL, label);
}

describe('backend webgpu: parity with cpu', () => {
  test('matMul, all transposes and a batch', async () => {
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      await parity(`tA=${tA} tB=${tB}`, () =>
        tf.matMul(seededTensor(tA ? [19, 13] : [13, 19], 1), seededTensor(tB ? [7, 19] : [19, 7], 2), tA, tB),
      );
    }
    await parity('batched', () => tf.matMul(seededTensor([3, 5, 6], 3), seededTensor([3, 6, 4], 4)));
  });

  test('conv2d, same and strided valid', async () => {
    const t4 = (shape: number[], seed: number) => seededTensor(shape, seed) as tf.Tensor4D;
    await parity('same', () => tf.conv2d(t4([2, 9, 9, 3], 5), t4([3, 3, 3, 4], 6), 1, 'same'));
    await parity('stride 2', () => tf.conv2d(t4([1, 10, 8, 2], 7), t4([3, 3, 2, 5], 8), 2, 'valid'));
  });

  test('max and average pooling', async () => {
    const x = () => seededTensor([2, 8, 8, 3], 9) as tf.Tensor4D;
    await parity('maxPool', () => tf.maxPool(x(), 2, 2, 'valid'));
    await parity('avgPool', () => tf.avgPool(x(), 3, 2, 'same'));
  });

  test('softmax and logSoftmax', async () => {
    await parity('softmax', () => [
      tf.softmax(tf.mul(seededTensor([6, 10], 10), 5)),
      tf.logSoftmax(seededTensor([4, 7], 11)),
    ]);
  });

  test('gradients of a tiny MLP', async () => {
    await parity('mlp grads', () => {
      const x = seededTensor([8, 5], 12);
      const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32'), 3);
      const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2));
      return tf.grads(loss)([seededTensor([5, 6], 13), seededTensor([6], 14), seededTensor([6, 3], 15)]);
    });
  });
});

describe('backend webgpu: training', () => {
  test('a training loop keeps the tensor count and GPU bytes flat and lowers the loss', async () => {
    if (await unavailableChecked()) return;
    await onWebGpu();
    const w = tf.tidy(() => tf.variable(tf.mul(seededTensor([6, 3], 16), 0.3)));
    const x = seededTensor([16, 6], 17);
    const labels = tf.tidy(() => tf.oneHot(tf.argMax(tf.matMul(x, seededTensor([6, 3], 18)), 1), 3));
    const opt = tf.train.sgd(0.5);
    const lossOf = () => tf.losses.softmaxCrossEntropy(labels, tf.matMul(x, w)) as tf.Scalar;
    const step = () => opt.minimize(lossOf, true) as tf.Scalar;
    const first = step();
    const firstLoss = (await first.data())[0];
    first.dispose();
    const tensors = tf.memory().numTensors;
    const bytes = (tf.memory() as { numBytesInGPU?: number }).numBytesInGPU;
    let loss = firstLoss;
    for (let i = 0; i < 25; i++) {
      const l = step();
      loss = (await l.data())[0];
      l.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
    }
    expect((tf.memory() as { numBytesInGPU?: number }).numBytesInGPU).toBe(bytes);
    expect(loss).toBeLessThan(firstLoss * 0.8);
    tf.dispose([w, x, labels]);
    opt.dispose();
  });
});
