/**
 * The three sub-steps of a basis-update & Galerkin (BUG) step for
 *   g_t = −v·∂x g + E·A[g],  f = f0·g ≈ f0·Σ X_i S_ij V_j,
 * each a small system y' = (transport)·y + N(y) integrated from t0 to t0 + dt by a Lawson scheme
 * (lawson.ts: RK4, or Lawson–Heun where LowRankOps.schemes says so) with the transport solved
 * exactly — so no sub-step has a CFL-type limit:
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
import { col, columnNorm, frobenius, mul, mulInto, tmul, tmulInto, transpose, zeros, type Mat } from './dense.js';
import { symEig } from './symmetric-eigen.js';
import type { SkewSchur } from './skew-schur.js';
import { substeps } from './lawson.js';
import { matVec, maxAbs, similar, type LowRankOps, type VCoeffs } from './lowrank-ops.js';

/** Margin on the step-size bound: the field grows during the step. */
const MARGIN = 1.5;

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
  const norms = new Float64Array(Y.cols);
  const d = Y.data;
  const n = Y.rows;
  // Column by column, the norm and the subtraction while the column is in L1 (one pass over
  // the panel instead of two).
  for (let j = 0; j < Y.cols; j++) {
    norms[j] = columnNorm(Y, j, w);
    for (let i = j * n, e = i + n; i < e; i++) d[i] -= Y0[i]!;
  }
  return { delta: Y, norms };
}

/**
 * K¹ − K⁰ of the K-step from K⁰ = X·S, as (K¹ − K⁰)·T (T: the eigenvectors of c1). E0 is the
 * field of the start state (the solver's current field): the first evaluation of N, at K⁰,
 * reuses it instead of a density and Poisson solve.
 */
export function kStep(ops: LowRankOps, X: Mat, S: Mat, vc: VCoeffs, E0: Float64Array, dt: number): SubStepResult {
  const { values, vectors: T } = symEig(vc.c1);
  const nx = X.rows;
  const r = X.cols;
  const c2et = transpose(similar(vc.c2, T)); // c2 in the eigenbasis, transposed
  const m0 = matVec(transpose(T), vc.moments[0]);
  const rho = new Float64Array(nx);
  const E = new Float64Array(nx);
  const wrap = (data: Float64Array): Mat => ({ rows: nx, cols: r, data });
  let atStart = true; // a Lawson step evaluates N at its start state first (lawson.ts)
  const N = (y: Float64Array, out: Float64Array): void => {
    if (atStart) E.set(E0);
    else ops.poisson.field(ops.density(wrap(y), m0, rho), E);
    atStart = false;
    mulInto(wrap(y), c2et, wrap(out));
    for (let j = 0; j < r; j++) {
      const o = j * nx;
      for (let i = 0; i < nx; i++) out[o + i] *= E[i]!;
    }
  };
  const flow = (y: Float64Array, tau: number): void => ops.translate(y, r, values, tau);
  // K is scratch too: its increment is copied into X̂ (LowRankSolver.hat) within the step.
  const K = mulInto(X, mul(S, T), { rows: nx, cols: r, data: ops.scratch('K', nx * r) });
  const K0 = ops.scratch('K0', K.data.length);
  K0.set(K.data);
  const scheme = ops.schemes.basis;
  const n = substeps(dt, MARGIN * maxAbs(E0) * frobenius(vc.c2), scheme);
  const rk = ops.lawson(scheme, nx * r);
  for (let s = 0; s < n; s++) rk.step(K.data, dt / n, N, flow);
  return increment(K, K0, ops.hx);
}

