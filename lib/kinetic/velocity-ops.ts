/**
 * Velocity derivatives on the non-periodic v grid, acting on g = f/f0 (the low-rank factors
 * live in that weighted space): A[g] = (1/f0)·D(f0·g).
 *
 * Two discretisations of D with the same 4th-order interior stencil
 * (φ_{l−2} − 8φ_{l−1} + 8φ_{l+1} − φ_{l+2})/(12h):
 * - `conservative` (K- and Galerkin steps): flux form D φ_l = (F_{l+½} − F_{l−½})/q_l with
 *   F_{l+½} = (−φ_{l−1} + 7φ_l + 7φ_{l+1} − φ_{l+2})/12, zero flux through ±vmax and the
 *   quadrature q of grid.ts. Then Σ q·Dφ = 0 and Σ q·v·Dφ = −Σ q·φ exactly: the field term
 *   neither creates mass nor momentum beyond −∫E·ρ dx, which the Poisson solve makes zero.
 *   Its boundary rows are not skew (no operator can be skew and satisfy both identities), but
 *   it only enters through r×r Galerkin matrices of smooth basis functions that vanish there.
 * - `skew` (L-step, where the full v grid evolves): the interior stencil with zero padding, a
 *   skew-symmetric matrix, hence purely imaginary spectrum and no boundary instability.
 */
import type { PhaseGrid } from './grid.js';

export class VelocityOps {
  readonly nv: number;
  /** Quadrature weights of the weighted inner product: q·f0. */
  readonly wq: Float64Array;
  readonly v: Float64Array;
  /** ∞-norm bound of the skew operator A (for the explicit step-size choice). */
  readonly skewNorm: number;
  private readonly f0: Float64Array;
  private readonly phi: Float64Array;
  private readonly flux: Float64Array;
  /** 1/(q·f0) and 1/(12h·f0): the divisions of the two operators, done once. */
  private readonly invQF0: Float64Array;
  private readonly skewScale: Float64Array;

  constructor(grid: PhaseGrid, f0: Float64Array) {
    this.nv = grid.nv;
    this.v = grid.v;
    this.f0 = f0;
    this.wq = new Float64Array(grid.nv);
    for (let l = 0; l < grid.nv; l++) this.wq[l] = grid.vq[l]! * f0[l]!;
    this.phi = new Float64Array(grid.nv);
    this.flux = new Float64Array(grid.nv + 1);
    this.invQF0 = new Float64Array(grid.nv);
    this.skewScale = new Float64Array(grid.nv);
    for (let l = 0; l < grid.nv; l++) {
      this.invQF0[l] = 1 / (grid.vq[l]! * f0[l]!);
      this.skewScale[l] = 1 / (12 * grid.hv * f0[l]!);
    }
    let norm = 0;
    for (let l = 0; l < grid.nv; l++) {
      let s = 0;
      for (let d = -2; d <= 2; d++) {
        const m = l + d;
        if (d === 0 || m < 0 || m >= grid.nv) continue;
        s += (Math.abs(d) === 1 ? 8 : 1) * (f0[m]! / f0[l]!);
      }
      norm = Math.max(norm, s / (12 * grid.hv));
    }
    this.skewNorm = norm;
  }

  /** out = (1/f0)·D_cons(f0·g). */
  conservative(g: ArrayLike<number>, out: Float64Array): void {
    const n = this.nv;
    const p = this.phi;
    const F = this.flux;
    for (let l = 0; l < n; l++) p[l] = this.f0[l]! * g[l]!;
    // F[l] holds F_{l−½}; F_{−½} = F_{n−½} = 0, and φ = 0 outside the grid (first and last
    // interfaces written out, so the interior loop has no bounds tests).
    F[0] = 0;
    F[n] = 0;
    F[1] = (7 * p[0]! + 7 * p[1]! - p[2]!) / 12;
    for (let l = 2; l < n - 1; l++) F[l] = (-p[l - 2]! + 7 * p[l - 1]! + 7 * p[l]! - p[l + 1]!) / 12;
    F[n - 1] = (-p[n - 3]! + 7 * p[n - 2]! + 7 * p[n - 1]!) / 12;
    const r = this.invQF0;
    for (let l = 0; l < n; l++) out[l] = (F[l + 1]! - F[l]!) * r[l]!;
  }

  /** out = (1/f0)·D_skew(f0·g). */
  skew(g: ArrayLike<number>, out: Float64Array): void {
    const n = this.nv;
    const p = this.phi;
    const r = this.skewScale;
    for (let l = 0; l < n; l++) p[l] = this.f0[l]! * g[l]!;
    // The four edge rows with the zero padding written out (no closures: this runs per column
    // and Lawson stage of every L-step); the same terms in the same order as the interior.
    out[0] = (0 - 8 * 0 + 8 * p[1]! - p[2]!) * r[0]!;
    out[1] = (0 - 8 * p[0]! + 8 * p[2]! - p[3]!) * r[1]!;
    for (let l = 2; l < n - 2; l++) out[l] = (p[l - 2]! - 8 * p[l - 1]! + 8 * p[l + 1]! - p[l + 2]!) * r[l]!;
    out[n - 2] = (p[n - 4]! - 8 * p[n - 3]! + 8 * p[n - 1]! - 0) * r[n - 2]!;
    out[n - 1] = (p[n - 3]! - 8 * p[n - 2]! + 8 * 0 - 0) * r[n - 1]!;
  }

  /** Weighted moments Σ q·f0·v^p·g for p = 0, 1, 2. */
  moments(g: ArrayLike<number>): [number, number, number] {
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    for (let l = 0; l < this.nv; l++) {
      const a = this.wq[l]! * g[l]!;
      m0 += a;
      m1 += a * this.v[l]!;
      m2 += a * this.v[l]! * this.v[l]!;
    }
    return [m0, m1, m2];
  }
}
