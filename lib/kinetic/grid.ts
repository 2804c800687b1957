/**
 * The 1D1V phase-space grid: periodic x on [0, L) with nx points, and cell-centred v on
 * [-vmax, vmax] with nv points (symmetric, so an even f has zero discrete momentum).
 *
 * Velocity integrals use the weights `vq` of the conservative flux-form derivative (see
 * velocity-ops.ts): h·(1/2, 13/12, 1, ..., 1, 13/12, 1/2). With these weights the discrete
 * identities Σ q·∂v φ = 0 and Σ q·v·∂v φ = −Σ q·φ hold exactly, which is what makes the
 * low-rank scheme's mass and momentum conservation exact rather than approximate.
 */
export interface PhaseGrid {
  nx: number;
  nv: number;
  /** Length of the periodic x domain. */
  L: number;
  vmax: number;
  hx: number;
  hv: number;
  x: Float64Array;
  v: Float64Array;
  /** Quadrature weights in v (including hv). */
  vq: Float64Array;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

export function makeGrid(nx: number, nv: number, L: number, vmax: number): PhaseGrid {
  if (!isPowerOfTwo(nx)) throw new Error(`nx must be a power of two >= 2 (got ${nx})`);
  if (!Number.isInteger(nv) || nv < 8) throw new Error(`nv must be an integer >= 8 (got ${nv})`);
  if (!(L > 0) || !(vmax > 0)) throw new Error('domain length and vmax must be positive');
  const hx = L / nx;
  const hv = (2 * vmax) / nv;
  const x = new Float64Array(nx);
  for (let i = 0; i < nx; i++) x[i] = i * hx;
  const v = new Float64Array(nv);
  for (let l = 0; l < nv; l++) v[l] = -vmax + (l + 0.5) * hv;
  return { nx, nv, L, vmax, hx, hv, x, v, vq: fluxQuadrature(nv, hv) };
}

/** Weights q such that h·Σ_interfaces F = Σ q·φ for the 4th-order interface interpolation. */
export function fluxQuadrature(nv: number, hv: number): Float64Array {
  const q = new Float64Array(nv).fill(hv);
  q[0] = q[nv - 1] = hv / 2;
  q[1] = q[nv - 2] = (13 / 12) * hv;
  return q;
}
