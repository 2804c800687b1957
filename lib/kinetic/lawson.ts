/**
 * Time stepping for the low-rank sub-steps y' = A·y + N(y), where A (transport) has an exact,
 * cheap flow and N (the field term) is mildly stiff at most.
 */

/**
 * Sub-steps that keep dt/n times the spectral-radius bound of N inside RK4's stability region
 * on the imaginary axis (|z| ≤ 2√2; 2 leaves margin).
 */
export function substeps(dt: number, radiusBound: number, limit = 2): number {
  if (!Number.isFinite(radiusBound)) return 1;
  return Math.max(1, Math.min(10000, Math.ceil((dt * radiusBound) / limit)));
}

/** out = N(y) (out never aliases y). */
export type Rhs = (y: Float64Array, out: Float64Array) => void;
/** y ← exp(τ·A)·y in place. */
export type Flow = (y: Float64Array, tau: number) => void;

/**
 * Integrating-factor (Lawson) RK4 for y' = A·y + N(y) with the exact flow of A: 4th order;
 * quantities that the flow of A keeps (x-averages under transport) change only through N, as
 * in the continuous equation. The transport is exact, so A imposes no step-size limit (only N
 * does, see `substeps`). The work buffers belong to the instance: a step allocates nothing.
 */
export class LawsonRk4 {
  private readonly a: Float64Array;
  private readonly k: Float64Array;
  private readonly acc: Float64Array;
  private readonly t: Float64Array;

  constructor(readonly size: number) {
    this.a = new Float64Array(size);
    this.k = new Float64Array(size);
    this.acc = new Float64Array(size);
    this.t = new Float64Array(size);
  }

  /** Advances y (length `size`) in place by h. */
  step(y: Float64Array, h: number, N: Rhs, flow: Flow): void {
    const { a, k, acc, t } = this;
    const n = this.size;
    const h2 = h / 2;
    a.set(y);
    flow(a, h2); // a = e^{hA/2} y
    N(y, k);
    flow(k, h2); // b = e^{hA/2} k1
    for (let i = 0; i < n; i++) {
      acc[i] = k[i]!;
      t[i] = a[i]! + h2 * k[i]!;
    }
    N(t, k); // k2
    for (let i = 0; i < n; i++) {
      acc[i] += 2 * k[i]!;
      t[i] = a[i]! + h2 * k[i]!;
    }
    N(t, k); // k3
    for (let i = 0; i < n; i++) {
      acc[i] += 2 * k[i]!;
      t[i] = a[i]! + h * k[i]!;
    }
    flow(t, h2);
    N(t, k); // k4
    const h6 = h / 6;
    for (let i = 0; i < n; i++) y[i] = a[i]! + h6 * acc[i]!;
    flow(y, h2);
    for (let i = 0; i < n; i++) y[i] += h6 * k[i]!;
  }
}
