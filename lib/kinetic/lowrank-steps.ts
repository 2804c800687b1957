/**
 * The three sub-steps of a basis-update & Galerkin (BUG) step for
 *   g_t = −v·∂x g + E·A[g],  f = f0·g ≈ f0·Σ X_i S_ij V_j,
 * each a small system y' = (transport)·y + N(y) integrated from t0 to t0 + dt by Lawson RK4
 * (lawson.ts) with the transport solved exactly — so no sub-step has a CFL-type limit:
 * - K-step (V fixed), K = X·S:   K_t = −∂x K·c1ᵀ + E(K)·K·c2ᵀ. In the eigenbasis of c1
 *   (symmetric) the transport translates each column (Fourier phase shift); the field term
 *   recomputes E from K at every stage. Transport conserves every x-average; the field term
 *   conserves Σ_x K·⟨V, 1⟩ and Σ_x K·⟨V, v⟩ (the latter because Σ_x E·ρ = 0 for the E of that
 *   ρ) — so mass and momentum are kept to round-off.
 * - L-step (X fixed), L = V·Sᵀ:  L_t = −v·L·d1ᵀ + A_skew[L·d2ᵀ] with the field of t0. In the
 *   real Schur basis of d1 (skew-schur.ts) the transport is a plane rotation per 2×2 block and
 *   row: O(nv·r) per flow.
 * - Galerkin step (both bases fixed): S_t = −d1·S·c1ᵀ + d2[E(S)]·S·c2ᵀ, in the Schur basis of d1
 *   from the left and the eigenbasis of c1 from the right, where the transport rotates each
 *   column blockwise.
 * The K- and L-steps return their increments in those rotated bases: only the span (with the
 * old basis) enters the augmented bases. No step inverts S, so small singular values cannot
 * blow anything up.
 * Nothing of size n×n is formed; the Lawson buffers are reused across steps (LowRankOps.lawson).
 */
import { col, columnNorms, frobenius, mul, mulInto, tmul, tmulInto, transpose, zeros, type Mat } from './dense.js';
import { symEig } from './symmetric-eigen.js';
import { SkewSchur } from './skew-schur.js';
import { matVec, maxAbs, type LowRankOps, type VCoeffs } from './lowrank-ops.js';
import { substeps } from './lawson.js';

/** Margin on the step-size bound: the field grows during the step. */
const MARGIN = 1.5;

/** Tᵀ·M·T. */
function similar(M: Mat, T: Mat): Mat {
  return tmul(T, mul(M, T));
}

/**
 * What a K- or L-step returns: the increment Y¹ − Y⁰ (columns in the sub-step's rotated basis)
 * and the norms of the columns of Y¹. With the old basis the increment spans what Y¹ does, but
 * unlike Y¹ (almost inside the old span) it keeps most of its norm when projected off it, so
 * one Gram–Schmidt pass suffices where Y¹ needed two; the norms keep the drop test relative
 * to Y¹ (orth.ts, `dropNorms`).
 */
export interface SubStepResult {
  delta: Mat;
  norms: Float64Array;
}

/** Y¹ − Y⁰ in place of Y¹, with the weighted column norms of Y¹. */
function increment(Y: Mat, Y0: Float64Array, w: number | Float64Array): SubStepResult {
  const norms = columnNorms(Y, w);
  const d = Y.data;
  for (let i = 0; i < d.length; i++) d[i] -= Y0[i]!;
  return { delta: Y, norms };
}

/** K¹ − K⁰ of the K-step from K⁰ = X·S, as (K¹ − K⁰)·T (T: the eigenvectors of c1). */
export function kStep(ops: LowRankOps, X: Mat, S: Mat, vc: VCoeffs, dt: number): SubStepResult {
  const { values, vectors: T } = symEig(vc.c1);
  const nx = X.rows;
  const r = X.cols;
  const c2et = transpose(similar(vc.c2, T)); // c2 in the eigenbasis, transposed
  const m0 = matVec(transpose(T), vc.moments[0]);
  const rho = new Float64Array(nx);
  const E = new Float64Array(nx);
  const field = (Y: Mat): void => {
    ops.poisson.field(ops.density(Y, m0, rho), E);
  };
  const wrap = (data: Float64Array): Mat => ({ rows: nx, cols: r, data });
  const N = (y: Float64Array, out: Float64Array): void => {
    field(wrap(y));
    mulInto(wrap(y), c2et, wrap(out));
    for (let j = 0; j < r; j++) {
      const o = j * nx;
      for (let i = 0; i < nx; i++) out[o + i] *= E[i]!;
    }
  };
  const flow = (y: Float64Array, tau: number): void => ops.translate(y, r, values, tau);
  const K = mul(X, mul(S, T));
  const K0 = K.data.slice();
  field(K);
  const n = substeps(dt, MARGIN * maxAbs(E) * frobenius(vc.c2));
  const rk = ops.lawson(nx * r);
  for (let s = 0; s < n; s++) rk.step(K.data, dt / n, N, flow);
  return increment(K, K0, ops.hx);
}

