/**
 * What the low-rank sub-steps share: the grid's x operators (spectral derivative, translation,
 * Poisson) and v operators, and the small Galerkin matrices built from a basis
 *   c1 = ⟨V, v·V⟩_w,  c2 = ⟨V, A_cons V⟩_w,  d1 = ⟨X, ∂x X⟩_x,  d2[E] = ⟨X, E·X⟩_x,
 * with the moments ⟨V_j, v^p⟩_w (p = 0, 1, 2) that give density, current and kinetic energy.
 */
import { col, mul, tmul, tmulInto, zeros, type Mat } from './dense.js';
import type { PhaseGrid } from './grid.js';
import { PoissonSolver } from './poisson.js';
import { PeriodicSpectral } from './spectral.js';
import { VelocityOps } from './velocity-ops.js';
import { lawsonIntegrator, type LawsonIntegrator, type SubstepScheme } from './lawson.js';
import { abs, max } from './math.js';

export interface VCoeffs {
  c1: Mat;
  c2: Mat;
  /** moments[p][j] = ⟨V_j, v^p⟩_w. */
  moments: [Float64Array, Float64Array, Float64Array];
  /** A_cons·V column by column, kept so the matrices can be extended to an augmented basis. */
  aV: Mat;
}

/** Which Lawson scheme integrates the sub-steps that only shape the augmented bases (K, L) and the Galerkin step. */
export interface SubstepSchemes {
  basis: SubstepScheme;
  galerkin: SubstepScheme;
}

export interface XCoeffs {
  d1: Mat;
  /**
   * ∂x X column by column, from a fresh computation only: extending d1 to an augmented basis
   * needs the derivatives of the new columns alone (d1 is skew), so coefficients carried over
   * from a previous step (`xCoeffsIn`) have none.
   */
  dX?: Mat;
}

export class LowRankOps {
  readonly sx: PeriodicSpectral;
  readonly poisson: PoissonSolver;
  readonly vops: VelocityOps;
  readonly hx: number;
  /** q·f0·v: the weight of c1. */
  private readonly wqv: Float64Array;
  /** hx·E: the weight of d2 (scratch). */
  private readonly ew: Float64Array;
  private readonly integrators = new Map<string, LawsonIntegrator>();
  /** density's non-zero column indices (scratch; grown on demand). */
  private densityCols = new Int32Array(64);
  private readonly buffers = new Map<string, Float64Array>();

  constructor(
    readonly grid: PhaseGrid,
    /** The weight f0(v) (all ones for the classic, unweighted scheme). */
    readonly weight: Float64Array,
    /** The Lawson schemes of the K- and L-steps (`basis`) and of the Galerkin step. */
    readonly schemes: SubstepSchemes = { basis: 'rk4', galerkin: 'rk4' },
  ) {
    this.sx = new PeriodicSpectral(grid.nx, grid.L);
    this.poisson = new PoissonSolver(grid.nx, grid.L);
    this.vops = new VelocityOps(grid, weight);
    this.hx = grid.hx;
    this.wqv = new Float64Array(grid.nv);
    for (let l = 0; l < grid.nv; l++) this.wqv[l] = this.vops.wq[l]! * grid.v[l]!;
    this.ew = new Float64Array(grid.nx);
  }

  /**
   * c1, c2 and the moments of V. With `prev` (the coefficients of a basis that V extends: V's
   * first columns are exactly that basis), only the entries involving new columns are computed.
   */
  vCoeffs(V: Mat, prev?: VCoeffs): VCoeffs {
    const n = V.rows;
    const r = V.cols;
    const p = prev ? prev.c1.rows : 0;
    // With prev (the augmented basis V̂ of a step) aV only extends to V̂'s coefficients, which
    // are used within the step (vCoeffsIn forms the new basis's own): scratch storage, valid
    // until the next such call.
    const aV: Mat = prev ? { rows: n, cols: r, data: this.scratch('vCoeffs.aV', n * r) } : zeros(n, r);
    const moments: VCoeffs['moments'] = [new Float64Array(r), new Float64Array(r), new Float64Array(r)];
    const c1 = zeros(r, r);
    const c2 = zeros(r, r);
    if (prev) {
      aV.data.set(prev.aV.data);
      for (let q = 0; q < 3; q++) moments[q].set(prev.moments[q]);
      for (let j = 0; j < p; j++) {
        c1.data.set(col(prev.c1, j), j * r);
        c2.data.set(col(prev.c2, j), j * r);
      }
    }
    for (let j = p; j < r; j++) {
      const vj = col(V, j);
      this.vops.conservative(vj, col(aV, j));
      const m = this.vops.moments(vj);
      moments[0][j] = m[0];
      moments[1][j] = m[1];
      moments[2][j] = m[2];
    }
    tmulInto(V, V, this.wqv, c1, p);
    tmulInto(V, aV, this.vops.wq, c2, p);
    return { c1, c2, moments, aV };
  }

