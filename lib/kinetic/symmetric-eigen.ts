/**
 * Eigendecomposition of a small symmetric matrix (the r×r Galerkin matrices of a low-rank step,
 * r ≈ 4–40, several per time step) by the textbook route of Golub & Van Loan, Matrix
 * Computations, §8.3:
 * 1. Householder reflections reduce A to a tridiagonal T = Qᵀ·A·Q, with Q accumulated;
 * 2. implicit symmetric QR steps with the Wilkinson shift chase a bulge down each unreduced block
 *    of T, rotating the columns of Q along, and split the block wherever an off-diagonal entry
 *    falls below round-off relative to its two diagonal neighbours.
 * The shift makes convergence cubic for almost every matrix, so a step costs about 2–3 sweeps per
 * eigenvalue. All work arrays are allocated once per call; the loops only index into them.
 */
import type { Mat } from './dense.js';
import { abs, hypot, max, sqrt } from './math.js';

/** Sweeps allowed per eigenvalue before we declare non-convergence (typical: 2–3). */
const MAX_SWEEPS_PER_VALUE = 40;
const EPSILON = 2 ** -52;
/** The smallest normal double: an off-diagonal entry below it is zero even between zero diagonals. */
const TINY = 2 ** -1022;

/**
 * Scratch space reused across calls (grown when a larger matrix comes), so a call allocates only
 * what it returns. Safe because nothing here awaits or recurses.
 */
const scratch = { size: -1, w: new Float64Array(0), off: new Float64Array(0), u: new Float64Array(0), p: new Float64Array(0), betas: new Float64Array(0) };

function workspace(n: number): typeof scratch {
  if (n > scratch.size) {
    scratch.size = n;
    scratch.w = new Float64Array(n * n);
    scratch.off = new Float64Array(n);
    scratch.u = new Float64Array(n);
    scratch.p = new Float64Array(n);
    scratch.betas = new Float64Array(n);
  }
  return scratch;
}

/** A = T·diag(λ)·Tᵀ, λ ascending, T's columns orthonormal; only (A + Aᵀ)/2 is used. */
export function symEig(a: Mat): { values: Float64Array; vectors: Mat } {
  const n = a.rows;
  if (a.cols !== n) throw new Error(`symEig: matrix is ${a.rows}x${a.cols}, not square`);
  const q = new Float64Array(n * n);
  const diag = new Float64Array(n);
  if (!allFinite(a.data)) {
    // NaN in, NaN out: a blown-up run must reach the time loop's non-finite check with its step
    // number, not stall here in QR sweeps that can never deflate.
    diag.fill(NaN);
    q.fill(NaN);
    return { values: diag, vectors: { rows: n, cols: n, data: q } };
  }
  const ws = workspace(n);
  lowerSymmetricPart(a, ws.w);
  tridiagonalize(ws.w, n, q, diag, ws.off, ws);
  diagonalizeTridiagonal(diag, ws.off, q, n);
  sortAscending(diag, q, n);
  return { values: diag, vectors: { rows: n, cols: n, data: q } };
}

/** The lower triangle (i ≥ j, column-major) of (A + Aᵀ)/2; the upper one is never read. */
function lowerSymmetricPart(a: Mat, w: Float64Array): void {
  const n = a.rows;
  const src = a.data;
  for (let j = 0; j < n; j++) for (let i = j; i < n; i++) w[j * n + i] = 0.5 * (src[j * n + i]! + src[i * n + j]!);
}

function allFinite(x: ArrayLike<number>): boolean {
  let probe = 0;
  for (let i = 0; i < x.length; i++) probe += x[i]! * 0; // NaN for any NaN or ±Infinity
  return probe === 0;
}

/**
 * Reduces the symmetric matrix held in w's lower triangle to tridiagonal form by reflections
 * H_k = I − β_k·u·uᵀ (u_{k+1} = 1, zero above), each zeroing column k below the subdiagonal, and
 * writes Q = H_0·H_1·…·H_{n−3} into q. Each u is kept in the part of column k it just zeroed,
 * so Q can be formed afterwards from the right end, where H_k only touches the trailing block:
 * 4/3·n³ flops instead of the 2·n³ of multiplying a full Q by each H_k as it comes.
 */
