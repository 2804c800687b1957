/**
 * Low-rank factorisations. Truncated SVD: Eckart–Young (the squared Frobenius error equals the
 * sum of the squared tail singular values, the eigenvalues of WᵀW from an independent
 * eigen-decomposition, and no other rank-r product found by perturbing it does better).
 * Tucker-2 is exact at full rank; CP recovers an exactly low-rank kernel; and each replacement
 * layer sequence computes the convolution with the reconstructed kernel (tfjs cpu, float32).
 */
import * as tf from '@tensorflow/tfjs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import {
  cpAls,
  cpConv,
  cpReconstruct,
  multiply,
  rankForEnergy,
  replaceLayer,
  separableConv,
  svd,
  svdDense,
  truncate,
  tucker2,
  tucker2Reconstruct,
  tuckerConv,
  type Replacement,
} from '../../../lib/compress/index.js';
import { forward, initModel, paramsToTensors, type Conv2dLayer, type Model, type ModelSpec } from '../../../lib/nn/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const rng = createRng(11, 'lowrank');
const randn = (n: number) => Float64Array.from({ length: n }, () => rng.normal());
const sq = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + (x - b[i]!) ** 2, 0);

test('Eckart–Young: ‖W − A·B‖²_F = Σ_{i>r} s_i² = tail eigenvalues of WᵀW, and perturbations do worse', () => {
  const [m, n] = [12, 8];
  const w = randn(m * n);
  const eig = new EigenvalueDecomposition(new Matrix(Array.from({ length: m }, (_, i) => Array.from(w.subarray(i * n, (i + 1) * n)))).transpose().mmul(new Matrix(Array.from({ length: m }, (_, i) => Array.from(w.subarray(i * n, (i + 1) * n))))));
  const lambdas = [...eig.realEigenvalues].sort((a, b) => b - a);
  const d = svd(w, m, n);
  for (const r of [1, 3, 5, 8]) {
    const f = truncate(d, r);
    const err = sq(w, multiply(f.a, f.b, m, r, n));
    const tail = lambdas.slice(r).reduce((a, b) => a + Math.max(0, b), 0);
    expect(err).toBeCloseTo(tail, 8);
    for (let t = 0; t < 5; t++) {
      const a = f.a.map((x) => x + 0.01 * rng.normal());
      expect(sq(w, multiply(a, f.b, m, r, n))).toBeGreaterThanOrEqual(err);
    }
  }
  expect(rankForEnergy([3, 2, 1], 1)).toBe(3);
  expect(rankForEnergy([3, 2, 1], 0.9)).toBe(2);
  expect(rankForEnergy([3, 2, 1], 0.6)).toBe(1);
});

test('Tucker-2 at full rank reconstructs the kernel exactly; lower ranks approximate it', () => {
  const shape = [3, 3, 4, 5];
  const k = randn(180);
  const full = tucker2(k, shape, 4, 5);
  expect(sq(k, tucker2Reconstruct(full, shape))).toBeLessThan(1e-20 * 180 + 1e-18);
  const low = tucker2(k, shape, 2, 3);
  const rel = sq(k, tucker2Reconstruct(low, shape)) / sq(k, new Float64Array(180));
  expect(rel).toBeGreaterThan(0.01);
  expect(rel).toBeLessThan(1);
});

test('CP-ALS recovers an exactly rank-2 kernel', () => {
  const dims = [3, 3, 4, 6];
  const truth = dims.map((d) => randn(d * 2));
  const k = cpReconstruct(truth, dims, 2);
  const cp = cpAls(k, dims, 2, createRng(1, 'cp'), 500, 1e-14);
  expect(cp.relativeError).toBeLessThan(1e-5);
  expect(Math.sqrt(sq(k, cpReconstruct(cp.factors, dims, 2)) / sq(k, new Float64Array(k.length)))).toBeLessThan(1e-5);
});

const convSpec = (padding: 'same' | 'valid', stride: number): ModelSpec => ({
  type: 'sequential',
  inputShape: [7, 6, 4],
  layers: [{ type: 'conv2d', name: 'conv1', filters: 5, kernel: [3, 3], stride: [stride, stride], padding }],
});

async function logits(model: Model, x: tf.Tensor): Promise<Float32Array> {
  const p = paramsToTensors(model.params);
  const y = forward(model.arch, p, x, { training: false });
  const out = new Float32Array(await y.data());
  tf.dispose([y, ...Object.values(p)]);
  return out;
}

/** The replaced model against the original conv with `kernel` in place of its weights. */
async function checkSequence(base: Model, make: (m: Model, l: Conv2dLayer) => Replacement, kernel: (m: Model) => ArrayLike<number>): Promise<void> {
  const replaced = replaceLayer(base, 0, make(base, base.arch.layers[0] as Conv2dLayer));
  const reference: Model = { ...base, params: { ...base.params, 'conv1/kernel': { shape: [3, 3, 4, 5], data: Float32Array.from(kernel(base)) } } };
  const x = tf.randomNormal([2, 7, 6, 4], 0, 1, 'float32', 3);
  const [a, b] = [await logits(replaced, x), await logits(reference, x)];
  x.dispose();
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
}

test.each([['same', 1], ['same', 2], ['valid', 2]] as const)('replacement sequences equal the conv with the reconstructed kernel (%s, stride %i)', async (padding, stride) => {
  const base = initModel(convSpec(padding, stride), createRng(2, 'conv'));
  const shape = [3, 3, 4, 5];
  await checkSequence(base, (m, l) => tuckerConv(m.arch, l, m.params['conv1/kernel']!, m.params['conv1/bias'], 2, 3), (m) => tucker2Reconstruct(tucker2(m.params['conv1/kernel']!.data, shape, 2, 3), shape));
  await checkSequence(base, (m, l) => cpConv(m.arch, l, m.params['conv1/kernel']!, m.params['conv1/bias'], 3, createRng(1, 'cp')), (m) => cpReconstruct(cpAls(m.params['conv1/kernel']!.data, shape, 3, createRng(1, 'cp')).factors, shape, 3));
  // Separable: exact for a kernel whose per-input-channel slices are rank 1.
  const [dep, pw] = [randn(9 * 4), randn(4 * 5)];
  const rank1 = Float32Array.from({ length: 180 }, (_, i) => dep[Math.floor(i / 5)]! * pw[(Math.floor(i / 5) % 4) * 5 + (i % 5)]!);
  const sep: Model = { ...base, params: { ...base.params, 'conv1/kernel': { shape, data: rank1 } } };
  await checkSequence(sep, (m, l) => separableConv(m.arch, l, m.params['conv1/kernel']!, m.params['conv1/bias']), (m) => m.params['conv1/kernel']!.data);
});

test('truncated SVD of a dense layer: two dense layers computing x·A·B, parameters counted', () => {
  const spec: ModelSpec = { type: 'sequential', inputShape: [10], layers: [{ type: 'dense', name: 'd', units: 6 }] };
  const m = initModel(spec, createRng(3));
  const r = svdDense(spec, spec.layers[0] as never, m.params['d/kernel']!, m.params['d/bias'], 6);
  const out = replaceLayer(m, 0, r);
  expect(out.arch.layers.map((l) => ('name' in l ? l.name : l.type))).toEqual(['d_u', 'd_v']);
  const full = multiply(out.params['d_u/kernel']!.data, out.params['d_v/kernel']!.data, 10, 6, 6);
  full.forEach((v, i) => expect(v).toBeCloseTo(m.params['d/kernel']!.data[i]!, 5));
  expect(out.params['d_v/bias']!.data).toEqual(m.params['d/bias']!.data);
});
