/**
 * The three sub-steps of a basis-update & Galerkin (BUG) step for
 *   g_t = −v·∂x g + E·A[g],  f = f0·g ≈ f0·Σ X_i S_ij V_j,
 * each a small system integrated from t0 to t0 + dt:
 * - K-step (V fixed), K = X·S:   K_t = −∂x K·c1ᵀ + E(K)·K·c2ᵀ. The transport part is solved
 *   exactly (c1 is symmetric: diagonalise, translate each mode in Fourier space) inside a Lawson
 *   RK4 step whose field term recomputes E from K at every stage. Transport conserves every
 *   x-average; the field term conserves Σ_x K·⟨V, 1⟩ and Σ_x K·⟨V, v⟩ (the latter because
 *   Σ_x E·ρ = 0 for the E of that ρ) — so mass and momentum are kept to round-off.
 * - L-step (X fixed), L = V·Sᵀ:  L_t = −v·L·d1ᵀ + A_skew[L·d2ᵀ] with the field of t0, Lawson
 *   RK4 with the transport solved exactly row by row.
 * - Galerkin step (both bases fixed): S_t = −d1·S·c1ᵀ + d2[E(S)]·S·c2ᵀ, Lawson RK4 as well.
 * No step inverts S, so small singular values cannot blow anything up.
 */
import { col, frobenius, mul, transpose, type Mat } from './dense.js';
import { symEig } from './symmetric-eigen.js';
import { SkewExp } from './skew-exp.js';
import { matVec, maxAbs, type LowRankOps } from './lowrank-ops.js';
import { lawsonRk4, substeps } from './lawson.js';

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

export function lStep(ops: LowRankOps, L0: Mat, X: Mat, E0: Float64Array, dt: number): Mat {
  // Lawson RK4 again: the transport −v·L·d1ᵀ acts on each row L(v_l, ·) as exp(−v_l·τ·d1).
  const d1exp = new SkewExp(ops.d1(X));
  const d2 = ops.d2(X, E0);
  const nv = L0.rows;
  const r = L0.cols;
  const v = ops.grid.v;
  const row = new Float64Array(r);
  const res = new Float64Array(r);
  const rotations = new Map<number, ReturnType<SkewExp['rotations']>>();
  const flow = (Y: Mat, tau: number): Mat => {
    let rot = rotations.get(tau);
    if (!rot) {
      rot = d1exp.rotations(v.map((vl) => -vl * tau));
      rotations.set(tau, rot);
    }
    const out: Mat = { rows: nv, cols: r, data: new Float64Array(nv * r) };
    for (let l = 0; l < nv; l++) {
      for (let j = 0; j < r; j++) row[j] = Y.data[j * nv + l]!;
      rot(l, row, res);
      for (let j = 0; j < r; j++) out.data[j * nv + l] = res[j]!;
    }
    return out;
  };
  const N = (Y: Mat): Mat => {
    const B = mul(Y, d2); // d2 is symmetric: L·d2ᵀ = L·d2
    const out: Mat = { rows: nv, cols: r, data: new Float64Array(nv * r) };
    for (let j = 0; j < r; j++) ops.vops.skew(col(B, j), col(out, j));
    return out;
  };
  const n = substeps(dt, MARGIN * frobenius(d2) * ops.vops.skewNorm);
  let L = L0;
  for (let s = 0; s < n; s++) L = lawsonRk4(L, N, flow, dt / n);
  return L;
}

export function galerkinStep(ops: LowRankOps, S0: Mat, X: Mat, V: Mat, dt: number): Mat {
  // Same integrating-factor scheme as the K-step: the transport −d1·S·c1ᵀ is solved exactly
  // (columns in the eigenbasis of c1, each rotated by exp(−λ_j·τ·d1) with d1 skew), the field
  // term by RK4 stages that recompute E from S.
  const d1exp = new SkewExp(ops.d1(X));
  const { c1, c2, moments } = ops.vCoeffs(V);
  const { values, vectors: T } = symEig(c1);
  const Tt = transpose(T);
  const c2et = transpose(mul(mul(Tt, c2), T));
  const m0 = matVec(Tt, moments[0]);
  const nx = X.rows;
  const rho = new Float64Array(nx);
  const E = new Float64Array(nx);
  const field = (S: Mat): void => {
    ops.poisson.field(ops.density(X, matVec(S, m0), rho), E);
  };
  const N = (S: Mat): Mat => {
    field(S);
    return mul(mul(ops.d2(X, E), S), c2et);
  };
  const rotations = new Map<number, ReturnType<SkewExp['rotations']>>();
  const flow = (S: Mat, tau: number): Mat => {
    let rot = rotations.get(tau);
    if (!rot) {
      rot = d1exp.rotations(values.map((l) => -l * tau));
      rotations.set(tau, rot);
    }
    const out: Mat = { rows: S.rows, cols: S.cols, data: new Float64Array(S.data.length) };
    for (let j = 0; j < S.cols; j++) rot(j, col(S, j), col(out, j));
    return out;
  };
  let S = mul(S0, T);
  field(S);
  const n = substeps(dt, MARGIN * maxAbs(E) * frobenius(c2));
  for (let s = 0; s < n; s++) S = lawsonRk4(S, N, flow, dt / n);
  return mul(S, Tt);
}
