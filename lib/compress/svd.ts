/**
 * Truncated SVD in float64 (ml-matrix): W [m, n] ≈ U_r·diag(s_r)·V_rᵀ, the best rank-r
 * approximation in the Frobenius norm (Eckart–Young: the squared error is Σ_{i>r} s_i²).
 * A dense layer x·W becomes x·A·B with A = U_r·diag(√s_r) [m, r] and B = diag(√s_r)·V_rᵀ [r, n]:
 * r·(m + n) weights instead of m·n, cheaper when r < m·n / (m + n).
 */
import { Matrix, SVD } from 'ml-matrix';

export interface Svd {
  /** [m, p] column-orthonormal, p = min(m, n). */
  u: Matrix;
  /** Descending, length p. */
  s: number[];
  /** [n, p] column-orthonormal. */
  v: Matrix;
}

export function svd(data: ArrayLike<number>, m: number, n: number): Svd {
  const a = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a.set(i, j, data[i * n + j]!);
  const d = new SVD(a, { autoTranspose: true });
  return { u: d.leftSingularVectors, s: d.diagonal, v: d.rightSingularVectors };
}

/** The smallest rank whose singular values keep `energy` of Σ s² (energy in (0, 1]). */
export function rankForEnergy(s: number[], energy: number): number {
  const total = s.reduce((a, x) => a + x * x, 0);
  let kept = 0;
  for (let r = 0; r < s.length; r++) {
    kept += s[r]! ** 2;
    if (kept >= energy * total * (1 - 1e-12)) return r + 1;
  }
  return s.length;
}

export interface Factors {
  /** [m, r] row-major */
  a: Float64Array;
  /** [r, n] row-major */
  b: Float64Array;
  rank: number;
}

/** A = U_r·√s_r, B = √s_r·V_rᵀ (the singular values split evenly, so both factors are balanced). */
export function truncate(d: Svd, rank: number): Factors {
  const m = d.u.rows;
  const n = d.v.rows;
  if (!(Number.isInteger(rank) && rank >= 1 && rank <= d.s.length)) throw new RangeError(`rank must be in 1..${d.s.length}, got ${rank}`);
  const a = new Float64Array(m * rank);
  const b = new Float64Array(rank * n);
  for (let k = 0; k < rank; k++) {
    const root = Math.sqrt(d.s[k]!);
    for (let i = 0; i < m; i++) a[i * rank + k] = d.u.get(i, k) * root;
    for (let j = 0; j < n; j++) b[k * n + j] = d.v.get(j, k) * root;
  }
  return { a, b, rank };
}

/** Row-major product [m, r]·[r, n]. */
export function multiply(a: ArrayLike<number>, b: ArrayLike<number>, m: number, r: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < r; k++) {
      const v = a[i * r + k]!;
      for (let j = 0; j < n; j++) out[i * n + j] += v * b[k * n + j]!;
    }
  }
  return out;
}
