/**
 * The distillation loss against a float64 re-implementation of its formula: values agree, and
 * the tfjs gradient with respect to the student's logits matches central finite differences of
 * the float64 loss (h = 1e-5: truncation error ~h², rounding ~1e-11/h, both far below 1e-4),
 * and the analytic soft-term gradient α·T·(p_s − p_t)/batch at α = 1.
 */
import * as tf from '@tensorflow/tfjs';
import { distillationLoss } from '../../../lib/compress/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

function softmax(z: number[], T: number): number[] {
  const m = Math.max(...z.map((v) => v / T));
  const e = z.map((v) => Math.exp(v / T - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function reference(s: number[][], t: number[][], y: number[], T: number, alpha: number): number {
  let total = 0;
  s.forEach((row, i) => {
    const ps = softmax(row, T);
    const pt = softmax(t[i]!, T);
    const kl = pt.reduce((a, p, k) => a + p * (Math.log(p) - Math.log(ps[k]!)), 0);
    const ce = -Math.log(softmax(row, 1)[y[i]!]!);
    total += alpha * T * T * kl + (1 - alpha) * ce;
  });
  return total / s.length;
}

const rng = createRng(6, 'distill');
const B = 4;
const K = 5;
const s = Array.from({ length: B }, () => Array.from({ length: K }, () => 2 * rng.normal()));
const t = Array.from({ length: B }, () => Array.from({ length: K }, () => 2 * rng.normal()));
const y = Array.from({ length: B }, () => rng.int(K));

test.each([[4, 0.7], [1, 0.5], [2.5, 1], [3, 0]])('T = %d, alpha = %d: value and gradient match the float64 reference', async (T, alpha) => {
  const st = tf.tensor2d(s);
  const tt = tf.tensor2d(t);
  const yt = tf.tensor1d(y, 'int32');
  const o = { temperature: T, alpha };
  const value = (await distillationLoss(st, tt, yt, o).data())[0]!;
  expect(value).toBeCloseTo(reference(s, t, y, T, alpha), 5);
  const g = await tf.grad((z: tf.Tensor) => distillationLoss(z, tt, yt, o))(st).data();
  const h = 1e-5;
  for (let i = 0; i < B; i++) {
    for (let k = 0; k < K; k++) {
      const plus = s.map((r) => [...r]);
      const minus = s.map((r) => [...r]);
      plus[i]![k]! += h;
      minus[i]![k]! -= h;
      const fd = (reference(plus, t, y, T, alpha) - reference(minus, t, y, T, alpha)) / (2 * h);
      expect(g[i * K + k]).toBeCloseTo(fd, 4);
      if (alpha === 1) expect(g[i * K + k]).toBeCloseTo((T * (softmax(s[i]!, T)[k]! - softmax(t[i]!, T)[k]!)) / B, 5);
    }
  }
  tf.dispose([st, tt, yt]);
});