  /**
   * d1 = ⟨X_i, ∂x X_k⟩_x, skew-symmetric (the spectral derivative is a skew matrix), computed
   * on one triangle. With `prev`, as in vCoeffs: X's first columns are prev's basis, and only
   * the new columns are differentiated (entry (i, k) with k new uses ∂x X_k; (k, i) is its
   * negative).
   */
  d1(X: Mat, prev?: XCoeffs): XCoeffs {
    const n = X.rows;
    const r = X.cols;
    const p = prev ? prev.d1.rows : 0;
    // With prev the derivatives only feed G below (none are returned): scratch storage.
    const dNew: Mat = prev ? { rows: n, cols: r - p, data: this.scratch('d1.dX', n * (r - p)) } : zeros(n, r - p);
    const d1 = zeros(r, r);
    if (prev) for (let j = 0; j < p; j++) d1.data.set(col(prev.d1, j), j * r);
    for (let j = p; j < r; j += 2) {
      const k = j - p;
      if (j + 1 < r) this.sx.derivative(col(X, j), col(dNew, k), col(X, j + 1), col(dNew, k + 1));
      else this.sx.derivative(col(X, j), col(dNew, k));
    }
    // G = ⟨X, ∂x X_new⟩ by the blocked product (it also forms the entries i ≥ j among the new
    // columns, which are not used: one triangle makes d1 exactly skew).
    const G = tmulInto(X, dNew, this.hx, zeros(r, r - p));
    for (let j = p; j < r; j++) {
      for (let i = 0; i < j; i++) {
        const s = G.data[(j - p) * r + i]!;
        d1.data[j * r + i] = s;
        d1.data[i * r + j] = -s;
      }
    }
    return prev ? { d1 } : { d1, dX: dNew };
  }

  /**
   * The coefficients of V = V̂·B from those of V̂ (B: r̂×r), without touching the n-long
   * columns except for A_cons·V (O(n) per column): c = Bᵀ·ĉ·B, moments Bᵀ·m̂. The step's new
   * velocity basis is such a combination of the augmented one, whose coefficients the Galerkin
   * step computed, so the next step need not form c1, c2 afresh (O(n·r²)).
   */
  vCoeffsIn(V: Mat, hat: VCoeffs, B: Mat): VCoeffs {
    const r = V.cols;
    const aV = zeros(V.rows, r);
    for (let j = 0; j < r; j++) this.vops.conservative(col(V, j), col(aV, j));
    const c1 = similar(hat.c1, B);
    symmetrize(c1);
    const moments = hat.moments.map((m) => matTVec(B, m)) as VCoeffs['moments'];
    return { c1, c2: similar(hat.c2, B), moments, aV };
  }

  /** d1 of X = X̂·C from that of X̂ (C: r̂×r with orthonormal columns): Cᵀ·d̂1·C, kept skew. */
  xCoeffsIn(hat: XCoeffs, C: Mat): XCoeffs {
    const d1 = similar(hat.d1, C);
    const r = d1.rows;
    for (let j = 0; j < r; j++) {
      d1.data[j * r + j] = 0;
      for (let i = 0; i < j; i++) {
        const a = 0.5 * (d1.data[j * r + i]! - d1.data[i * r + j]!);
        d1.data[j * r + i] = a;
        d1.data[i * r + j] = -a;
      }
    }
    return { d1 };
  }

  /**
   * d2 = ⟨X_i, E·X_k⟩_x, into `out` (r×r) when given; with `known`, the block of the first
   * `known` columns is taken as already in `out` (tmulInto).
   */
  d2(X: Mat, E: Float64Array, out: Mat = zeros(X.cols, X.cols), known = 0): Mat {
    const w = this.ew;
    for (let i = 0; i < E.length; i++) w[i] = this.hx * E[i]!;
    return tmulInto(X, X, w, out, known);
  }

