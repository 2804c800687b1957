/**
 * Dynamical low-rank Vlasov–Poisson: f ≈ f0(v)·Σ_ij X_i(x)·S_ij·V_j(v), X orthonormal in
 * ⟨·,·⟩_x = hx·Σ, V orthonormal in ⟨a, b⟩_w = Σ q·f0·a·b. One step is an augmented BUG step
 * (Ceruti–Kusch–Lubich): K-step, L-step, Galerkin step in the doubled bases, truncation.
 *
 * `classic`: f0 ≡ 1, no fixed basis, SVD truncation of the whole coefficient matrix — mass,
 * momentum and energy drift with what truncation throws away.
 *
 * `conservative` (after Einkemmer & Joseph 2021 and the robust variant of Einkemmer, Ostermann
 * & Scalone 2023): f0 is the equilibrium and V = [U, W] where U spans {1, v, v²} and never
 * changes. The moments ρ, j, e of f depend only on the U-columns of K = X·S, so:
 *   - the U-columns of the new K are X̂·Ŝ_U from the Galerkin step, which conserves Σ_x ρ and
 *     Σ_x j exactly because X̂ contains the constant function (see lowrank-steps.ts), and
 *   - truncation acts only on the W-part (the Galerkin coefficients against Ŵ), then
 *     [K_U, X̃] is re-orthonormalised by QR, which represents K_U exactly.
 * With `tol`, the W-rank adapts: the smallest rank whose discarded singular values have
 * 2-norm ≤ tol·‖Ŝ‖_F, between 1 and `rank` − 3.
 */
import { col, columns, frobenius, fromColumns, hcat, hcatInto, mul, mulInto, tmul, transpose, zeros, type Mat } from './dense.js';
import { svd } from './svd.js';
import { makeGrid, type PhaseGrid } from './grid.js';
import { electricEnergy } from './poisson.js';
import { LowRankOps, matVec, type SubstepSchemes, type VCoeffs, type XCoeffs } from './lowrank-ops.js';
import { SkewSchur } from './skew-schur.js';
import { galerkinStep, kStep, lStep } from './lowrank-steps.js';
import { orthonormalize } from './orth.js';
import type { Diagnostics, KineticStepper } from './simulate.js';
import type { KineticProblem } from './types.js';
import { abs, max, min, sqrt } from './math.js';

export type Integrator = 'classic' | 'conservative';

export interface LowRankOptions {
  integrator: Integrator;
  /** Rank (the maximum rank when `tol` is set). */
  rank: number;
  tol?: number;
  /**
   * Lawson schemes of the sub-steps (lawson.ts): `rk4` (default) everywhere; `rk2` the
   * second-order Lawson–Heun everywhere; `rk2_bases` Lawson–Heun for the K- and L-steps, which
   * only shape the augmented bases, and RK4 for the Galerkin step, which sets the coefficients
   * (and with them the energy error). docs/techniques/vlasov.md compares the three.
   */
  substeps?: SubstepChoice;
}

export type SubstepChoice = 'rk4' | 'rk2' | 'rk2_bases';

export function substepSchemes(c: SubstepChoice): SubstepSchemes {
  if (c === 'rk2') return { basis: 'rk2', galerkin: 'rk2' };
  if (c === 'rk2_bases') return { basis: 'rk2', galerkin: 'rk4' };
  return { basis: 'rk4', galerkin: 'rk4' };
}

/** vmax·kx_max with kx_max = π·nx/L: the fastest translation phase rate on the grid. */
function phaseRate(p: { nx: number; L: number; vmax: number }): number {
  return p.vmax * ((Math.PI * p.nx) / p.L);
}

/**
 * Largest time step without the step-size resonance of the BUG step: vmax·kx_max·dt ≤ 2π, i.e.
 * no x mode on the grid turns by more than one period per step at the edge velocity. Every
 * transport part is integrated exactly, so this is not an explicit integrator's stability
 * limit; above it, grid-scale x modes grow from round-off, slowly up to ~10, by a constant
 * factor per step beyond (docs/techniques/vlasov.md has the measurements: onset between 6 and
 * 7 on both 128 and 256 x-points).
 */
export function lowRankResonanceDt(p: { nx: number; L: number; vmax: number }): number {
  return (2 * Math.PI) / phaseRate(p);
}

/**
 * Largest time step `solve dlr` accepts: vmax·kx_max·dt ≤ 10. Between 2π and 10 the grid-scale
 * growth is slow (the plugin warns); beyond ~11 it ruins a run within tens of steps.
 */
export function lowRankStableDt(p: { nx: number; L: number; vmax: number }): number {
  return 10 / phaseRate(p);
}

/** Number of fixed velocity functions (1, v, v²) of the conservative scheme. */
export const CONSERVED = 3;