/** L¹ − L⁰ of the L-step from L⁰ = V·Sᵀ, as (L¹ − L⁰)·Q (Q: the Schur basis of d1). */
export function lStep(ops: LowRankOps, V: Mat, S: Mat, d1: Mat, d2: Mat, dt: number): SubStepResult {
  const sch = new SkewSchur(d1);
  const d2s = similar(d2, sch.Q); // symmetric, so L·d2ᵀ = L·d2
  const nv = V.rows;
  const r = V.cols;
  const v = ops.grid.v;
  const wrap = (data: Float64Array): Mat => ({ rows: nv, cols: r, data });
  const B = zeros(nv, r);
  const n = substeps(dt, MARGIN * frobenius(d2) * ops.vops.skewNorm);
  // Lawson RK4 only ever flows by half its step.
  const half = dt / n / 2;
  const thetas = v.map((vl) => -vl * half);
  const tab = sch.tabulate(thetas);
  const flow = (y: Float64Array, tau: number): void => {
    if (tau !== half) throw new Error('lStep: unexpected flow time');
    for (let l = 0; l < nv; l++) sch.rotateTabulated(tab, l, thetas[l]!, y, l, nv);
  };
  const N = (y: Float64Array, out: Float64Array): void => {
    mulInto(wrap(y), d2s, B);
    for (let j = 0; j < r; j++) ops.vops.skew(col(B, j), out.subarray(j * nv, (j + 1) * nv));
  };
  const L = mul(V, mul(transpose(S), sch.Q));
  const L0 = L.data.slice();
  const rk = ops.lawson(nv * r);
  for (let s = 0; s < n; s++) rk.step(L.data, dt / n, N, flow);
  return increment(L, L0, ops.vops.wq);
}

/** Ŝ(t0 + dt) of the Galerkin step in the bases X̂ (d1 its derivative matrix) and V̂. */
export function galerkinStep(ops: LowRankOps, S0: Mat, X: Mat, d1: Mat, vc: VCoeffs, dt: number): Mat {
  const sch = new SkewSchur(d1);
  const Q = sch.Q;
  const { values, vectors: T } = symEig(vc.c1);
  const c2et = transpose(similar(vc.c2, T));
  const m0 = matVec(transpose(T), vc.moments[0]);
  const rx = S0.rows;
  const rv = S0.cols;
  const nx = X.rows;
  const rho = new Float64Array(nx);
  const E = new Float64Array(nx);
  const wrap = (data: Float64Array): Mat => ({ rows: rx, cols: rv, data });
  // S = Q·S'·Tᵀ; ρ = X·S·m0 = X·(Q·(S'·Tᵀm0)).
  const field = (Sp: Mat): void => {
    ops.poisson.field(ops.density(X, matVec(Q, matVec(Sp, m0)), rho), E);
  };
  const D = zeros(rx, rx);
  const t1 = zeros(rx, rv);
  const t2 = zeros(rx, rv);
  const N = (y: Float64Array, out: Float64Array): void => {
    field(wrap(y));
    ops.d2(X, E, D);
    // Qᵀ·D·Q·S'·c2et, right to left.
    mulInto(Q, mulInto(wrap(y), c2et, t1), t2);
    tmulInto(Q, mulInto(D, t2, t1), 1, wrap(out));
  };
  const flow = (y: Float64Array, tau: number): void => {
    for (let j = 0; j < rv; j++) sch.rotate(-values[j]! * tau, y, j * rx, 1);
  };
  const Sp = tmul(Q, mul(S0, T));
  field(Sp);
  const n = substeps(dt, MARGIN * maxAbs(E) * frobenius(vc.c2));
  const rk = ops.lawson(rx * rv);
  for (let s = 0; s < n; s++) rk.step(Sp.data, dt / n, N, flow);
  return mul(mul(Q, Sp), transpose(T));
}
