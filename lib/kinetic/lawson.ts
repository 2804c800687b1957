/**
 * Time stepping for the low-rank sub-steps y' = A·y + N(y), where A (transport) has an exact,
 * cheap flow and N (the field term) is mildly stiff at most.
 *
 * Two integrating-factor (Lawson) schemes share one interface: RK4 (4 evaluations of N and 4
 * flows per step) and the second-order Lawson–Heun scheme (2 and 2). The augmented BUG step
 * around them is first order in dt, so the sub-steps' order is not what limits the step's
 * accuracy; `rk2` halves their work (docs/techniques/vlasov.md has the measured comparison).
 */

/** Which Lawson scheme integrates the sub-steps. */
export type SubstepScheme = 'rk4' | 'rk2';

/** out = N(y) (out never aliases y). */
export type Rhs = (y: Float64Array, out: Float64Array) => void;
/** y ← exp(τ·A)·y in place. */
export type Flow = (y: Float64Array, tau: number) => void;

export interface LawsonIntegrator {
  readonly size: number;
  /**
   * The one flow time the scheme uses, as a fraction of its step h (RK4: h/2, Lawson–Heun: h):
   * a caller can tabulate the flow for exactly that time.
   */
  readonly flowFraction: number;
  /**
   * Advances y (length `size`) in place by h. The first evaluation of N is at y itself, before
   * anything changes it (the sub-steps reuse the start state's field there).
   */
  step(y: Float64Array, h: number, N: Rhs, flow: Flow): void;
}

/**
 * Bound on h·(spectral radius of N's Jacobian) per step. Both bounds leave margin inside the
 * imaginary-axis reach of the scheme: RK4 is stable for |z| ≤ 2√2; Heun's |R(iy)|² = 1 + y⁴/4
 * exceeds 1 anywhere on the axis, so its bound keeps the growth at the (pessimistic) bound
 * below 1 + 1/8 per step — y⁴/8 ≈ 6e-6 per step for the plasma oscillation at ω·dt = 0.07.
 */
const RADIUS_LIMIT: Record<SubstepScheme, number> = { rk4: 2, rk2: 1 };

/**
 * Sub-steps that keep dt/n times the spectral-radius bound of N inside the scheme's limit on
 * the imaginary axis (`RADIUS_LIMIT`).
 */
export function substeps(dt: number, radiusBound: number, scheme: SubstepScheme = 'rk4'): number {
  if (!Number.isFinite(radiusBound)) return 1;
  return Math.max(1, Math.min(10000, Math.ceil((dt * radiusBound) / RADIUS_LIMIT[scheme])));
}

/**
 * Integrating-factor (Lawson) RK4 for y' = A·y + N(y) with the exact flow of A: 4th order;
 * quantities that the flow of A keeps (x-averages under transport) change only through N, as
 * in the continuous equation. The transport is exact, so A imposes no step-size limit (only N
 * does, see `substeps`). The work buffers belong to the instance: a step allocates nothing.
 */
export class LawsonRk4 implements LawsonIntegrator {
  readonly flowFraction = 0.5;
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

/**
 * Lawson–Heun ("Lawson2b", Hochbruck & Ostermann 2010, Acta Numerica §2.5): with a = e^{hA}·y
 * and b = e^{hA}·N(y),
 *   ỹ = a + h·b,   y ← a + (h/2)·(b + N(ỹ)),
 * 2nd order, two evaluations of N and two flows by the full h. Like RK4's, its flows keep what
 * the transport keeps, so the conservation properties of the sub-steps are the same.
 */
export class LawsonRk2 implements LawsonIntegrator {
  readonly flowFraction = 1;
  private readonly k: Float64Array;
  private readonly t: Float64Array;

  constructor(readonly size: number) {
    this.k = new Float64Array(size);
    this.t = new Float64Array(size);
  }

  step(y: Float64Array, h: number, N: Rhs, flow: Flow): void {
    const { k, t } = this;
    const n = this.size;
    const h2 = h / 2;
    N(y, k);
    flow(k, h); // b
    flow(y, h); // a
    for (let i = 0; i < n; i++) t[i] = y[i]! + h * k[i]!;
    for (let i = 0; i < n; i++) y[i] += h2 * k[i]!;
    N(t, k);
    for (let i = 0; i < n; i++) y[i] += h2 * k[i]!;
  }
}

export function lawsonIntegrator(scheme: SubstepScheme, size: number): LawsonIntegrator {
  return scheme === 'rk2' ? new LawsonRk2(size) : new LawsonRk4(size);
}
