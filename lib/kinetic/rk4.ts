/**
 * Classical RK4 on a flat Float64Array state, sub-cycled so that dt/n times the spectral-radius
 * bound stays inside RK4's stability region on the imaginary axis (|z| ≤ 2√2; 2 leaves margin).
 * The low-rank sub-steps are small systems, so sub-cycling costs little and no step size the
 * user picks can make them explode.
 */
export type Rhs = (y: Float64Array, out: Float64Array) => void;

export function substeps(dt: number, radiusBound: number, limit = 2): number {
  if (!Number.isFinite(radiusBound)) return 1;
  return Math.max(1, Math.min(10000, Math.ceil((dt * radiusBound) / limit)));
}

export function rk4(y: Float64Array, rhs: Rhs, dt: number, n = 1): Float64Array {
  const len = y.length;
  const k1 = new Float64Array(len);
  const k2 = new Float64Array(len);
  const k3 = new Float64Array(len);
  const k4 = new Float64Array(len);
  const tmp = new Float64Array(len);
  let cur = Float64Array.from(y);
  const h = dt / n;
  for (let s = 0; s < n; s++) {
    rhs(cur, k1);
    for (let i = 0; i < len; i++) tmp[i] = cur[i]! + 0.5 * h * k1[i]!;
    rhs(tmp, k2);
    for (let i = 0; i < len; i++) tmp[i] = cur[i]! + 0.5 * h * k2[i]!;
    rhs(tmp, k3);
    for (let i = 0; i < len; i++) tmp[i] = cur[i]! + h * k3[i]!;
    rhs(tmp, k4);
    const next = new Float64Array(len);
    for (let i = 0; i < len; i++) next[i] = cur[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    cur = next;
  }
  return cur;
}
