/**
 * CP (CANDECOMP/PARAFAC) decomposition of a 4-way convolution kernel K [kh, kw, C, F] by
 * alternating least squares (Lebedev et al. 2015): K ≈ Σ_r a_r ∘ b_r ∘ c_r ∘ d_r. Each sweep
 * solves for one factor with the others fixed: A_n = X_(n)·KR(others)·(⊛_{m≠n} A_mᵀA_m)⁺.
 * Initialised from the leading singular vectors of each unfolding (deterministic), padded with
 * seeded normals when the rank exceeds a mode's size. Norms are balanced across the four factors.
 */
import { Matrix, pseudoInverse } from 'ml-matrix';
import type { RandomSource } from '../data/random.js';
import { svd } from './svd.js';

export interface Cp {
  /** Factor n is [dims[n], rank] row-major. */
  factors: Float64Array[];
  rank: number;
  /** ‖K − K̂‖_F / ‖K‖_F after the last sweep. */
  relativeError: number;
  sweeps: number;
}

function strides(dims: number[]): number[] {
  const s = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) s[i] = s[i + 1]! * dims[i + 1]!;
  return s;
}

/** Unfolding along `mode`: [dims[mode], rest] (row-major over the other modes). */
function unfolding(x: Float64Array, dims: number[], mode: number): Float64Array {
  const st = strides(dims);
  const rows = dims[mode]!;
  const cols = x.length / rows;
  const out = new Float64Array(x.length);
  const counter = new Array<number>(rows).fill(0);
  for (let idx = 0; idx < x.length; idx++) {
    const i = Math.floor(idx / st[mode]!) % rows;
    out[i * cols + counter[i]!++] = x[idx]!;
  }
  return out;
}

/** M[i_n, r] = Σ over the other indices of X[...]·Π_{m≠n} A_m[i_m, r]. */
function mttkrp(x: Float64Array, dims: number[], factors: Float64Array[], mode: number, R: number): Float64Array {
  const st = strides(dims);
  const out = new Float64Array(dims[mode]! * R);
  const prod = new Float64Array(R);
  for (let idx = 0; idx < x.length; idx++) {
    const v = x[idx]!;
    if (v === 0) continue;
    prod.fill(v);
    let row = 0;
    for (let m = 0; m < dims.length; m++) {
      const i = Math.floor(idx / st[m]!) % dims[m]!;
      if (m === mode) {
        row = i;
        continue;
      }
      const f = factors[m]!;
      for (let r = 0; r < R; r++) prod[r] *= f[i * R + r]!;
    }
    for (let r = 0; r < R; r++) out[row * R + r] += prod[r]!;
  }
  return out;
}

function gram(f: Float64Array, rows: number, R: number): Float64Array {
  const g = new Float64Array(R * R);
  for (let i = 0; i < rows; i++) for (let a = 0; a < R; a++) for (let b = 0; b < R; b++) g[a * R + b] += f[i * R + a]! * f[i * R + b]!;
  return g;
}

export function cpReconstruct(factors: Float64Array[], dims: number[], R: number): Float64Array {
  const st = strides(dims);
  const size = dims.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  for (let idx = 0; idx < size; idx++) {
    let s = 0;
    for (let r = 0; r < R; r++) {
      let p = 1;
      for (let m = 0; m < dims.length; m++) p *= factors[m]![(Math.floor(idx / st[m]!) % dims[m]!) * R + r]!;
      s += p;
    }
    out[idx] = s;
  }
  return out;
}

function relError(x: Float64Array, y: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i]! - y[i]!) ** 2;
    den += x[i]! ** 2;
  }
  return den ? Math.sqrt(num / den) : Math.sqrt(num);
}

export function cpAls(tensor: ArrayLike<number>, dims: number[], R: number, rng: RandomSource, maxSweeps = 100, tol = 1e-8): Cp {
  const x = Float64Array.from(tensor);
  const factors = dims.map((d, m) => {
    const f = new Float64Array(d * R);
    const u = svd(unfolding(x, dims, m), d, x.length / d);
    for (let i = 0; i < d; i++) for (let r = 0; r < R; r++) f[i * R + r] = r < u.s.length ? u.u.get(i, r) : 0.1 * rng.normal();
    return f;
  });
  let err = Infinity;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    for (let n = 0; n < dims.length; n++) {
      const v = new Float64Array(R * R).fill(1);
      dims.forEach((d, m) => {
        if (m === n) return;
        const g = gram(factors[m]!, d, R);
        for (let i = 0; i < R * R; i++) v[i] *= g[i]!;
      });
      const pinv = pseudoInverse(new Matrix(Array.from({ length: R }, (_, a) => Array.from(v.subarray(a * R, (a + 1) * R)))));
      const m = mttkrp(x, dims, factors, n, R);
      const f = new Float64Array(dims[n]! * R);
      for (let i = 0; i < dims[n]!; i++) for (let a = 0; a < R; a++) for (let b = 0; b < R; b++) f[i * R + b] += m[i * R + a]! * pinv.get(a, b);
      factors[n] = f;
    }
    const next = relError(x, cpReconstruct(factors, dims, R));
    const done = Math.abs(err - next) < tol;
    err = next;
    if (done) break;
  }
  balance(factors, dims, R);
  return { factors, rank: R, relativeError: err, sweeps };
}

/** Rescales each rank-one term so its four vectors have equal norms (same product). */
function balance(factors: Float64Array[], dims: number[], R: number): void {
  for (let r = 0; r < R; r++) {
    const norms = factors.map((f, m) => Math.sqrt(Array.from({ length: dims[m]! }, (_, i) => f[i * R + r]! ** 2).reduce((a, b) => a + b, 0)));
    const total = norms.reduce((a, b) => a * b, 1);
    if (!(total > 0)) continue;
    const target = total ** (1 / factors.length);
    factors.forEach((f, m) => {
      for (let i = 0; i < dims[m]!; i++) f[i * R + r] *= target / norms[m]!;
    });
  }
}
