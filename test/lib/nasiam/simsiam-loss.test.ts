/**
 * SimSiam loss and collapse monitor. Oracles: cosine similarity computed in JS; the gradient
 * through the stopped branch must be exactly zero (stop-gradient), the other branch's must not.
 * The collapse monitor is 0 for identical rows and 1/√d for isotropic Gaussian rows (each
 * coordinate of a uniform unit vector has variance 1/d); with n = 4000 the sample std is within
 * a few percent, tolerance 5%.
 */
import * as tf from '@tensorflow/tfjs';
import { embeddingStd, negativeCosine, simsiamLoss } from '../../../lib/nasiam/simsiam-loss.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const rng = createRng(5, 'simsiam');
const rand = (n: number, d: number) => tf.tensor2d(Float32Array.from({ length: n * d }, () => rng.normal()), [n, d]);

test('negative cosine equals −mean cos, gradient through z is zero', async () => {
  const p = rand(5, 3);
  const z = rand(5, 3);
  const [pa, za] = [await p.data(), await z.data()];
  let want = 0;
  for (let i = 0; i < 5; i++) {
    let dot = 0, np = 0, nz = 0;
    for (let j = 0; j < 3; j++) {
      dot += pa[i * 3 + j]! * za[i * 3 + j]!;
      np += pa[i * 3 + j]! ** 2;
      nz += za[i * 3 + j]! ** 2;
    }
    want -= dot / Math.sqrt(np * nz) / 5;
  }
  const v = negativeCosine(p as tf.Tensor2D, z as tf.Tensor2D);
  expect((await v.data())[0]).toBeCloseTo(want, 5);
  const [gp, gz] = tf.grads((a: tf.Tensor, b: tf.Tensor) => negativeCosine(a as tf.Tensor2D, b as tf.Tensor2D))([p, z]);
  expect(Array.from(await gz!.data()).every((g) => g === 0)).toBe(true);
  expect(Math.max(...Array.from(await gp!.data()).map(Math.abs))).toBeGreaterThan(1e-3);
  tf.dispose([p, z, v, gp!, gz!]);
});

test('symmetric loss: gradients flow only through the predictions', async () => {
  const [p1, z1, p2, z2] = [rand(4, 3), rand(4, 3), rand(4, 3), rand(4, 3)];
  const gs = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
    simsiamLoss(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor2D),
  )([p1, z1, p2, z2]);
  const absMax = async (t: tf.Tensor) => Math.max(...Array.from(await t.data()).map(Math.abs));
  expect(await absMax(gs[1]!)).toBe(0);
  expect(await absMax(gs[3]!)).toBe(0);
  expect(await absMax(gs[0]!)).toBeGreaterThan(1e-3);
  expect(await absMax(gs[2]!)).toBeGreaterThan(1e-3);
  // identical views with p = z give the minimum −1
  const l = simsiamLoss(p1 as tf.Tensor2D, p1 as tf.Tensor2D, p1 as tf.Tensor2D, p1 as tf.Tensor2D);
  expect((await l.data())[0]).toBeCloseTo(-1, 5);
  tf.dispose([p1, z1, p2, z2, l, ...gs]);
});

test('collapse monitor: 0 for identical embeddings, ≈ 1/√d for Gaussian ones', async () => {
  const one = tf.tile(tf.tensor2d([[0.3, -1.2, 2, 0.5]]), [50, 1]) as tf.Tensor2D;
  expect(await embeddingStd(one)).toBeLessThan(1e-6);
  for (const d of [4, 16]) {
    const g = rand(4000, d);
    expect(Math.abs((await embeddingStd(g)) * Math.sqrt(d) - 1)).toBeLessThan(0.05);
    g.dispose();
  }
  one.dispose();
});

test('a zero row (a relu head can output one) gives finite gradients, not NaN', async () => {
  const p = tf.tensor2d([0, 0, 0, 1, 2, 3], [2, 3]);
  const z = tf.tensor2d([1, 0, 0, 0, 1, 0], [2, 3]);
  const g = tf.grad((x: tf.Tensor) => simsiamLoss(x as tf.Tensor2D, z, x as tf.Tensor2D, z))(p);
  for (const v of await g.data()) expect(Number.isFinite(v)).toBe(true);
  tf.dispose([p, z, g]);
});