function tridiagonalize(w: Float64Array, n: number, q: Float64Array, diag: Float64Array, off: Float64Array, ws: typeof scratch): void {
  const { u, p, betas } = ws;
  for (let k = 0; k + 2 < n; k++) {
    const col = k * n;
    // Scale by the largest entry so squaring can neither overflow nor underflow.
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale = max(scale, abs(w[col + i]!));
    let tail = 0;
    for (let i = k + 2; i < n; i++) {
      const x = w[col + i]! / scale;
      tail += x * x;
    }
    if (!(tail > 0)) {
      off[k] = w[col + k + 1]!; // already zero below the subdiagonal (or scale = 0)
      betas[k] = 0; // H_k = I
      continue;
    }
    const head = w[col + k + 1]! / scale;
    const sigma = sqrt(head * head + tail);
    // H_k·x = alpha·e1 with alpha's sign opposite to head's, so x − alpha·e1 does not cancel.
    const alpha = head >= 0 ? -sigma : sigma;
    const lead = head - alpha; // |lead| = |head| + σ
    // With u = (x/scale − alpha·e1)/lead: uᵀu = 2σ(σ + |head|)/lead², so β = 2/uᵀu = |lead|/σ.
    const beta = abs(lead) / sigma;
    const inv = 1 / (scale * lead);
    u[k + 1] = 1;
    for (let i = k + 2; i < n; i++) w[col + i] = u[i] = w[col + i]! * inv;
    betas[k] = beta;
    off[k] = alpha * scale;
    // Trailing block B ← H·B·H as the symmetric rank-2 update B − u·rᵀ − r·uᵀ with
    // p = β·B·u and r = p − (β/2)(pᵀu)·u, both on the lower triangle only.
    p.fill(0, k + 1);
    for (let j = k + 1; j < n; j++) {
      const uj = u[j]!;
      const cj = j * n;
      let acc = w[cj + j]! * uj;
      for (let i = j + 1; i < n; i++) {
        const b = w[cj + i]!;
        acc += b * u[i]!;
        p[i] += b * uj;
      }
      p[j] += acc;
    }
    let pu = 0;
    for (let i = k + 1; i < n; i++) {
      p[i] *= beta;
      pu += p[i]! * u[i]!;
    }
    const half = 0.5 * beta * pu;
    for (let i = k + 1; i < n; i++) p[i] -= half * u[i]!;
    for (let j = k + 1; j < n; j++) {
      const uj = u[j]!;
      const rj = p[j]!;
      const cj = j * n;
      for (let i = j; i < n; i++) w[cj + i] -= u[i]! * rj + p[i]! * uj;
    }
  }
  if (n >= 2) off[n - 2] = w[(n - 2) * n + n - 1]!;
  for (let i = 0; i < n; i++) diag[i] = w[i * n + i]!;
  // q = H_0·(H_1·(…·(H_{n−3}·I))): when H_k is applied, q differs from I only in the block
  // k+2.., so rows and columns k+1.. are all that change.
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let k = n - 3; k >= 0; k--) {
    const beta = betas[k]!;
    if (beta === 0) continue;
    const col = k * n;
    for (let j = k + 1; j < n; j++) {
      const cj = j * n;
      let t = q[cj + k + 1]!;
      for (let i = k + 2; i < n; i++) t += w[col + i]! * q[cj + i]!;
      t *= beta;
      q[cj + k + 1] -= t;
      for (let i = k + 2; i < n; i++) q[cj + i] -= t * w[col + i]!;
    }
  }
}

/**
 * Drives the subdiagonal `off` to zero by implicit shifted QR steps on the lowest unreduced
 * block, applying every plane rotation to the columns of q as well. `diag` ends as the
 * eigenvalues (unsorted).
 */
