/**
 * Tucker-2 decomposition of a convolution kernel K [kh, kw, C, F] (Kim et al. 2016): only the
 * channel modes are compressed, K ≈ G ×₃ U ×₄ V with U [C, r1], V [F, r2] column-orthonormal and
 * the core G [kh, kw, r1, r2]. Computed by HOSVD (leading left singular vectors of the two
 * channel unfoldings) refined by a few HOOI sweeps. At full rank (r1 = C, r2 = F) U and V are
 * square orthogonal and the reconstruction is exact.
 */
import { svd } from './svd.js';

export interface Tucker2 {
  /** [kh, kw, r1, r2] */
  core: Float64Array;
  /** [C, r1] row-major */
  u: Float64Array;
  /** [F, r2] row-major */
  v: Float64Array;
  r1: number;
  r2: number;
}

/** Leading `r` left singular vectors of the [rows, cols] matrix, row-major [rows, r]. */
function leading(mat: Float64Array, rows: number, cols: number, r: number): Float64Array {
  const d = svd(mat, rows, cols);
  const out = new Float64Array(rows * r);
  for (let i = 0; i < rows; i++) for (let k = 0; k < r; k++) out[i * r + k] = k < d.s.length ? d.u.get(i, k) : 0;
  return out;
}

/**
 * Mode products on the channel axes: T[s, a, b] = Σ_c Σ_f K[s, c, f]·P[c, a]·Q[f, b] (s runs over
 * the kh·kw spatial taps). P or Q may be the identity (undefined).
 */
function project(k: ArrayLike<number>, S: number, C: number, F: number, p?: Float64Array, a = C, q?: Float64Array, b = F): Float64Array {
  const mid = new Float64Array(S * a * F);
  for (let s = 0; s < S; s++) {
    for (let c = 0; c < C; c++) {
      for (let f = 0; f < F; f++) {
        const x = k[(s * C + c) * F + f]!;
        if (x === 0) continue;
        if (!p) mid[(s * a + c) * F + f] += x;
        else for (let i = 0; i < a; i++) mid[(s * a + i) * F + f] += x * p[c * a + i]!;
      }
    }
  }
  if (!q) return mid;
  const out = new Float64Array(S * a * b);
  for (let t = 0; t < S * a; t++) {
    for (let f = 0; f < F; f++) {
      const x = mid[t * F + f]!;
      for (let j = 0; j < b; j++) out[t * b + j] += x * q[f * b + j]!;
    }
  }
  return out;
}

/** Unfolding of T [S, A, B] along A ([A, S·B]) or B ([B, S·A]). */
function unfold(t: Float64Array, S: number, A: number, B: number, mode: 'a' | 'b'): Float64Array {
  const out = new Float64Array(S * A * B);
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < A; i++) {
      for (let j = 0; j < B; j++) {
        const x = t[(s * A + i) * B + j]!;
        if (mode === 'a') out[i * S * B + s * B + j] = x;
        else out[j * S * A + s * A + i] = x;
      }
    }
  }
  return out;
}

export function tucker2(kernel: ArrayLike<number>, shape: number[], r1: number, r2: number, sweeps = 2): Tucker2 {
  const [kh, kw, C, F] = shape as [number, number, number, number];
  if (!(r1 >= 1 && r1 <= C && r2 >= 1 && r2 <= F)) throw new RangeError(`Tucker-2 ranks must be in 1..${C} and 1..${F}, got ${r1}, ${r2}`);
  const S = kh * kw;
  const k = Float64Array.from(kernel);
  let u = leading(unfold(k, S, C, F, 'a'), C, S * F, r1);
  let v = leading(unfold(k, S, C, F, 'b'), F, S * C, r2);
  for (let it = 0; it < sweeps; it++) {
    u = leading(unfold(project(k, S, C, F, undefined, C, v, r2), S, C, r2, 'a'), C, S * r2, r1);
    v = leading(unfold(project(k, S, C, F, u, r1), S, r1, F, 'b'), F, S * r1, r2);
  }
  return { core: project(k, S, C, F, u, r1, v, r2), u, v, r1, r2 };
}

/** K̂[s, c, f] = Σ_a Σ_b G[s, a, b]·U[c, a]·V[f, b]. */
export function tucker2Reconstruct(t: Tucker2, shape: number[]): Float64Array {
  const [kh, kw, C, F] = shape as [number, number, number, number];
  const S = kh * kw;
  const ut = transpose(t.u, C, t.r1);
  const vt = transpose(t.v, F, t.r2);
  return project(t.core, S, t.r1, t.r2, ut, C, vt, F);
}

export function transpose(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!;
  return out;
}
