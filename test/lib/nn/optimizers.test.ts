/**
 * Our optimizers against tfjs's own (an independent implementation) where their features
 * overlap, and against the update formulas written out in float64 for weight decay.
 * Tolerance 1e-5: a few float32 roundings per step on values of order 1.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam, Sgd, type Optimizer } from '../../../lib/nn/index.js';
import { useCpu, values } from './helpers.js';

beforeAll(useCpu);

const W0 = [0.5, -1.5, 2.0, 0.25];
const target = [1, 2, -1, 0];
/** loss = Σ (w − target)² · (1 + i), so gradients differ per entry. */
const loss = (w: tf.Tensor) => tf.sum(tf.mul(tf.square(tf.sub(w, target)), [1, 2, 3, 4])) as tf.Scalar;
const grad = (w: number[]) => w.map((v, i) => 2 * (v - target[i]!) * (1 + i));

async function ours(opt: Optimizer, steps: number, lr: number): Promise<Float32Array> {
  const w = tf.variable(tf.tensor1d(W0));
  for (let i = 0; i < steps; i++) {
    const { grads, value } = tf.variableGrads(() => loss(w), [w]);
    opt.apply({ w }, { w: grads[w.name]! }, lr);
    tf.dispose([value, ...Object.values(grads)]);
  }
  const out = await values(w);
  w.dispose();
  opt.dispose();
  return out;
}

async function reference(opt: tf.Optimizer, steps: number): Promise<Float32Array> {
  const w = tf.variable(tf.tensor1d(W0));
  for (let i = 0; i < steps; i++) tf.dispose(opt.minimize(() => loss(w), false, [w]) ?? []);
  const out = await values(w);
  w.dispose();
  opt.dispose();
  return out;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));

test('SGD with momentum matches tf.train.momentum', async () => {
  close(await ours(new Sgd({ momentum: 0.9 }), 5, 0.01), await reference(tf.train.momentum(0.01, 0.9), 5));
});

test('SGD with Nesterov momentum matches tf.train.momentum(useNesterov)', async () => {
  close(await ours(new Sgd({ momentum: 0.9, nesterov: true }), 5, 0.01), await reference(tf.train.momentum(0.01, 0.9, true), 5));
});

test('Adam matches tf.train.adam', async () => {
  close(await ours(new Adam({ beta1: 0.8, beta2: 0.95, epsilon: 1e-6 }), 6, 0.05), await reference(tf.train.adam(0.05, 0.8, 0.95, 1e-6), 6));
});

test('SGD weight decay adds wd·w to the gradient before momentum', async () => {
  const lr = 0.01;
  const wd = 0.1;
  const m = 0.5;
  let w = [...W0];
  let buf = w.map(() => 0);
  for (let s = 0; s < 3; s++) {
    const g = grad(w).map((v, i) => v + wd * w[i]!);
    buf = buf.map((b, i) => m * b + g[i]!);
    w = w.map((v, i) => v - lr * buf[i]!);
  }
  close(await ours(new Sgd({ momentum: m, weightDecay: wd }), 3, lr), w);
});

test('AdamW decays the weights outside the moments; L2 mode folds it into the gradient', async () => {
  const lr = 0.05;
  const wd = 0.2;
  const run = (decoupled: boolean): number[] => {
    let w = [...W0];
    let m = w.map(() => 0);
    let v = w.map(() => 0);
    for (let t = 1; t <= 4; t++) {
      const g = grad(w).map((x, i) => x + (decoupled ? 0 : wd * w[i]!));
      m = m.map((a, i) => 0.9 * a + 0.1 * g[i]!);
      v = v.map((a, i) => 0.999 * a + 0.001 * g[i]! ** 2);
      w = w.map((x, i) => {
        const u = m[i]! / (1 - 0.9 ** t) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8);
        return x - lr * (u + (decoupled ? wd * x : 0));
      });
    }
    return w;
  };
  close(await ours(new Adam({ weightDecay: wd, decoupled: true }), 4, lr), run(true));
  close(await ours(new Adam({ weightDecay: wd, decoupled: false }), 4, lr), run(false));
});

test('resetState zeroes momentum of the named parameters only', async () => {
  const opt = new Sgd({ momentum: 0.9 });
  const a = tf.variable(tf.zeros([2]));
  const b = tf.variable(tf.zeros([2]));
  const g = tf.ones([2]);
  opt.apply({ a, b }, { a: g, b: g }, 1); // buffers 1, weights −1
  opt.resetState(['a']);
  opt.apply({ a, b }, { a: g, b: g }, 1); // a: buffer 1 → −2; b: buffer 1.9 → −2.9
  close(await values(a), [-2, -2]);
  close(await values(b), [-2.9, -2.9]);
  tf.dispose([a, b, g]);
  opt.dispose();
});