export class LowRankSolver implements KineticStepper {
  readonly grid: PhaseGrid;
  readonly ops: LowRankOps;
  X: Mat;
  S: Mat;
  V: Mat;
  readonly rho: Float64Array;
  readonly E: Float64Array;
  /** The fixed conserved basis (0 columns for `classic`). */
  readonly U: Mat;
  private readonly weight: Float64Array;
  private readonly ones: Mat;
  /**
   * Storage of the augmented bases X̂ (0) and V̂ (1), reused from step to step: they live only
   * within a step (the new X and V are fresh products), and allocating them cost ≈ 1.4% of the
   * step at 512² (two zero-filled n×2r arrays).
   */
  private readonly hatStore: (Float64Array | undefined)[] = [undefined, undefined];
  /** Galerkin matrices of the current X and V, carried from the step that made them. */
  private vc: VCoeffs | undefined;
  private xc: XCoeffs | undefined;

  constructor(
    p: KineticProblem,
    readonly opts: LowRankOptions,
  ) {
    this.grid = makeGrid(p.nx, p.nv, p.L, p.vmax);
    const cons = opts.integrator === 'conservative';
    const minRank = cons ? CONSERVED + 1 : 1;
    if (opts.rank < minRank) throw new Error(`rank must be at least ${minRank} for the ${opts.integrator} integrator`);
    if (2 * opts.rank > min(p.nx, p.nv)) throw new Error(`rank ${opts.rank} is too large for a ${p.nx}×${p.nv} grid (need 2·rank ≤ ${min(p.nx, p.nv)})`);
    this.weight = cons ? Float64Array.from(p.f0v) : new Float64Array(p.nv).fill(1);
    this.ops = new LowRankOps(this.grid, this.weight, substepSchemes(opts.substeps ?? 'rk4'));
    this.ones = fromColumns([new Float64Array(p.nx).fill(1)], p.nx);
    const wq = this.ops.vops.wq;
    const v = this.grid.v;
    this.U = cons
      ? orthonormalize(fromColumns([new Float64Array(p.nv).fill(1), v, v.map((x) => x * x)], p.nv), wq, { mode: 'drop', tol: 1e-12 }).Q
      : zeros(p.nv, 0);
    const A = fromColumns(p.termsX, p.nx);
    const B = fromColumns(
      p.termsV.map((b) => b.map((x, l) => x / this.weight[l]!)),
      p.nv,
    );
    const C = tmul(this.U, B, wq);
    const Bperp: Mat = { ...B, data: B.data.slice() };
    const UC = mul(this.U, C);
    for (let i = 0; i < Bperp.data.length; i++) Bperp.data[i] -= UC.data[i]!;
    const p1 = opts.rank - this.U.cols;
    const { Q: W1, R: R1 } = orthonormalize(Bperp, wq, { mode: 'fill', cols: p1, against: this.U, fill: this.vFill });
    this.X = this.S = this.V = zeros(0, 0);
    this.compose(mul(A, transpose(C)), mul(A, transpose(R1)), W1);
    this.rho = new Float64Array(p.nx);
    this.E = new Float64Array(p.nx);
    this.updateField();
  }

  get rank(): number {
    return this.X.cols;
  }

  /** Sets X, S, V from g = K_U·Uᵀ + Y·Zᵀ (Z orthonormal and ⟂ U). */
  private compose(KU: Mat, Y: Mat, Z: Mat): void {
    const cols = KU.cols + Y.cols;
    const { Q, R } = orthonormalize(hcat(KU, Y), this.grid.hx, { mode: 'fill', cols, fill: this.xFill });
    this.X = Q;
    this.S = R;
    this.V = hcat(this.U, Z);
  }

  /** hcat into the reused storage of X̂ or V̂ (grown when a larger one comes). */
  private hat(slot: 0 | 1, ...ms: Mat[]): Mat {
    const out = hcatInto(this.hatStore[slot], ...ms);
    if (out.data.buffer !== this.hatStore[slot]?.buffer) this.hatStore[slot] = out.data;
    return out;
  }

  private readonly xFill = (c: number): Float64Array => {
    const { x, L } = this.grid;
    const m = Math.floor((c + 1) / 2);
    return x.map((xi) => (c === 0 ? 1 : c % 2 ? Math.cos((2 * Math.PI * m * xi) / L) : Math.sin((2 * Math.PI * m * xi) / L)));
  };

  private readonly vFill = (c: number): Float64Array => {
    const { v, vmax } = this.grid;
    return v.map((vi) => Math.cos((Math.PI * c * (vi + vmax)) / (2 * vmax)));
  };

