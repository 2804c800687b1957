import type { Complex } from '../../../lib/kinetic/dispersion.js';

// Bound once: `Math.exp` in the 20 000-point loop is a slow global lookup under jest's vm context.
const { exp, sqrt, PI } = Math;
const NORM = 1 / sqrt(2 * PI);
const maxwellian = (u: number) => NORM * exp((-u * u) / 2);

/**
 * An independent oracle for a growing mode (Im ω > 0): ε(ω) = 1 − (1/k²)·∫ f0'(v)/(v − ω/k) dv by
 * plain composite Simpson quadrature (the integrand is smooth off the real axis), for
 * f0 = ½·(M(v − v0) + M(v + v0)).
 */
export function twoStreamEpsilon(omega: Complex, k: number, v0: number): Complex {
  const n = 20000;
  const a = -v0 - 12;
  const b = v0 + 12;
  const h = (b - a) / n;
  const c: Complex = [omega[0] / k, omega[1] / k];
  let re = 0;
  let im = 0;
  for (let i = 0; i <= n; i++) {
    const v = a + i * h;
    const df = 0.5 * (-(v - v0) * maxwellian(v - v0) - (v + v0) * maxwellian(v + v0));
    const dr = v - c[0];
    const di = -c[1];
    const den = dr * dr + di * di;
    const wgt = (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * (h / 3);
    re += wgt * (df * dr) / den;
    im += wgt * (-df * di) / den;
  }
  return [1 - re / (k * k), -im / (k * k)];
}
