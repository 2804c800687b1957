/**
 * Thin SVD of the small coefficient matrices of the low-rank step by one-sided (Hestenes)
 * Jacobi rotations: accurate to round-off in every singular value, including the tiny ones
 * that the truncation decides about.
 */
import { zeros, type Mat } from './dense.js';
import { abs, sign, sqrt } from './math.js';

/** Thin SVD A = U·diag(s)·Vᵀ (s descending) by one-sided Jacobi on the columns of A. */
export function svd(a: Mat): { U: Mat; s: Float64Array; V: Mat } {
  if (a.rows < a.cols) {
    const t = svd(transposeOf(a));
    return { U: t.V, s: t.s, V: t.U };
  }
  const m = a.rows;
  const n = a.cols;
  const W = a.data.slice();
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        // Two partial sums each: one running sum waits on every addition's latency (orth.ts).
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        let alpha1 = 0;
        let beta1 = 0;
        let gamma1 = 0;
        const po = p * m;
        const qo = q * m;
        let k = 0;
        for (; k + 1 < m; k += 2) {
          const wp = W[po + k]!;
          const wq = W[qo + k]!;
          const wp1 = W[po + k + 1]!;
          const wq1 = W[qo + k + 1]!;
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
          alpha1 += wp1 * wp1;
          beta1 += wq1 * wq1;
          gamma1 += wp1 * wq1;
        }
        if (k < m) {
          const wp = W[po + k]!;
          const wq = W[qo + k]!;
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        alpha += alpha1;
        beta += beta1;
        gamma += gamma1;
        if (gamma === 0 || abs(gamma) <= 1e-15 * sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = sign(zeta || 1) / (abs(zeta) + sqrt(1 + zeta * zeta));
        const c = 1 / sqrt(1 + t * t);
        const s = c * t;
        for (let k = 0; k < m; k++) {
          const wp = W[p * m + k]!;
          const wq = W[q * m + k]!;
          W[p * m + k] = c * wp - s * wq;
          W[q * m + k] = s * wp + c * wq;
        }
        for (let k = 0; k < n; k++) {
          const vp = V[p * n + k]!;
          const vq = V[q * n + k]!;
          V[p * n + k] = c * vp - s * vq;
          V[q * n + k] = s * vp + c * vq;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < m; k++) s += W[j * m + k]! ** 2;
    return sqrt(s);
  });
  const order = norms.map((_, j) => j).sort((x, y) => norms[y]! - norms[x]!);
  const U = zeros(m, n);
  const Vs = zeros(n, n);
  const s = new Float64Array(n);
  order.forEach((j, r) => {
    s[r] = norms[j]!;
    for (let k = 0; k < m; k++) U.data[r * m + k] = norms[j]! > 0 ? W[j * m + k]! / norms[j]! : 0;
    for (let k = 0; k < n; k++) Vs.data[r * n + k] = V[j * n + k]!;
  });
  return { U, s, V: Vs };
}

function transposeOf(a: Mat): Mat {
  const t = zeros(a.cols, a.rows);
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) t.data[i * a.cols + j] = a.data[j * a.rows + i]!;
  return t;
}
