/**
 * Gradients of the training loss against central finite differences, on the cpu backend.
 * float32 throughout: with step h = 1e-2 the truncation error is O(h²) ≈ 1e-4 and the rounding
 * error of a float32 loss (≈1e-7 relative) divided by h is ≈ 1e-5, so an entry passes when
 * |analytic − fd| ≤ 1e-3 + 1e-2·|fd|. Smooth activations (tanh) and average pooling keep the
 * loss differentiable where we probe it; a wrong gradient is off by far more (tested below).
 */
import * as tf from '@tensorflow/tfjs';
import { initParams, trainableParamNames, paramsToTensors, softmaxCrossEntropy, forward, type ModelSpec, type ParamTensors, type DenseGrad } from '../../../lib/nn/index.js';
import { createRng, useCpu } from './helpers.js';

beforeAll(useCpu);

const H = 1e-2;

function lossOf(spec: ModelSpec, params: ParamTensors, x: tf.Tensor, y: tf.Tensor, denseGrad: DenseGrad = 'transposed'): tf.Scalar {
  return softmaxCrossEntropy(forward(spec, params, x, { training: true, denseGrad }), y);
}

/** Max violation of the tolerance over all entries of all parameters (≤ 0 passes). */
async function worstViolation(spec: ModelSpec, seed: number, denseGrad: DenseGrad, batch: number): Promise<number> {
  const rng = createRng(seed, 'fd');
  const arrays = initParams(spec, rng);
  const d = spec.inputShape.reduce((a, b) => a * b, 1);
  const x = tf.tensor(Array.from({ length: batch * d }, () => rng.normal()), [batch, ...spec.inputShape]);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 3), 'int32');
  const params = paramsToTensors(arrays);
  const names = trainableParamNames(spec);
  const grads = tf.grads((...ts: tf.Tensor[]) => lossOf(spec, { ...params, ...Object.fromEntries(names.map((n, i) => [n, ts[i]!])) }, x, y, denseGrad))(names.map((n) => params[n]!));
  let worst = -Infinity;
  for (const [i, name] of names.entries()) {
    const g = await grads[i]!.data();
    const base = arrays[name]!;
    for (let j = 0; j < base.data.length; j++) {
      const at = (delta: number): number =>
        tf.tidy(() => {
          const data = base.data.slice();
          data[j]! += delta;
          const p = { ...params, [name]: tf.tensor(data, base.shape) };
          return lossOf(spec, p, x, y).dataSync()[0]!;
        });
      const fd = (at(H) - at(-H)) / (2 * H);
      worst = Math.max(worst, Math.abs(g[j]! - fd) - (1e-3 + 1e-2 * Math.abs(fd)));
    }
  }
  tf.dispose([x, y, ...grads, ...Object.values(params)]);
  return worst;
}

const mlp: ModelSpec = {
  type: 'sequential',
  inputShape: [5],
  layers: [
    { type: 'dense', name: 'd1', units: 4 },
    { type: 'activation', fn: 'tanh' },
    { type: 'dense', name: 'd2', units: 3 },
  ],
};

const cnn: ModelSpec = {
  type: 'sequential',
  inputShape: [5, 5, 2],
  layers: [
    { type: 'conv2d', name: 'c1', filters: 2, kernel: [3, 3], stride: [1, 1], padding: 'same' },
    { type: 'activation', fn: 'tanh' },
    { type: 'avgpool2d', size: [2, 2], stride: [2, 2], padding: 'valid' },
    { type: 'batchnorm', name: 'bn' },
    { type: 'flatten' },
    { type: 'dense', name: 'd1', units: 3 },
  ],
};

describe('loss gradients match finite differences', () => {
  test.each(['transposed', 'stock'] as const)('tiny MLP, dense grad %s', async (g) => {
    expect(await worstViolation(mlp, 11, g, 6)).toBeLessThanOrEqual(0);
  });

  test('tiny CNN with conv, average pooling and batch norm (training statistics)', async () => {
    expect(await worstViolation(cnn, 12, 'transposed', 4)).toBeLessThanOrEqual(0);
  });

  test('the check fails for a wrong gradient', async () => {
    // A dense layer whose gradient w.r.t. W is doubled: the checker must notice.
    const bad = tf.customGrad((...args: unknown[]) => {
      const [x, w] = args as [tf.Tensor2D, tf.Tensor2D];
      return { value: tf.matMul(x, w), gradFunc: (dy: tf.Tensor) => [tf.matMul(dy as tf.Tensor2D, w, false, true), tf.mul(tf.matMul(x, dy as tf.Tensor2D, true, false), 2)] };
    });
    const x = tf.randomNormal([4, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([3, 2], 0, 1, 'float32', 2) as tf.Tensor2D;
    const f = (ww: tf.Tensor) => tf.sum(tf.square(bad(x, ww as tf.Tensor2D) as tf.Tensor));
    const g = await tf.grad(f)(w).data();
    const wd = await w.data();
    const fd0 = tf.tidy(() => {
      const plus = wd.slice(); plus[0]! += H;
      const minus = wd.slice(); minus[0]! -= H;
      return (f(tf.tensor(plus, [3, 2])).dataSync()[0]! - f(tf.tensor(minus, [3, 2])).dataSync()[0]!) / (2 * H);
    });
    expect(Math.abs(g[0]! - fd0)).toBeGreaterThan(1e-3 + 1e-2 * Math.abs(fd0));
    tf.dispose([x, w]);
  });
});
