/**
 * How far apart two electric-energy curves are "to plotting accuracy" on a log axis: the largest
 * |log10 W_a − log10 W_b| in decades, taken at the local maxima of the reference curve a (what
 * the eye follows on a log plot of an oscillating field; between peaks W dips towards zero and
 * any log distance there is meaningless), or at every common time when a has no interior
 * maxima (a purely growing mode). b is sampled at a's times by linear interpolation.
 */
import type { KineticSeries } from './types.js';

function interpolate(s: KineticSeries, t: number): number {
  const ts = s.t;
  if (t <= ts[0]!) return s.electricEnergy[0]!;
  let lo = 0;
  let hi = ts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! <= t) lo = mid;
    else hi = mid;
  }
  const w = (t - ts[lo]!) / (ts[hi]! - ts[lo]! || 1);
  return (1 - w) * s.electricEnergy[lo]! + w * s.electricEnergy[hi]!;
}

export function curveDeviation(a: KineticSeries, b: KineticSeries): number {
  const W = a.electricEnergy;
  const tEnd = Math.min(a.t[a.t.length - 1]!, b.t[b.t.length - 1]!);
  let idx: number[] = [];
  for (let i = 1; i + 1 < W.length; i++) if (W[i]! > W[i - 1]! && W[i]! >= W[i + 1]! && a.t[i]! <= tEnd) idx.push(i);
  if (idx.length < 3) idx = Array.from({ length: W.length }, (_, i) => i).filter((i) => a.t[i]! <= tEnd);
  let worst = 0;
  for (const i of idx) {
    const wa = W[i]!;
    const wb = interpolate(b, a.t[i]!);
    if (wa > 0 && wb > 0) worst = Math.max(worst, Math.abs(Math.log10(wa) - Math.log10(wb)));
    else if (wa > 0 !== wb > 0) worst = Infinity;
  }
  return worst;
}
