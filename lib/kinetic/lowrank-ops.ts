/**
 * What the low-rank sub-steps share: the grid's x operators (spectral derivative, translation,
 * Poisson) and v operators, and the small Galerkin matrices built from a basis
 *   c1 = ⟨V, v·V⟩_w,  c2 = ⟨V, A_cons V⟩_w,  d1 = ⟨X, ∂x X⟩_x,  d2[E] = ⟨X, E·X⟩_x,
 * with the moments ⟨V_j, v^p⟩_w (p = 0, 1, 2) that give density, current and kinetic energy.
 */
import { col, tmulInto, zeros, type Mat } from './dense.js';
import type { PhaseGrid } from './grid.js';
import { PoissonSolver } from './poisson.js';
import { PeriodicSpectral } from './spectral.js';
import { VelocityOps } from './velocity-ops.js';
import { LawsonRk4 } from './lawson.js';
import { abs, max } from './math.js';

export interface VCoeffs {
  c1: Mat;
  c2: Mat;
  /** moments[p][j] = ⟨V_j, v^p⟩_w. */
  moments: [Float64Array, Float64Array, Float64Array];
  /** A_cons·V column by column, kept so the matrices can be extended to an augmented basis. */
  aV: Mat;
}

export interface XCoeffs {
  d1: Mat;
  /** ∂x X column by column (kept for the same reason as VCoeffs.aV). */
  dX: Mat;
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
  private readonly integrators = new Map<number, LawsonRk4>();

  constructor(
    readonly grid: PhaseGrid,
    /** The weight f0(v) (all ones for the classic, unweighted scheme). */
    readonly weight: Float64Array,
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
    const aV = zeros(n, r);
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
   * on one triangle. With `prev`, as in vCoeffs: X's first columns are prev's basis.
   */
  d1(X: Mat, prev?: XCoeffs): XCoeffs {
    const n = X.rows;
    const r = X.cols;
    const p = prev ? prev.d1.rows : 0;
    const dX = zeros(n, r);
    const d1 = zeros(r, r);
    if (prev) {
      dX.data.set(prev.dX.data);
      for (let j = 0; j < p; j++) d1.data.set(col(prev.d1, j), j * r);
    }
    for (let j = p; j < r; j += 2) {
      if (j + 1 < r) this.sx.derivative(col(X, j), col(dX, j), col(X, j + 1), col(dX, j + 1));
      else this.sx.derivative(col(X, j), col(dX, j));
    }
    const xd = X.data;
    const dd = dX.data;
    for (let j = p; j < r; j++) {
      for (let i = 0; i < j; i++) {
        let s = 0;
        for (let l = 0; l < n; l++) s += xd[i * n + l]! * dd[j * n + l]!;
        d1.data[j * r + i] = s * this.hx;
        d1.data[i * r + j] = -s * this.hx;
      }
    }
    return { d1, dX };
  }

  /** d2 = ⟨X_i, E·X_k⟩_x, into `out` (r×r) when given. */
  d2(X: Mat, E: Float64Array, out: Mat = zeros(X.cols, X.cols)): Mat {
    const w = this.ew;
    for (let i = 0; i < E.length; i++) w[i] = this.hx * E[i]!;
    return tmulInto(X, X, w, out);
  }

  /** ρ(x) = Σ_j K_j(x)·⟨V_j, 1⟩_w for K = X·S (given as X and the vector S·m0). */
  density(X: Mat, coef: Float64Array, out: Float64Array): Float64Array {
    out.fill(0);
    for (let j = 0; j < X.cols; j++) {
      const c = coef[j]!;
      if (c === 0) continue;
      const xj = col(X, j);
      for (let i = 0; i < out.length; i++) out[i] += c * xj[i]!;
    }
    return out;
  }

  /** A Lawson RK4 integrator for states of this size, reused across steps (its buffers). */
  lawson(size: number): LawsonRk4 {
    let rk = this.integrators.get(size);
    if (!rk) {
      rk = new LawsonRk4(size);
      this.integrators.set(size, rk);
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
