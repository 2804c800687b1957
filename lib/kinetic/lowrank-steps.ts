/**
 * The three sub-steps of a basis-update & Galerkin (BUG) step for
 *   g_t = −v·∂x g + E·A[g],  f = f0·g ≈ f0·Σ X_i S_ij V_j,
 * each a small system integrated from t0 to t0 + dt:
 * - K-step (V fixed), K = X·S:   K_t = −∂x K·c1ᵀ + E(K)·K·c2ᵀ. The transport part is solved
 *   exactly (c1 is symmetric: diagonalise, translate each mode in Fourier space) inside a Lawson
 *   RK4 step whose field term recomputes E from K at every stage. Transport conserves every
 *   x-average; the field term conserves Σ_x K·⟨V, 1⟩ and Σ_x K·⟨V, v⟩ (the latter because
 *   Σ_x E·ρ = 0 for the E of that ρ) — so mass and momentum are kept to round-off.
 * - L-step (X fixed), L = V·Sᵀ:  L_t = −v·L·d1ᵀ + A_skew[L·d2ᵀ] with the field of t0.
 * - Galerkin step (both bases fixed): S_t = −d1·S·c1ᵀ + d2[E(S)]·S·c2ᵀ.
 * No step inverts S, so small singular values cannot blow anything up.
 */
import { axpy, col, frobenius, mul, transpose, symEig, type Mat } from './dense.js';
import { matVec, maxAbs, type LowRankOps } from './lowrank-ops.js';
import { rk4, substeps } from './rk4.js';

/** Margin on the step-size bound: the field grows during the step. */
const MARGIN = 1.5;

export function kStep(ops: LowRankOps, K0: Mat, V: Mat, dt: number): Mat {
  const { c1, c2, moments } = ops.vCoeffs(V);
  const { values, vectors: T } = symEig(c1);
  // Work in the eigenbasis of c1, where the transport is a translation of each column.
  const nx = K0.rows;
  const r = K0.cols;
  const Tt = transpose(T);
  const c2e = mul(mul(Tt, c2), T); // c2 in the eigenbasis
  const c2et = transpose(c2e);
  const m0 = matVec(Tt, moments[0]);
  const rho = new Float64Array(nx);
  const E = new Float64Array(nx);
  const field = (Y: Mat): void => {
    ops.poisson.field(ops.density(Y, m0, rho), E);
  };
  const N = (Y: Mat): Mat => {
    field(Y);
    const out = mul(Y, c2et);
    for (let j = 0; j < r; j++) {
      const o = col(out, j);
      for (let i = 0; i < nx; i++) o[i] *= E[i]!;
    }
    return out;
  };
  const flow = (Y: Mat, tau: number): Mat => ops.translate(Y, values, tau);
  let K = mul(K0, T);
  field(K);
  const n = substeps(dt, MARGIN * maxAbs(E) * frobenius(c2));
  const h = dt / n;
  for (let s = 0; s < n; s++) K = lawsonRk4(K, N, flow, h);
  return mul(K, Tt);
}

/**
 * One integrating-factor (Lawson) RK4 step for y' = A·y + N(y) with the exact flow of A:
 * 4th order, and since the transport flow leaves every x-average unchanged, the conserved
 * x-averages change only through N, as in the continuous equation.
 */
function lawsonRk4(y: Mat, N: (y: Mat) => Mat, flow: (y: Mat, tau: number) => Mat, h: number): Mat {
  const lin = (a: Mat, s: number, b: Mat): Mat => axpy(a, s, b);
  const a = flow(y, h / 2);
  const k1 = N(y);
  const b = flow(k1, h / 2);
  const k2 = N(lin(a, h / 2, b));
  const k3 = N(lin(a, h / 2, k2));
  const k4 = N(flow(lin(a, h, k3), h / 2));
  const acc = lin(lin(b, 2, k2), 2, k3);
  return lin(flow(lin(a, h / 6, acc), h / 2), h / 6, k4);
}

export function lStep(ops: LowRankOps, L0: Mat, X: Mat, E0: Float64Array, dt: number): Mat {
  const d1t = transpose(ops.d1(X));
  const d2 = ops.d2(X, E0);
  const nv = L0.rows;
  const r = L0.cols;
  const v = ops.grid.v;
  const rhs = (y: Float64Array, out: Float64Array): void => {
    const Y: Mat = { rows: nv, cols: r, data: y };
    const A = mul(Y, d1t);
    const B = mul(Y, d2); // d2 is symmetric: L·d2ᵀ = L·d2
    for (let j = 0; j < r; j++) {
      const dst = out.subarray(j * nv, (j + 1) * nv);
      ops.vops.skew(col(B, j), dst);
      const a = col(A, j);
      for (let l = 0; l < nv; l++) dst[l] -= v[l]! * a[l]!;
    }
  };
  const bound = ops.grid.vmax * frobenius(d1t) + MARGIN * frobenius(d2) * ops.vops.skewNorm;
  return { rows: nv, cols: r, data: rk4(L0.data, rhs, dt, substeps(dt, bound)) };
}

export function galerkinStep(ops: LowRankOps, S0: Mat, X: Mat, V: Mat, dt: number): Mat {
  const d1 = ops.d1(X);
  const { c1, c2, moments } = ops.vCoeffs(V);
  const c1t = transpose(c1);
  const c2t = transpose(c2);
  const nx = X.rows;
  const rho = new Float64Array(nx);
  const E = new Float64Array(nx);
  const { rows, cols } = S0;
  const rhs = (y: Float64Array, out: Float64Array): void => {
    const S: Mat = { rows, cols, data: y };
    ops.poisson.field(ops.density(X, matVec(S, moments[0]), rho), E);
    const a = mul(mul(d1, S), c1t);
    const b = mul(mul(ops.d2(X, E), S), c2t);
    for (let i = 0; i < out.length; i++) out[i] = b.data[i]! - a.data[i]!;
  };
  ops.poisson.field(ops.density(X, matVec(S0, moments[0]), rho), E);
  const bound = frobenius(d1) * frobenius(c1) + MARGIN * maxAbs(E) * frobenius(c2);
  return { rows, cols, data: rk4(S0.data, rhs, dt, substeps(dt, bound)) };
}
