/**
 * The plain-data artifacts that cross stage boundaries (the kernel caches them on disk, so only
 * numbers, strings, arrays and typed arrays).
 */

export type ProblemName = 'linear_landau' | 'nonlinear_landau' | 'two_stream' | 'bump_on_tail';

/** A Maxwellian component of the equilibrium: density·exp(−(v−u)²/(2vt²))/(√(2π)·vt). */
export interface MaxwellianComponent {
  density: number;
  drift: number;
  vt: number;
}

export interface KineticProblem {
  problem: ProblemName;
  /** Wavenumber and amplitude of the initial perturbation (1 + α·cos(kx)). */
  k: number;
  alpha: number;
  nx: number;
  nv: number;
  /** x ∈ [0, L), v ∈ [−vmax, vmax]. */
  L: number;
  vmax: number;
  /** The spatially uniform equilibrium, as a sum of Maxwellians (drives the linear theory). */
  equilibrium: MaxwellianComponent[];
  /** Initial f as a sum of separable terms: f(x, v) = Σ_t termsX[t](x)·termsV[t](v). */
  termsX: Float64Array[];
  termsV: Float64Array[];
  /** The equilibrium sampled on the v grid: the weight of the conservative low-rank scheme. */
  f0v: Float64Array;
  /** Linear theory for the mode k: ω = omega + i·gamma (gamma is the rate of |E|), if found. */
  linear: { omega: number; gamma: number } | null;
}

/** Time series recorded by a solver, one entry per recorded step. */
export interface KineticSeries {
  /** Step index of each record (the `step` of the metric events). */
  step: Int32Array;
  t: Float64Array;
  electricEnergy: Float64Array;
  mass: Float64Array;
  momentum: Float64Array;
  energy: Float64Array;
  l1: Float64Array;
  l2: Float64Array;
  rank: Int32Array;
}

export interface KineticSolution {
  /** The producing stage's name, for legends when several runs are compared. */
  label: string;
  method: 'fullgrid' | 'dlr';
  /** `classic` / `conservative` for dlr; `strang_spectral` for the full grid. */
  integrator: string;
  problem: ProblemName;
  nx: number;
  nv: number;
  dt: number;
  tEnd: number;
  steps: number;
  /** Scale of the momentum error: Σ |v|·f at t = 0 (the momentum itself starts near zero). */
  momentumScale: number;
  linear: { omega: number; gamma: number } | null;
  series: KineticSeries;
  /** Final state: density and field on the x grid, and wall time per step. */
  final: { t: number; rho: Float64Array; E: Float64Array; rank: number };
  secondsPerStep: number;
}
