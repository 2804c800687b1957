/**
 * Conservation errors of a run: the largest deviation from the initial value over the recorded
 * steps, relative to the initial mass / total energy. The momentum starts near zero in every
 * benchmark here, so its error is relative to the momentum scale Σ|v|·f at t = 0 instead.
 */
import type { KineticSeries } from './types.js';

export interface ConservationErrors {
  mass: number;
  momentum: number;
  energy: number;
  /** Per-record relative errors, for plotting. */
  massSeries: Float64Array;
  momentumSeries: Float64Array;
  energySeries: Float64Array;
}

export function relativeErrors(s: KineticSeries, momentumScale: number): ConservationErrors {
  const n = s.t.length;
  const rel = (a: Float64Array, scale: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]! - a[0]!) / scale;
    return out;
  };
  const massSeries = rel(s.mass, Math.abs(s.mass[0]!));
  const momentumSeries = rel(s.momentum, momentumScale);
  const energySeries = rel(s.energy, Math.abs(s.energy[0]!));
  const max = (a: Float64Array): number => a.reduce((m, x) => Math.max(m, x), 0);
  return { mass: max(massSeries), momentum: max(momentumSeries), energy: max(energySeries), massSeries, momentumSeries, energySeries };
}