  /**
   * ρ(x) = Σ_j K_j(x)·⟨V_j, 1⟩_w for K = X·S (given as X and the vector S·m0). Up to four
   * columns per pass over ρ, each added to the running sum in turn — the same order of additions
   * as one column per pass (bit-identical ρ: its rounding is amplified by the truncation), with a
   * quarter of the loads and stores of ρ.
   */
  density(X: Mat, coef: Float64Array, out: Float64Array): Float64Array {
    out.fill(0);
    const n = out.length;
    const xd = X.data;
    const rows = X.rows;
    if (this.densityCols.length < X.cols) this.densityCols = new Int32Array(X.cols);
    const idx = this.densityCols;
    let cnt = 0;
    for (let j = 0; j < X.cols; j++) if (coef[j] !== 0) idx[cnt++] = j; // zero terms are skipped, as before
    let t = 0;
    for (; t + 3 < cnt; t += 4) {
      const o0 = idx[t]! * rows;
      const o1 = idx[t + 1]! * rows;
      const o2 = idx[t + 2]! * rows;
      const o3 = idx[t + 3]! * rows;
      const c0 = coef[idx[t]!]!;
      const c1 = coef[idx[t + 1]!]!;
      const c2 = coef[idx[t + 2]!]!;
      const c3 = coef[idx[t + 3]!]!;
      for (let i = 0; i < n; i++) {
        let s = out[i]!;
        s += c0 * xd[o0 + i]!;
        s += c1 * xd[o1 + i]!;
        s += c2 * xd[o2 + i]!;
        s += c3 * xd[o3 + i]!;
        out[i] = s;
      }
    }
    for (; t < cnt; t++) {
      const o = idx[t]! * rows;
      const c = coef[idx[t]!]!;
      for (let i = 0; i < n; i++) out[i] += c * xd[o + i]!;
    }
    return out;
  }

  /**
   * A scratch array of `size` doubles reused across steps under `key` (its contents are
   * whatever the last user left): for the sub-steps' per-step temporaries.
   */
  scratch(key: string, size: number): Float64Array {
    let b = this.buffers.get(key);
    if (!b || b.length !== size) {
      b = new Float64Array(size);
      this.buffers.set(key, b);
    }
    return b;
  }

  /** A Lawson integrator for states of this size, reused across steps (its buffers). */
  lawson(scheme: SubstepScheme, size: number): LawsonIntegrator {
    const key = `${scheme}:${size}`;
    let rk = this.integrators.get(key);
    if (!rk) {
      rk = lawsonIntegrator(scheme, size);
      this.integrators.set(key, rk);
    }
    return rk;
  }

  /** Translates column j of Y (nx × cols, column-major) by λ_j·τ in x, in place. */
  translate(Y: Float64Array, cols: number, lambda: Float64Array, tau: number): void {
    const n = this.grid.nx;
    for (let j = 0; j < cols; j += 2) {
      const a = Y.subarray(j * n, (j + 1) * n);
      if (j + 1 < cols) this.sx.shiftPair(a, lambda[j]! * tau, Y.subarray((j + 1) * n, (j + 2) * n), lambda[j + 1]! * tau);
      else this.sx.shift(a, lambda[j]! * tau);
    }
  }
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = max(m, abs(a[i]!));
  return m;
}

/** S·m for a small S (r×c) and a vector m (c). */
export function matVec(S: Mat, m: Float64Array): Float64Array {
  const out = new Float64Array(S.rows);
  for (let j = 0; j < S.cols; j++) {
    const mj = m[j]!;
    for (let i = 0; i < S.rows; i++) out[i] += S.data[j * S.rows + i]! * mj;
  }
  return out;
}

/** Bᵀ·m for a small B (r̂×r) and a vector m (r̂). */
export function matTVec(B: Mat, m: Float64Array): Float64Array {
  const out = new Float64Array(B.cols);
  for (let j = 0; j < B.cols; j++) {
    let s = 0;
    for (let i = 0; i < B.rows; i++) s += B.data[j * B.rows + i]! * m[i]!;
    out[j] = s;
  }
  return out;
}

/** Tᵀ·M·T for small matrices. */
export function similar(M: Mat, T: Mat): Mat {
  return tmul(T, mul(M, T));
}

/** M ← (M + Mᵀ)/2 in place (square). */
function symmetrize(M: Mat): void {
  const r = M.rows;
  for (let j = 0; j < r; j++) {
    for (let i = 0; i < j; i++) {
      const a = 0.5 * (M.data[j * r + i]! + M.data[i * r + j]!);
      M.data[j * r + i] = a;
      M.data[i * r + j] = a;
    }
  }
}
