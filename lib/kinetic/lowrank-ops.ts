/**
 * What the low-rank sub-steps share: the grid's x operators (spectral derivative, translation,
 * Poisson) and v operators, and the small Galerkin matrices built from a basis
 *   c1 = ⟨V, v·V⟩_w,  c2 = ⟨V, A_cons V⟩_w,  d1 = ⟨X, ∂x X⟩_x,  d2[E] = ⟨X, E·X⟩_x,
 * with the moments ⟨V_j, v^p⟩_w (p = 0, 1, 2) that give density, current and kinetic energy.
 */
import { col, tmul, zeros, type Mat } from './dense.js';
import type { PhaseGrid } from './grid.js';
import { PoissonSolver } from './poisson.js';
import { PeriodicSpectral } from './spectral.js';
import { VelocityOps } from './velocity-ops.js';
import { abs, max } from './math.js';

export interface VCoeffs {
  c1: Mat;
  c2: Mat;
  /** moments[p][j] = ⟨V_j, v^p⟩_w. */
  moments: [Float64Array, Float64Array, Float64Array];
}

export class LowRankOps {
  readonly sx: PeriodicSpectral;
  readonly poisson: PoissonSolver;
  readonly vops: VelocityOps;
  readonly hx: number;

  constructor(
    readonly grid: PhaseGrid,
    /** The weight f0(v) (all ones for the classic, unweighted scheme). */
    readonly weight: Float64Array,
  ) {
    this.sx = new PeriodicSpectral(grid.nx, grid.L);
    this.poisson = new PoissonSolver(grid.nx, grid.L);
    this.vops = new VelocityOps(grid, weight);
    this.hx = grid.hx;
  }

  vCoeffs(V: Mat): VCoeffs {
    const vV = zeros(V.rows, V.cols);
    const aV = zeros(V.rows, V.cols);
    const moments: VCoeffs['moments'] = [new Float64Array(V.cols), new Float64Array(V.cols), new Float64Array(V.cols)];
    for (let j = 0; j < V.cols; j++) {
      const vj = col(V, j);
      const out = col(vV, j);
      for (let l = 0; l < V.rows; l++) out[l] = this.grid.v[l]! * vj[l]!;
      this.vops.conservative(vj, col(aV, j));
      const m = this.vops.moments(vj);
      moments[0][j] = m[0];
      moments[1][j] = m[1];
      moments[2][j] = m[2];
    }
    return { c1: tmul(V, vV, this.vops.wq), c2: tmul(V, aV, this.vops.wq), moments };
  }

  /** d1 = ⟨X_i, ∂x X_k⟩_x (skew-symmetric). */
  d1(X: Mat): Mat {
    const dX = zeros(X.rows, X.cols);
    for (let j = 0; j < X.cols; j += 2) {
      if (j + 1 < X.cols) this.sx.derivative(col(X, j), col(dX, j), col(X, j + 1), col(dX, j + 1));
      else this.sx.derivative(col(X, j), col(dX, j));
    }
    return tmul(X, dX, this.hx);
  }

  /** d2 = ⟨X_i, E·X_k⟩_x. */
  d2(X: Mat, E: Float64Array): Mat {
    const w = new Float64Array(E.length);
    for (let i = 0; i < E.length; i++) w[i] = this.hx * E[i]!;
    return tmul(X, X, w);
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

  /** Translates column j of Y by λ_j·τ in x (a new matrix). */
  translate(Y: Mat, lambda: Float64Array, tau: number): Mat {
    const out: Mat = { rows: Y.rows, cols: Y.cols, data: Y.data.slice() };
    for (let j = 0; j < out.cols; j += 2) {
      if (j + 1 < out.cols) this.sx.shiftPair(col(out, j), lambda[j]! * tau, col(out, j + 1), lambda[j + 1]! * tau);
      else this.sx.shift(col(out, j), lambda[j]! * tau);
    }
    return out;
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
