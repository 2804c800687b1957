/**
 * Initial conditions f(0, x, v) = (1 + α·cos(kx))·f_eq(v) for the standard 1D1V benchmarks,
 * each with its literature defaults. The equilibrium is normalised to unit density, so the
 * plasma frequency is 1 and times are in units of 1/ω_p.
 */
import { dominantMode } from './dispersion.js';
import { makeGrid } from './grid.js';
import type { KineticProblem, MaxwellianComponent, ProblemName } from './types.js';

export interface ProblemOptions {
  problem: ProblemName;
  k?: number;
  alpha?: number;
  nx?: number;
  nv?: number;
  vmax?: number;
  /** Length of the x domain; default one wavelength 2π/k. */
  length?: number;
  /** Two-stream beam velocity (±v0) and thermal speed. */
  v0?: number;
  vt?: number;
  /** Bump-on-tail: bump density, drift and thermal speed (the bulk gets 1 − nb). */
  nb?: number;
  vb?: number;
  vtb?: number;
}

interface Defaults {
  k: number;
  alpha: number;
  vmax: number;
}

export const PROBLEM_DEFAULTS: Record<ProblemName, Defaults> = {
  linear_landau: { k: 0.5, alpha: 0.01, vmax: 6 },
  nonlinear_landau: { k: 0.5, alpha: 0.5, vmax: 6 },
  two_stream: { k: 0.2, alpha: 1e-3, vmax: 8 },
  bump_on_tail: { k: 0.3, alpha: 0.04, vmax: 9 },
};

export function equilibrium(o: ProblemOptions): MaxwellianComponent[] {
  const vt = o.vt ?? 1;
  switch (o.problem) {
    case 'linear_landau':
    case 'nonlinear_landau':
      return [{ density: 1, drift: 0, vt }];
    case 'two_stream': {
      const v0 = o.v0 ?? 2.4;
      return [
        { density: 0.5, drift: v0, vt },
        { density: 0.5, drift: -v0, vt },
      ];
    }
    case 'bump_on_tail': {
      const nb = o.nb ?? 0.1;
      return [
        { density: 1 - nb, drift: 0, vt },
        { density: nb, drift: o.vb ?? 4.5, vt: o.vtb ?? 0.5 },
      ];
    }
  }
}

export function maxwellians(eq: MaxwellianComponent[], v: Float64Array): Float64Array {
  const out = new Float64Array(v.length);
  for (const c of eq) {
    const a = c.density / (Math.sqrt(2 * Math.PI) * c.vt);
    for (let l = 0; l < v.length; l++) {
      const d = (v[l]! - c.drift) / c.vt;
      out[l] += a * Math.exp(-0.5 * d * d);
    }
  }
  return out;
}

export function buildProblem(o: ProblemOptions): KineticProblem {
  const d = PROBLEM_DEFAULTS[o.problem];
  const k = o.k ?? d.k;
  const alpha = o.alpha ?? d.alpha;
  const nx = o.nx ?? 64;
  const nv = o.nv ?? 128;
  const vmax = o.vmax ?? d.vmax;
  const L = o.length ?? (2 * Math.PI) / k;
  const grid = makeGrid(nx, nv, L, vmax);
  const eq = equilibrium(o);
  const f0v = maxwellians(eq, grid.v);
  const pert = new Float64Array(nx);
  const ones = new Float64Array(nx).fill(1);
  for (let i = 0; i < nx; i++) pert[i] = alpha * Math.cos(k * grid.x[i]!);
  const mode = dominantMode(k, eq);
  return {
    problem: o.problem,
    k,
    alpha,
    nx,
    nv,
    L,
    vmax,
    equilibrium: eq,
    termsX: [ones, pert],
    termsV: [f0v, f0v.slice()],
    f0v,
    linear: mode ? { omega: mode[0], gamma: mode[1] } : null,
  };
}

/** Samples the separable terms onto a full nx×nv grid (row-major, x index outer). */
export function assemble(p: Pick<KineticProblem, 'nx' | 'nv' | 'termsX' | 'termsV'>): Float64Array {
  const f = new Float64Array(p.nx * p.nv);
  p.termsX.forEach((a, t) => {
    const b = p.termsV[t]!;
    for (let i = 0; i < p.nx; i++) {
      const ai = a[i]!;
      if (ai === 0) continue;
      const row = i * p.nv;
      for (let l = 0; l < p.nv; l++) f[row + l] += ai * b[l]!;
    }
  });
  return f;
}

/** Whether L is (to 1e-9 relative) an integer number of wavelengths 2π/k. */
export function fitsWavelengths(L: number, k: number): boolean {
  const n = (L * k) / (2 * Math.PI);
  return n >= 1 - 1e-9 && Math.abs(n - Math.round(n)) < 1e-9 * Math.max(1, n);
}