function diagonalizeTridiagonal(diag: Float64Array, off: Float64Array, q: Float64Array, n: number): void {
  let sweeps = 0;
  let hi = n - 1;
  while (hi > 0) {
    // Split T where an off-diagonal entry is negligible next to its diagonal neighbours
    // (GVL 8.3.3's criterion; the tiny absolute floor covers an all-zero neighbourhood).
    for (let i = 0; i < hi; i++) {
      if (abs(off[i]!) <= EPSILON * (abs(diag[i]!) + abs(diag[i + 1]!)) || abs(off[i]!) < TINY) off[i] = 0;
    }
    if (off[hi - 1] === 0) {
      hi--; // diag[hi] has converged
      continue;
    }
    let lo = hi - 1;
    while (lo > 0 && off[lo - 1] !== 0) lo--;
    if (++sweeps > MAX_SWEEPS_PER_VALUE * n) throw new Error(`symEig: no convergence after ${sweeps - 1} QR sweeps (n = ${n})`);
    qrSweep(diag, off, q, n, lo, hi);
  }
}

/**
 * One implicit QR step with the Wilkinson shift on the unreduced block lo..hi: the first rotation
 * is the one that would start the QR factorisation of T − μI; it creates a bulge just below the
 * subdiagonal, which each further rotation pushes one row down until it leaves the block.
 */
function qrSweep(diag: Float64Array, off: Float64Array, q: Float64Array, n: number, lo: number, hi: number): void {
  // μ: the eigenvalue of the trailing 2×2 block closer to its last diagonal entry.
  const b = off[hi - 1]!;
  const delta = 0.5 * (diag[hi - 1]! - diag[hi]!);
  const mu = diag[hi]! - (b * b) / (delta + (delta >= 0 ? 1 : -1) * hyp(delta, b));
  let x = diag[lo]! - mu;
  let z = off[lo]!;
  for (let k = lo; k < hi; k++) {
    // Rotation in the (k, k+1) plane with columns c·e_k + s·e_{k+1} and −s·e_k + c·e_{k+1};
    // (c, s) ∝ (x, z) zeroes the bulge z beside x (for k = lo: aligns with (T − μI)·e_lo).
    const r = hyp(x, z);
    const c = r === 0 ? 1 : x / r;
    const s = r === 0 ? 0 : z / r;
    if (k > lo) off[k - 1] = r;
    const dk = diag[k]!;
    const dk1 = diag[k + 1]!;
    const ek = off[k]!;
    const cs = c * s;
    const cross = 2 * cs * ek;
    diag[k] = c * c * dk + cross + s * s * dk1;
    diag[k + 1] = s * s * dk - cross + c * c * dk1;
    off[k] = cs * (dk1 - dk) + (c * c - s * s) * ek;
    if (k + 1 < hi) {
      // The rotation spreads T[k+2, k+1] into a new bulge at T[k+2, k].
      const f = off[k + 1]!;
      z = s * f;
      off[k + 1] = c * f;
      x = off[k]!;
    }
    const ck = k * n;
    const ck1 = ck + n;
    for (let i = 0; i < n; i++) {
      const a = q[ck + i]!;
      const bb = q[ck1 + i]!;
      q[ck + i] = c * a + s * bb;
      q[ck1 + i] = c * bb - s * a;
    }
  }
}

/**
 * √(a² + b²). Math.hypot guards against overflow and underflow for any number of arguments and
 * is slow for it in V8 (it was ≈ 40% of `qrSweep`'s time, 1.5–2% of a low-rank step at 512²);
 * the plain formula is within an ulp or two of it wherever a² + b² is far from both ends of
 * the double range, and Math.hypot takes the rest.
 */
function hyp(a: number, b: number): number {
  const s = a * a + b * b;
  return s > 1e-290 && s < 1e290 ? sqrt(s) : hypot(a, b);
}

/** Selection sort of the eigenvalues with the matching column swaps (n is small). */
function sortAscending(values: Float64Array, q: Float64Array, n: number): void {
  for (let i = 0; i + 1 < n; i++) {
    let m = i;
    for (let j = i + 1; j < n; j++) if (values[j]! < values[m]!) m = j;
    if (m === i) continue;
    const v = values[i]!;
    values[i] = values[m]!;
    values[m] = v;
    for (let r = 0; r < n; r++) {
      const t = q[i * n + r]!;
      q[i * n + r] = q[m * n + r]!;
      q[m * n + r] = t;
    }
  }
}