  step(dt: number): void {
    const { ops, X, S, V } = this;
    const { hx } = this.grid;
    const m = this.U.cols;
    const cons = m > 0;
    // The coefficients of X and V come from the previous step (vCoeffsIn / xCoeffsIn) except
    // after the constructor or a compose that had to fill directions.
    const vc = this.vc ?? ops.vCoeffs(V);
    const xc = this.xc ?? ops.d1(X);
    const K1 = kStep(ops, X, S, vc, this.E, dt);
    // X̂ = [X⁰, 1, K¹]: X⁰ kept exactly (its Galerkin matrices carry over); the constant
    // function makes the Galerkin step conserve mass and momentum. K¹ enters as its increment
    // (same span with X⁰, one Gram–Schmidt pass instead of two; lowrank-steps.ts).
    const xNorms = new Float64Array(X.cols + (cons ? 1 : 0) + K1.delta.cols);
    xNorms.set(K1.norms, xNorms.length - K1.delta.cols);
    const Xh = orthonormalize(cons ? this.hat(0, X, this.ones, K1.delta) : this.hat(0, X, K1.delta), hx, { mode: 'drop', prefix: X.cols, dropNorms: xNorms, overwrite: true }).Q;
    const sch = new SkewSchur(xc.d1);
    const d2 = ops.d2(X, this.E);
    const L1 = lStep(ops, V, S, sch, d2, dt);
    // V̂ = [V⁰, L¹ ⟂ V⁰] = [U, W⁰, W¹]: the fixed U stays first (no `against: U` needed: U is
    // V⁰'s first columns, so the prefix projects it out).
    const vNorms = new Float64Array(V.cols + L1.delta.cols);
    vNorms.set(L1.norms, V.cols);
    const Vh = orthonormalize(this.hat(1, V, L1.delta), ops.vops.wq, { mode: 'drop', prefix: V.cols, dropNorms: vNorms, overwrite: true }).Q;
    // The Galerkin start Ŝ⁰ = X̂ᵀX⁰·S⁰·V⁰ᵀV̂ = [[S⁰, 0], [0, 0]]: both bases extend the old ones.
    const Sh0 = zeros(Xh.cols, Vh.cols);
    for (let j = 0; j < S.cols; j++) Sh0.data.set(col(S, j), j * Xh.cols);
    const xch = ops.d1(Xh, xc);
    const vch = ops.vCoeffs(Vh, vc);
    // When K¹ added no direction (X̂ = X⁰, common in the linear phase), d̂1 = d1: same Schur form.
    const Sh = galerkinStep(ops, Sh0, Xh, Xh.cols === X.cols ? sch : new SkewSchur(xch.d1), vch, { E: this.E, D0: d2 }, dt);
    const SW = columns(Sh, m, Sh.cols);
    const { U: P, s, V: Qw } = svd(SW);
    const keep = this.chooseRank(s, frobenius(Sh), this.opts.rank - m);
    // New bases as combinations of the augmented ones: V = V̂·B, X = X̂·C.
    const B = zeros(Vh.cols, m + keep);
    for (let j = 0; j < m; j++) B.data[j * Vh.cols + j] = 1;
    for (let j = 0; j < keep; j++) B.data.set(col(Qw, j), (m + j) * Vh.cols + m);
    // V = [U, Z] with Z = Ŵ·Q_w formed in place behind U (Ŵ: a view of V̂'s columns after U).
    const Vnew = zeros(Vh.rows, m + keep);
    Vnew.data.set(this.U.data.subarray(0, Vh.rows * m));
    const Z: Mat = { rows: Vh.rows, cols: keep, data: Vnew.data.subarray(Vh.rows * m) };
    mulInto({ rows: Vh.rows, cols: Vh.cols - m, data: Vh.data.subarray(m * Vh.rows) }, columns(Qw, 0, keep), Z);
    const G = hcat(columns(Sh, 0, m), columns(P, 0, keep));
    for (let j = 0; j < keep; j++) {
      const c = col(G, m + j);
      for (let i = 0; i < c.length; i++) c[i] *= s[j]!;
    }
    if (G.cols <= Xh.cols) {
      // [X̂·Ŝ_U, X̂·P·diag(s)] = X̂·G, X̂ orthonormal: its QR is X̂ times G's (Euclidean) QR, an
      // r̂×r problem instead of an n×r one. Dependent columns are filled with directions inside
      // span X̂ (unit coefficient vectors), which has room for all of them.
      const { Q: C, R } = orthonormalize(G, 1, { mode: 'fill', cols: G.cols, fill: (c) => unitVector(Xh.cols, c % Xh.cols) });
      this.X = mul(Xh, C);
      this.S = R;
      this.V = Vnew;
      this.xc = ops.xCoeffsIn(xch, C);
    } else {
      // More columns than X̂ has (adaptive rank grew past it): fill from outside span X̂.
      this.compose(mul(Xh, columns(G, 0, m)), mul(Xh, columns(G, m, G.cols)), Z);
      this.xc = undefined;
    }
    this.vc = ops.vCoeffsIn(this.V, vch, B);
    this.updateField();
  }

