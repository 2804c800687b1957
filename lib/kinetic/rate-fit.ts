/**
 * The exponential rate of the electric-field amplitude |E|(t) = ‖E‖₂ over a time window, the
 * standard way: a least-squares line through log|E| at its local maxima (the oscillation of a
 * Landau-damped wave would otherwise bias the slope). A purely growing mode (two-stream) has no
 * interior maxima; with fewer than three, the line goes through every sample in the window.
 */

export interface RateFit {
  /** Fitted d log|E| / dt: negative for damping, positive for growth. */
  rate: number;
  intercept: number;
  /** Points used, and whether they were local maxima. */
  points: number;
  usedMaxima: boolean;
  /** The (t, |E|) points the line was fitted to. */
  t: number[];
  amp: number[];
}

export function lineFit(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export function fieldAmplitude(electricEnergy: ArrayLike<number>): Float64Array {
  const a = new Float64Array(electricEnergy.length);
  for (let i = 0; i < a.length; i++) a[i] = Math.sqrt(2 * electricEnergy[i]!);
  return a;
}

export function fitFieldRate(t: ArrayLike<number>, amp: ArrayLike<number>, from: number, to: number): RateFit {
  const ts: number[] = [];
  const as: number[] = [];
  for (let i = 1; i + 1 < t.length; i++) {
    const ti = t[i]!;
    if (ti < from || ti > to) continue;
    if (amp[i]! > amp[i - 1]! && amp[i]! >= amp[i + 1]!) {
      ts.push(ti);
      as.push(amp[i]!);
    }
  }
  let usedMaxima = ts.length >= 3;
  if (!usedMaxima) {
    ts.length = 0;
    as.length = 0;
    for (let i = 0; i < t.length; i++) {
      if (t[i]! >= from && t[i]! <= to && amp[i]! > 0) {
        ts.push(t[i]!);
        as.push(amp[i]!);
      }
    }
    usedMaxima = false;
  }
  if (ts.length < 2) throw new Error(`the fit window ${from}..${to} holds fewer than two samples`);
  const { slope, intercept } = lineFit(ts, as.map(Math.log));
  return { rate: slope, intercept, points: ts.length, usedMaxima, t: ts, amp: as };
}
