/**
 * Periodic Poisson solve for the electric field of electrons on a neutralising ion background:
 * ∂x E = ρ_ion − ρ with ρ_ion = mean(ρ), solved in Fourier space (Ê = i·ρ̂/k, Ê(0) = 0, and the
 * Nyquist mode dropped). Dropping the mean and the Nyquist mode makes Σ_x E = 0 and
 * Σ_x E·ρ = 0 hold to round-off, which the low-rank K-step relies on for momentum conservation.
 */
import { PeriodicSpectral } from './spectral.js';

export class PoissonSolver {
  private readonly sp: PeriodicSpectral;
  private readonly spec: Float64Array;

  constructor(readonly nx: number, readonly L: number) {
    this.sp = new PeriodicSpectral(nx, L);
    this.spec = new Float64Array(2 * nx);
  }

  /** Writes E into `out` from the electron density ρ. */
  field(rho: ArrayLike<number>, out: Float64Array): Float64Array {
    const n = this.nx;
    const s = this.spec;
    this.sp.forward(rho, s);
    const k = this.sp.k;
    for (let m = 0; m < n; m++) {
      if (m === 0 || m === n / 2) {
        s[2 * m] = 0;
        s[2 * m + 1] = 0;
        continue;
      }
      const re = s[2 * m]!;
      const im = s[2 * m + 1]!;
      // i·(re + i·im)/k
      s[2 * m] = -im / k[m]!;
      s[2 * m + 1] = re / k[m]!;
    }
    this.sp.inverse(s, out);
    return out;
  }
}

/** ½ Σ_x hx E². */
export function electricEnergy(E: ArrayLike<number>, hx: number): number {
  let s = 0;
  for (let i = 0; i < E.length; i++) s += E[i]! * E[i]!;
  return 0.5 * hx * s;
}
