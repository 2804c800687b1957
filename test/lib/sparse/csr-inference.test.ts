/**
 * CSR kernel and sparse inference: the product against a float64 dense triple loop, the
 * forward pass against tfjs's (cpu backend) on the same masked model, and the file round trip.
 * Tolerances: relative 1e-5 (float32 accumulation in another order).
 */
import * as tf from '@tensorflow/tfjs';
import { forward, initModel, mlpSpec, paramsToTensors, cnnSpec, type Model } from '../../../lib/nn/index.js';
import {
  csrMatMul,
  csrToDense,
  decodeSparseModel,
  denseToCsr,
  denseToCsrTransposed,
  encodeSparseModel,
  globalMagnitudeMasks,
  applyMaskArrays,
  nnz,
  pruneTargets,
  sparseForward,
  sparseToModel,
  sparsityStats,
  toSparseModel,
  SparseFileError,
  UnsupportedLayerError,
} from '../../../lib/sparse/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

function randomSparse(rows: number, cols: number, density: number, seed: number): Float32Array {
  const rng = createRng(seed, 'sparse');
  return Float32Array.from({ length: rows * cols }, () => (rng.next() < density ? rng.normal() : 0));
}

test('CSR round trip and product against a float64 triple loop', () => {
  // n = 8, 16 and 19 exercise the 8-wide blocks and the remainder columns.
  for (const [rows, cols, n, d] of [[7, 5, 3, 0.3], [1, 1, 1, 1], [20, 33, 8, 0.05], [4, 4, 2, 0], [9, 40, 19, 0.2], [12, 30, 16, 0.5]] as const) {
    const a = randomSparse(rows, cols, d, rows);
    const csr = denseToCsr(a, rows, cols);
    expect(Array.from(csrToDense(csr))).toEqual(Array.from(a));
    expect(nnz(csr)).toBe(a.filter((v) => v !== 0).length);
    const b = randomSparse(cols, n, 1, 99);
    const got = csrMatMul(csr, b, n);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < cols; k++) s += a[r * cols + k]! * b[k * n + j]!;
        expect(got[r * n + j]).toBeCloseTo(s, 4);
      }
    }
  }
  const t = denseToCsrTransposed(Float32Array.from([1, 0, 2, 0, 0, 3]), 2, 3);
  expect(Array.from(csrToDense(t))).toEqual([1, 0, 0, 0, 2, 3]);
});

function pruned(density: number): Model {
  const spec = mlpSpec({ inputShape: [4, 4], units: [24, 12, 5], activation: 'tanh', dropout: 0.1 });
  const model = initModel(spec, createRng(5));
  for (const b of ['dense1/bias', 'dense2/bias']) model.params[b]!.data.forEach((_, i, a) => (a[i] = 0.1 * (i % 3)));
  const masks = globalMagnitudeMasks(model.params, pruneTargets(spec), density);
  return { ...model, params: applyMaskArrays(model.params, masks), masks };
}

test('sparse inference matches the tfjs forward pass, on both product kernels', async () => {
  for (const [density, kernel] of [[1, 'wasm-simd'], [0.3, 'wasm-simd'], [0.02, 'wasm-simd'], [0.3, 'js']] as const) {
    const model = pruned(density);
    const x = randomSparse(9, 16, 1, 7);
    const p = paramsToTensors(model.params);
    const y = tf.tidy(() => forward(model.arch, p, tf.tensor(x, [9, 4, 4]), { training: false }));
    const want = await y.data();
    tf.dispose([y, ...Object.values(p)]);
    const got = sparseForward(toSparseModel(model), x, 9, kernel);
    expect(got).toHaveLength(want.length);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(want[i]!))));
  }
});

test('the sparse file round-trips and its size tracks the nonzeros', () => {
  const sizes: number[] = [];
  const counts: number[] = [];
  for (const density of [1, 0.1, 0.01]) {
    const model = pruned(density);
    const sm = toSparseModel(model);
    const bytes = encodeSparseModel(sm);
    sizes.push(bytes.length);
    counts.push(Object.values(sm.layers).reduce((a, l) => a + nnz(l.kernel), 0));
    const back = decodeSparseModel(bytes);
    expect(back.arch).toEqual(sm.arch);
    for (const [name, l] of Object.entries(sm.layers)) {
      expect(Array.from(back.layers[name]!.kernel.values)).toEqual(Array.from(l.kernel.values));
      expect(Array.from(back.layers[name]!.kernel.colIdx)).toEqual(Array.from(l.kernel.colIdx));
      expect(Array.from(back.layers[name]!.bias!)).toEqual(Array.from(l.bias!));
    }
    const restored = sparseToModel(back);
    for (const [k, p] of Object.entries(model.params)) expect(Array.from(restored.params[k]!.data)).toEqual(Array.from(p.data));
    expect(sparsityStats(restored).paramsNonzero).toBe(sparsityStats(model).paramsNonzero);
  }
  // 4 bytes of value + 2 of column index per nonzero; the rest (header, row pointers, biases)
  // is fixed, up to 3 bytes of padding per layer.
  for (const i of [1, 2]) expect(Math.abs(sizes[0]! - sizes[i]! - 6 * (counts[0]! - counts[i]!))).toBeLessThanOrEqual(9);
  expect(() => decodeSparseModel(new Uint8Array(20))).toThrow(SparseFileError);
  expect(() => decodeSparseModel(encodeSparseModel(toSparseModel(pruned(0.5))).subarray(0, 200))).toThrow(SparseFileError);
});

test('stats: sparsity per layer, nonzeros and FLOPs by brute force; conv layers are refused for CSR', () => {
  const model = pruned(0.2);
  const s = sparsityStats(model);
  let zeros = 0;
  let size = 0;
  for (const name of ['dense1/kernel', 'dense2/kernel', 'dense3/kernel']) {
    const d = model.params[name]!.data;
    const z = d.filter((v) => v === 0).length;
    expect(s.perLayer[name.split('/')[0]!]).toBeCloseTo(z / d.length, 12);
    zeros += z;
    size += d.length;
  }
  expect(s.sparsity).toBeCloseTo(zeros / size, 12);
  expect(s.flopsDense).toBe(2 * size);
  expect(s.flopsSparse).toBe(2 * (size - zeros));
  const nonzero = Object.values(model.params).reduce((a, p) => a + p.data.filter((v) => v !== 0).length, 0);
  expect(s.paramsNonzero).toBe(nonzero);
  const cnn = initModel(cnnSpec({ inputShape: [6, 6, 1], channels: [2], kernel: 3, pool: 2, dense: 0, numClasses: 2, activation: 'relu', padding: 'same', dropout: 0 }), createRng(1));
  // conv: every weight is used at each of the 6×6 output positions.
  expect(sparsityStats(cnn).flopsDense).toBe(2 * (9 * 2 * 36 + 18 * 2));
  expect(() => toSparseModel(cnn)).toThrow(UnsupportedLayerError);
});
