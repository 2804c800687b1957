/**
 * The full-grid reference solver: Strang splitting of 1D1V Vlasov–Poisson
 *   ∂t f + v·∂x f − E·∂v f = 0,  ∂x E = 1 − ∫ f dv,
 * into half a step of x-advection, a Poisson solve, a full step of v-advection and another half
 * step of x-advection. Both advections are exact Fourier translations (periodic in x; in v the
 * distribution is ~0 at ±vmax, so the periodic extension is harmless). Second order in time; the
 * split plasma oscillation is stable for dt·ω_p < 2, like Störmer–Verlet.
 */
import { makeGrid, type PhaseGrid } from './grid.js';
import { electricEnergy, PoissonSolver } from './poisson.js';
import { assemble } from './problems.js';
import { PeriodicSpectral } from './spectral.js';
import type { KineticProblem } from './types.js';
import type { Diagnostics, KineticStepper } from './simulate.js';
import { abs, min, sqrt } from './math.js';

export class FullGridSolver implements KineticStepper {
  readonly grid: PhaseGrid;
  /** f[i·nv + l] = f(x_i, v_l). */
  readonly f: Float64Array;
  readonly E: Float64Array;
  readonly rho: Float64Array;
  /** Uniform weights: the exact quadrature of the periodic v-spectral discretisation. */
  private readonly w: Float64Array;
  private readonly sx: PeriodicSpectral;
  private readonly sv: PeriodicSpectral;
  private readonly poisson: PoissonSolver;
  private readonly colA: Float64Array;
  private readonly colB: Float64Array;

  constructor(p: KineticProblem) {
    if (p.nv % 2 !== 0 || (p.nv & (p.nv - 1)) !== 0) throw new Error(`the full-grid solver needs nv a power of two (got ${p.nv})`);
    this.grid = makeGrid(p.nx, p.nv, p.L, p.vmax);
    this.f = assemble(p);
    this.E = new Float64Array(p.nx);
    this.rho = new Float64Array(p.nx);
    this.w = new Float64Array(p.nv).fill(this.grid.hv);
    this.sx = new PeriodicSpectral(p.nx, p.L);
    this.sv = new PeriodicSpectral(p.nv, 2 * p.vmax);
    this.poisson = new PoissonSolver(p.nx, p.L);
    this.colA = new Float64Array(p.nx);
    this.colB = new Float64Array(p.nx);
    this.updateField();
  }

  get rank(): number {
    return min(this.grid.nx, this.grid.nv);
  }

  step(dt: number): void {
    this.advectX(dt / 2);
    this.updateField();
    this.advectV(dt);
    this.advectX(dt / 2);
    this.updateField();
  }

  /** f(x, v) ← f(x − v·τ, v) for every v row, two rows per complex FFT. */
  private advectX(tau: number): void {
    const { nx, nv, v } = this.grid;
    const f = this.f;
    const a = this.colA;
    const b = this.colB;
    for (let l = 0; l < nv; l += 2) {
      for (let i = 0; i < nx; i++) {
        a[i] = f[i * nv + l]!;
        b[i] = f[i * nv + l + 1]!;
      }
      this.sx.shiftPair(a, v[l]! * tau, b, v[l + 1]! * tau);
      for (let i = 0; i < nx; i++) {
        f[i * nv + l] = a[i]!;
        f[i * nv + l + 1] = b[i]!;
      }
    }
  }

  /** f(x, v) ← f(x, v + E(x)·τ), two x rows per complex FFT. */
  private advectV(tau: number): void {
    const { nx, nv } = this.grid;
    for (let i = 0; i < nx; i += 2) {
      const a = this.f.subarray(i * nv, (i + 1) * nv);
      const b = this.f.subarray((i + 1) * nv, (i + 2) * nv);
      this.sv.shiftPair(a, -this.E[i]! * tau, b, -this.E[i + 1]! * tau);
    }
  }

  private updateField(): void {
    const { nx, nv } = this.grid;
    for (let i = 0; i < nx; i++) {
      let s = 0;
      for (let l = 0; l < nv; l++) s += this.w[l]! * this.f[i * nv + l]!;
      this.rho[i] = s;
    }
    this.poisson.field(this.rho, this.E);
  }

  diagnostics(): Diagnostics {
    const { nx, nv, hx, v } = this.grid;
    let mass = 0;
    let mom = 0;
    let kin = 0;
    let l1 = 0;
    let l2 = 0;
    for (let i = 0; i < nx; i++) {
      for (let l = 0; l < nv; l++) {
        const fw = this.f[i * nv + l]! * this.w[l]!;
        mass += fw;
        mom += fw * v[l]!;
        kin += fw * v[l]! * v[l]!;
        l1 += abs(fw);
        l2 += fw * this.f[i * nv + l]!;
      }
    }
    const ee = electricEnergy(this.E, hx);
    return {
      electricEnergy: ee,
      mass: mass * hx,
      momentum: mom * hx,
      energy: 0.5 * kin * hx + ee,
      l1: l1 * hx,
      l2: sqrt(l2 * hx),
      rank: this.rank,
    };
  }

  momentumScale(): number {
    const { nx, nv, hx, v } = this.grid;
    let s = 0;
    for (let i = 0; i < nx; i++) for (let l = 0; l < nv; l++) s += abs(v[l]! * this.f[i * nv + l]!) * this.w[l]!;
    return s * hx;
  }
}
