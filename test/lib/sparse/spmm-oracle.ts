/**
 * Oracle for the CSR product kernels: a float64 dense triple loop over the same matrix.
 * Tolerance: float32 recursive summation of k products, each rounded, is off by at most about
 * (k + 1)·2⁻²⁴·Σ|aᵢbᵢ| (Higham, ch. 3); we allow twice that. A wrong column, a missed nonzero
 * or a stale value from a previous product is far outside it.
 */
import { createRng } from '../nn/helpers.js';

export function randomSparse(rows: number, cols: number, density: number, seed: number, zeroRows: number[] = []): Float32Array {
  const rng = createRng(seed, 'spmm');
  const a = Float32Array.from({ length: rows * cols }, () => (rng.next() < density ? rng.normal() : 0));
  for (const r of zeroRows) a.fill(0, r * cols, (r + 1) * cols);
  return a;
}

export function expectProduct(a: Float32Array, rows: number, cols: number, b: Float32Array, n: number, got: Float32Array): void {
  expect(got).toHaveLength(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      let k = 0;
      for (let c = 0; c < cols; c++) {
        const t = a[r * cols + c]! * b[c * n + j]!;
        s += t;
        abs += Math.abs(t);
        if (a[r * cols + c] !== 0) k++;
      }
      const err = Math.abs(got[r * n + j]! - s);
      if (!(err <= 2 * (k + 1) * 2 ** -24 * abs)) throw new Error(`row ${r}, column ${j}: got ${got[r * n + j]}, want ${s} (${k} nonzeros)`);
    }
  }
}

/**
 * (rows, cols, batch n, density, rows forced to zero). Batches below 4, not a multiple of 4 or
 * 8, and each of the kernels' column passes (wasm: 32/16/4, C: 64/8/1) alone and mixed; an
 * empty matrix, no rows, no columns.
 */
export const PRODUCT_CASES: [rows: number, cols: number, n: number, density: number, zeroRows: number[]][] = [
  [1, 1, 1, 1, []],
  [7, 5, 3, 0.3, [0, 6]],
  [13, 29, 5, 0.5, [4]],
  [33, 17, 37, 0.1, [0, 1, 2]],
  [9, 40, 64, 0.05, []],
  [20, 64, 70, 0.01, []],
  [11, 50, 137, 0.2, [10]],
  [16, 100, 16, 1, [15]],
  [5, 3, 2, 0, []],
  [0, 4, 8, 1, []],
  [3, 0, 6, 1, []],
];
