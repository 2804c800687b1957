/**
 * Time stepping for the low-rank sub-steps y' = A·y + N(y), where A (transport) has an exact,
 * cheap flow and N (the field term) is mildly stiff at most.
 */
import { axpy, type Mat } from './dense.js';

/**
 * Sub-steps that keep dt/n times the spectral-radius bound of N inside RK4's stability region
 * on the imaginary axis (|z| ≤ 2√2; 2 leaves margin).
 */
export function substeps(dt: number, radiusBound: number, limit = 2): number {
  if (!Number.isFinite(radiusBound)) return 1;
  return Math.max(1, Math.min(10000, Math.ceil((dt * radiusBound) / limit)));
}

/**
 * One integrating-factor (Lawson) RK4 step for y' = A·y + N(y) with the exact flow of A:
 * 4th order; quantities that the flow of A keeps (x-averages under transport) change only
 * through N, as in the continuous equation.
 */
export function lawsonRk4(y: Mat, N: (y: Mat) => Mat, flow: (y: Mat, tau: number) => Mat, h: number): Mat {
  const lin = (a: Mat, s: number, b: Mat): Mat => axpy(a, s, b);
  const a = flow(y, h / 2);
  const k1 = N(y);
  const b = flow(k1, h / 2);
  const k2 = N(lin(a, h / 2, b));
  const k3 = N(lin(a, h / 2, k2));
  const k4 = N(flow(lin(a, h, k3), h / 2));
  const acc = lin(lin(b, 2, k2), 2, k3);
  return lin(flow(lin(a, h / 6, acc), h / 2), h / 6, k4);
}