  private chooseRank(s: Float64Array, total: number, maxRank: number): number {
    const cap = min(maxRank, s.length);
    if (this.opts.tol === undefined) return cap;
    let tail = 0;
    let r = s.length;
    while (r > 1) {
      const t = tail + s[r - 1]! * s[r - 1]!;
      if (sqrt(t) > this.opts.tol * total) break;
      tail = t;
      r--;
    }
    return max(1, min(cap, r));
  }

  private updateField(): void {
    const m0 = new Float64Array(this.V.cols);
    for (let j = 0; j < m0.length; j++) m0[j] = this.ops.vops.moments(col(this.V, j))[0];
    this.ops.density(this.X, matVec(this.S, m0), this.rho);
    this.ops.poisson.field(this.rho, this.E);
  }

  /** f on the full grid, row-major f[i·nv + l] (for tests and the L1 norm). */
  reconstruct(): Float64Array {
    const { nx, nv } = this.grid;
    const K = mul(this.X, this.S);
    const f = new Float64Array(nx * nv);
    for (let j = 0; j < K.cols; j++) {
      const kj = col(K, j);
      const vj = col(this.V, j);
      for (let i = 0; i < nx; i++) {
        const a = kj[i]!;
        const row = i * nv;
        for (let l = 0; l < nv; l++) f[row + l] += a * vj[l]!;
      }
    }
    for (let i = 0; i < nx; i++) for (let l = 0; l < nv; l++) f[i * nv + l] *= this.weight[l]!;
    return f;
  }

  diagnostics(): Diagnostics {
    const { hx, vq, nv } = this.grid;
    const moments = [new Float64Array(this.V.cols), new Float64Array(this.V.cols), new Float64Array(this.V.cols)] as const;
    for (let j = 0; j < this.V.cols; j++) {
      const m = this.ops.vops.moments(col(this.V, j));
      for (let q = 0; q < 3; q++) moments[q][j] = m[q as 0 | 1 | 2];
    }
    const colSum = new Float64Array(this.X.cols);
    for (let j = 0; j < this.X.cols; j++) colSum[j] = col(this.X, j).reduce((a, b) => a + b, 0) * hx;
    const total = (p: 0 | 1 | 2): number => matVec(this.S, moments[p]).reduce((a, c, i) => a + c * colSum[i]!, 0);
    const w2 = new Float64Array(nv);
    for (let l = 0; l < nv; l++) w2[l] = vq[l]! * this.weight[l]! * this.weight[l]!;
    const G = tmul(this.V, this.V, w2);
    const StS = tmul(this.S, this.S);
    let l2 = 0;
    for (let i = 0; i < G.data.length; i++) l2 += StS.data[i]! * G.data[i]!;
    const l1 = this.l1Norm();
    const ee = electricEnergy(this.E, hx);
    return {
      electricEnergy: ee,
      mass: total(0),
      momentum: total(1),
      energy: 0.5 * total(2) + ee,
      l1,
      l2: sqrt(max(0, l2)),
      rank: this.rank,
    };
  }

  /**
   * Σ hx·q·|f|: the one diagnostic that needs f itself, O(nx·nv·r). Formed one x row at a time
   * (no nx×nv array); simulate() times steps only, so it does not enter ms/step.
   */
  private l1Norm(): number {
    const { hx, vq, nx, nv } = this.grid;
    const K = mul(this.X, this.S);
    const r = K.cols;
    const Vd = this.V.data;
    const row = new Float64Array(nv);
    const wq = new Float64Array(nv);
    for (let l = 0; l < nv; l++) wq[l] = vq[l]! * this.weight[l]!;
    let l1 = 0;
    for (let i = 0; i < nx; i++) {
      row.fill(0);
      for (let j = 0; j < r; j++) {
        const a = K.data[j * nx + i]!;
        const o = j * nv;
        for (let l = 0; l < nv; l++) row[l] += a * Vd[o + l]!;
      }
      for (let l = 0; l < nv; l++) l1 += abs(row[l]!) * wq[l]!;
    }
    return l1 * hx;
  }

  momentumScale(): number {
    const { hx, vq, nx, nv, v } = this.grid;
    const f = this.reconstruct();
    let s = 0;
    for (let i = 0; i < nx; i++) for (let l = 0; l < nv; l++) s += abs(v[l]! * f[i * nv + l]!) * vq[l]!;
    return s * hx;
  }
}

function unitVector(n: number, i: number): Float64Array {
  const e = new Float64Array(n);
  e[i] = 1;
  return e;
}