/** L¹ − L⁰ of the L-step from L⁰ = V·Sᵀ, as (L¹ − L⁰)·Q (sch: the real Schur form of d1 = ⟨X, ∂x X⟩). */
export function lStep(ops: LowRankOps, V: Mat, S: Mat, sch: SkewSchur, d2: Mat, dt: number): SubStepResult {
  const d2s = similar(d2, sch.Q); // symmetric, so L·d2ᵀ = L·d2
  const nv = V.rows;
  const r = V.cols;
  const v = ops.grid.v;
  const wrap = (data: Float64Array): Mat => ({ rows: nv, cols: r, data });
  const B: Mat = { rows: nv, cols: r, data: ops.scratch('lStep.B', nv * r) }; // mulInto overwrites it
  const scheme = ops.schemes.basis;
  const n = substeps(dt, MARGIN * frobenius(d2) * ops.vops.skewNorm, scheme);
  const rk = ops.lawson(scheme, nv * r);
  // The Lawson schemes only ever flow by one fixed fraction of their step: tabulated once.
  const tauFlow = (dt / n) * rk.flowFraction;
  const thetas = ops.scratch('lStep.thetas', nv);
  for (let l = 0; l < nv; l++) thetas[l] = -v[l]! * tauFlow;
  const tab = sch.tabulate(thetas, ops.scratch('lStep.tab', 2 * sch.pairs * nv));
  const flow = (y: Float64Array, tau: number): void => {
    if (tau !== tauFlow) throw new Error('lStep: unexpected flow time');
    sch.rotateRowsTabulated(tab, thetas, y, nv);
  };
  const N = (y: Float64Array, out: Float64Array): void => {
    mulInto(wrap(y), d2s, B);
    for (let j = 0; j < r; j++) ops.vops.skew(col(B, j), out.subarray(j * nv, (j + 1) * nv));
  };
  const L = mulInto(V, mul(transpose(S), sch.Q), { rows: nv, cols: r, data: ops.scratch('L', nv * r) }); // as K
  const L0 = ops.scratch('L0', L.data.length);
  L0.set(L.data);
  for (let s = 0; s < n; s++) rk.step(L.data, dt / n, N, flow);
  return increment(L, L0, ops.vops.wq);
}

/**
 * Ŝ(t0 + dt) of the Galerkin step in the bases X̂ (sch: the real Schur form of its d1) and V̂.
 * Ŝ⁰ represents the solver's current state exactly, so its field is `start.E`, and d2[E] of
 * X̂'s first columns (X⁰) at that field is `start.D0` (the L-step's): the first evaluation of
 * N computes only the rest of d2.
 */
export function galerkinStep(ops: LowRankOps, S0: Mat, X: Mat, sch: SkewSchur, vc: VCoeffs, start: { E: Float64Array; D0: Mat }, dt: number): Mat {
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
  const D = zeros(rx, rx);
  const t1 = zeros(rx, rv);
  const t2 = zeros(rx, rv);
  let atStart = true; // a Lawson step evaluates N at its start state first (lawson.ts)
  const N = (y: Float64Array, out: Float64Array): void => {
    if (atStart) {
      // d2[E⁰] of X̂ = [X⁰, new]: the X⁰ block is the L-step's.
      const p = start.D0.rows;
      for (let j = 0; j < p; j++) D.data.set(col(start.D0, j), j * rx);
      if (p < rx) ops.d2(X, start.E, D, p);
    } else {
      // S = Q·S'·Tᵀ; ρ = X·S·m0 = X·(Q·(S'·Tᵀm0)).
      ops.poisson.field(ops.density(X, matVec(Q, matVec(wrap(y), m0)), rho), E);
      ops.d2(X, E, D);
    }
    atStart = false;
    // Qᵀ·D·Q·S'·c2et, right to left.
    mulInto(Q, mulInto(wrap(y), c2et, t1), t2);
    tmulInto(Q, mulInto(D, t2, t1), 1, wrap(out));
  };
  const flow = (y: Float64Array, tau: number): void => {
    for (let j = 0; j < rv; j++) sch.rotate(-values[j]! * tau, y, j * rx, 1);
  };
  const Sp = tmul(Q, mul(S0, T));
  const scheme = ops.schemes.galerkin;
  const n = substeps(dt, MARGIN * maxAbs(start.E) * frobenius(vc.c2), scheme);
  const rk = ops.lawson(scheme, rx * rv);
  for (let s = 0; s < n; s++) rk.step(Sp.data, dt / n, N, flow);
  return mul(mul(Q, Sp), transpose(T));
}
