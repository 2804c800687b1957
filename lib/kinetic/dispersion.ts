/**
 * Linear theory of electrostatic waves on a sum-of-Maxwellians equilibrium:
 *   ε(ω, k) = 1 + Σ_s n_s/(k²·vt_s²)·(1 + ζ_s·Z(ζ_s)),  ζ_s = (ω/k − u_s)/(√2·vt_s),
 * with the plasma dispersion function Z(ζ) = i√π·w(ζ) (Landau contour included, so damped
 * roots are found too). w is the Faddeeva function in Weideman's rational approximation
 * (SIAM J. Numer. Anal. 31, 1994) with N = 32 terms, continued to Im z < 0 by
 * w(z) = 2·exp(−z²) − w(−z).
 */
import type { MaxwellianComponent } from './types.js';

export type Complex = [number, number];

const cmul = (a: Complex, b: Complex): Complex => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: Complex, b: Complex): Complex => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const cexp = (a: Complex): Complex => {
  const m = Math.exp(a[0]);
  return [m * Math.cos(a[1]), m * Math.sin(a[1])];
};

const N = 32;
const WL = Math.sqrt(N / Math.SQRT2);
/** Polynomial coefficients, highest degree first (Weideman's `a`). */
const COEF: number[] = (() => {
  const M = 2 * N;
  const M2 = 2 * M;
  // f sampled at θ_k = kπ/M, k = −M+1..M−1, with a leading zero; then fftshift and a real DFT.
  const f = new Float64Array(M2);
  for (let k = -M + 1; k <= M - 1; k++) {
    const t = WL * Math.tan((k * Math.PI) / M / 2);
    f[k + M] = Math.exp(-t * t) * (WL * WL + t * t);
  }
  const shifted = new Float64Array(M2);
  for (let i = 0; i < M2; i++) shifted[i] = f[(i + M) % M2]!;
  const a: number[] = [];
  for (let m = 0; m < M2; m++) {
    let s = 0;
    for (let j = 0; j < M2; j++) s += shifted[j]! * Math.cos((2 * Math.PI * m * j) / M2);
    a.push(s / M2);
  }
  return a.slice(1, N + 1).reverse();
})();

/** Faddeeva function w(z) = exp(−z²)·erfc(−iz). */
export function faddeeva(z: Complex): Complex {
  if (z[1] < 0) {
    const e = cexp(cmul([-1, 0], cmul(z, z)));
    const wm = faddeeva([-z[0], -z[1]]);
    return [2 * e[0] - wm[0], 2 * e[1] - wm[1]];
  }
  const den: Complex = [WL + z[1], -z[0]]; // L − iz
  const Z = cdiv([WL - z[1], z[0]], den); // (L + iz)/(L − iz)
  let p: Complex = [0, 0];
  for (const c of COEF) p = [p[0] * Z[0] - p[1] * Z[1] + c, p[0] * Z[1] + p[1] * Z[0]];
  const t1 = cdiv(cmul([2, 0], p), cmul(den, den));
  const t2 = cdiv([1 / Math.sqrt(Math.PI), 0], den);
  return [t1[0] + t2[0], t1[1] + t2[1]];
}

/** Plasma dispersion function Z(ζ) = i√π·w(ζ). */
export function plasmaZ(zeta: Complex): Complex {
  const w = faddeeva(zeta);
  const s = Math.sqrt(Math.PI);
  return [-s * w[1], s * w[0]];
}

export function dielectric(omega: Complex, k: number, eq: MaxwellianComponent[]): Complex {
  const out: Complex = [1, 0];
  for (const c of eq) {
    const zeta: Complex = [(omega[0] / k - c.drift) / (Math.SQRT2 * c.vt), omega[1] / k / (Math.SQRT2 * c.vt)];
    const t = cmul(zeta, plasmaZ(zeta));
    const f = c.density / (k * k * c.vt * c.vt);
    out[0] += f * (1 + t[0]);
    out[1] += f * t[1];
  }
  return out;
}

/** Complex secant iteration for a root of g near `guess`; null when it does not converge. */
export function findRoot(g: (w: Complex) => Complex, guess: Complex, tol = 1e-12, maxIter = 100): Complex | null {
  let x0: Complex = guess;
  let x1: Complex = [guess[0] * 1.01 + 1e-3, guess[1] * 1.01 + 1e-3];
  let g0 = g(x0);
  for (let it = 0; it < maxIter; it++) {
    const g1 = g(x1);
    if (!Number.isFinite(g1[0]) || !Number.isFinite(g1[1])) return null;
    const slope = cdiv([g1[0] - g0[0], g1[1] - g0[1]], [x1[0] - x0[0], x1[1] - x0[1]]);
    const step = cdiv(g1, slope);
    const x2: Complex = [x1[0] - step[0], x1[1] - step[1]];
    if (Math.hypot(x2[0] - x1[0], x2[1] - x1[1]) < tol * Math.max(1, Math.hypot(x2[0], x2[1]))) return x2;
    x0 = x1;
    g0 = g1;
    x1 = x2;
  }
  return null;
}

/**
 * The least-damped (or fastest-growing) root with Re ω ≥ 0 found from a spread of starting
 * points around the Bohm–Gross frequency and the beam velocities.
 */
export function dominantMode(k: number, eq: MaxwellianComponent[]): Complex | null {
  const n = eq.reduce((s, c) => s + c.density, 0);
  const vt2 = eq.reduce((s, c) => s + c.density * (c.vt * c.vt + c.drift * c.drift), 0) / n;
  const guesses: Complex[] = [];
  const bg = Math.sqrt(n + 3 * k * k * vt2);
  for (const g of [-0.2, -0.05, 0.05, 0.3]) guesses.push([bg, g], [0.5 * bg, g], [0, g + 0.3]);
  for (const c of eq) for (const g of [0.05, 0.3]) guesses.push([k * c.drift, g], [k * (c.drift - c.vt), g]);
  let best: Complex | null = null;
  for (const g of guesses) {
    const r = findRoot((w) => dielectric(w, k, eq), g);
    if (!r || r[0] < -1e-9 || Math.hypot(...dielectric(r, k, eq)) > 1e-8) continue;
    if (!best || r[1] > best[1] + 1e-9) best = [Math.abs(r[0]) < 1e-9 ? 0 : r[0], r[1]];
  }
  return best;
}
