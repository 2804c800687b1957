/**
 * Real Schur form of a small skew-symmetric matrix, A = Q·B·Qᵀ with Q orthogonal and B block
 * diagonal: 2×2 blocks [[0, −μ], [μ, 0]] (μ > 0) followed by one block A_Z = Qᵀ_Z·A·Q_Z for
 * the (near-)null space. exp(θ·A) is then a plane rotation by θ·μ in each pair and a short
 * Taylor series on the null block, so applying it to a vector costs O(n), not the O(n²) of a
 * dense exponential — which is what the L-step needs, with a different θ = −v·τ on every row.
 *
 * Construction from the symmetric PSD matrix −A² = P·diag(μ²)·Pᵀ (symmetric-eigen.ts): for an
 * eigenvector p with μ well above round-off, q = A·p/μ is a unit eigenvector of the same μ²
 * with A·p = μ·q and A·q = −μ·p; eigenvectors already spanned by earlier pairs (the partner of
 * each pair, and degenerate clusters such as the cos/sin pairs of Fourier modes) are skipped.
 * Pairs with μ ≤ NULL_REL·‖A‖ go into the null block instead: their partner q would carry a
 * relative error ε·‖A‖/μ, while on the null block the series converges in a few terms.
 */
import type { Mat } from './dense.js';
import { symEig } from './symmetric-eigen.js';
import { abs, cos, max, sin, sqrt } from './math.js';

const NULL_REL = 1e-4;
/** tabulate's exact cos/sin every ANCHOR rows of evenly spaced angles. */
const ANCHOR = 16;

/** Whether θ_i − θ_{i−1} = step for all i to within a few ulps of the largest |θ|. */
function evenlySpaced(thetas: ArrayLike<number>, step: number): boolean {
  let scale = 0;
  for (let i = 0; i < thetas.length; i++) scale = max(scale, abs(thetas[i]!));
  const tol = 4 * Number.EPSILON * scale;
  for (let i = 1; i < thetas.length; i++) if (!(abs(thetas[i]! - thetas[i - 1]! - step) <= tol)) return false;
  return true;
}

export class SkewSchur {
  readonly n: number;
  /** Columns: the pairs (p_k, q_k) for k < pairs, then the null-block basis. */
  readonly Q: Mat;
  readonly mu: Float64Array;
  readonly pairs: number;
  /** A_Z (z×z, column-major) on the last z = n − 2·pairs columns of Q. */
  private readonly az: Float64Array;
  private readonly z: number;
  private readonly zt: Float64Array;
  private readonly zs: Float64Array;

  constructor(A: Mat) {
    const n = A.rows;
    this.n = n;
    const a = A.data;
    // −A² = AᵀA for a skew A: a Gram matrix of columns (contiguous dots, one triangle).
    const m2: Mat = { rows: n, cols: n, data: new Float64Array(n * n) };
    for (let j = 0; j < n; j++) {
      for (let i = 0; i <= j; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k]! * a[j * n + k]!;
        m2.data[j * n + i] = s;
        m2.data[i * n + j] = s;
      }
    }
    const { values, vectors } = symEig(m2);
    let norm = 0;
    for (let i = 0; i < n * n; i++) norm += a[i]! * a[i]!;
    norm = sqrt(norm);
    // All candidate vectors (n eigenvectors, and ap and q for at most n/2 pairs) as views of one
    // buffer: one allocation instead of up to 2n small ones per construction (two a step).
    const store = new Float64Array(2 * n * n);
    let used = 0;
    const take = (): Float64Array => store.subarray(n * used, n * ++used);
    const chosen: Float64Array[] = [];
    const mu: number[] = [];
    const nulls: Float64Array[] = [];
    /** Every vector taken so far (pairs and null vectors), to orthogonalise against. */
    const taken: Float64Array[] = [];
    // One Gram–Schmidt pass, a second only if the first cancelled most of u: the candidates
    // are eigenvectors, already orthogonal to everything outside their own cluster.
    const orthAgainst = (u: Float64Array): number => {
      let before = 0;
      for (let i = 0; i < n; i++) before += u[i]! * u[i]!;
      before = sqrt(before);
      let after = before;
      for (let pass = 0; pass < 2; pass++) {
        for (let b = 0; b < taken.length; b++) {
          const v = taken[b]!;
          let d = 0;
          for (let i = 0; i < n; i++) d += v[i]! * u[i]!;
          for (let i = 0; i < n; i++) u[i] -= d * v[i]!;
        }
        after = 0;
        for (let i = 0; i < n; i++) after += u[i]! * u[i]!;
        after = sqrt(after);
        if (after >= Math.SQRT1_2 * before) break;
        before = after;
      }
      return after;
    };
    // Largest μ first: those pairs are the most accurate.
    for (let e = n - 1; e >= 0; e--) {
      const p = take();
      p.set(vectors.data.subarray(e * n, (e + 1) * n));
      const np = orthAgainst(p);
      if (!(np >= 0.5)) {
        if (Number.isNaN(np)) nulls.push(p); // NaN in, NaN out (the time loop reports it)
        continue; // already spanned
      }
      for (let i = 0; i < n; i++) p[i] /= np;
      const m = sqrt(max(0, values[e]!));
      if (!(m > NULL_REL * norm) || chosen.length + 2 > n) {
        nulls.push(p);
        taken.push(p);
        continue;
      }
      taken.push(p);
      const ap = take(); // zero: fresh from the buffer
      for (let k = 0; k < n; k++) {
        const pk = p[k]!;
        for (let i = 0; i < n; i++) ap[i] += a[k * n + i]! * pk;
      }
      const q = take();
      q.set(ap);
      const nq = orthAgainst(q);
      for (let i = 0; i < n; i++) q[i] /= nq;
      taken.push(q);
      // The block entry that makes Q·B·Qᵀ the best fit to A on span(p, q): μ = qᵀ·A·p.
      let qap = 0;
      for (let i = 0; i < n; i++) qap += q[i]! * ap[i]!;
      chosen.push(p, q);
      mu.push(qap);
    }
    this.pairs = mu.length;
    this.mu = Float64Array.from(mu);
    const cols = chosen.concat(nulls);
    if (cols.length !== n) throw new Error(`SkewSchur: found ${cols.length} of ${n} basis vectors`);
    this.Q = { rows: n, cols: n, data: new Float64Array(n * n) };
    cols.forEach((c, j) => this.Q.data.set(c, j * n));
    const z = nulls.length;
    this.z = z;
    this.az = new Float64Array(z * z);
    // Aᵀ·Z_i once per i (z·n² instead of z²·n²), then its dot with each Z_j.
    const atz = new Float64Array(n);
    for (let i = 0; i < z; i++) {
      const zi = nulls[i]!;
      for (let k = 0; k < n; k++) {
        let t = 0;
        for (let l = 0; l < n; l++) t += a[k * n + l]! * zi[l]!;
        atz[k] = t;
      }
      for (let j = 0; j < z; j++) {
        const zj = nulls[j]!;
        let s = 0;
        for (let k = 0; k < n; k++) s += atz[k]! * zj[k]!;
        this.az[j * z + i] = s; // Z_iᵀ·A·Z_j, as (Aᵀ·Z_i)·Z_j
      }
    }
    for (let j = 0; j < z; j++) {
      for (let i = 0; i < j; i++) {
        const s = 0.5 * (this.az[j * z + i]! - this.az[i * z + j]!);
        this.az[j * z + i] = s;
        this.az[i * z + j] = -s;
      }
      this.az[j * z + j] = 0;
    }
    this.zt = new Float64Array(z);
    this.zs = new Float64Array(z);
  }

  /**
   * y ← exp(θ·B)·y in place, for y given in the Schur basis (coordinates yᵢ = Qᵀ·x), read and
   * written with a stride: element i is y[off + i·stride].
   */
  rotate(theta: number, y: Float64Array, off = 0, stride = 1): void {
    this.rotatePairs(y, off, stride, theta, null, 0);
    this.rotateNull(theta, y, off, stride);
  }

  /**
   * cos/sin(θ_i·μ_k) for a fixed list of angles θ_i (a Lawson step applies the same half-step
   * flow four times), for `rotateTabulated`.
   */
  tabulate(thetas: ArrayLike<number>, out?: Float64Array): Float64Array {
    const np = this.pairs;
    const cnt = thetas.length;
    // Every entry is written below, so a reused `out` (at least 2·pairs·count long) needs no clearing.
    const tab = out ?? new Float64Array(2 * np * cnt);
    const step = cnt > 1 ? thetas[1]! - thetas[0]! : 0;
    if (cnt > 2 && evenlySpaced(thetas, step)) {
      // θ_i = θ_{i−1} + step to round-off (the L-step's angles −v_l·τ on the uniform v grid):
      // each row's factors are the previous row's times e^{i·step·μ_k}, with exact cos/sin
      // every ANCHOR rows so the round-off stays ~ANCHOR·ε — 1/ANCHOR of the cos/sin calls
      // (as spectral.ts's phases).
      for (let k = 0; k < np; k++) {
        const mu = this.mu[k]!;
        const cd = cos(step * mu);
        const sd = sin(step * mu);
        let c = 1;
        let sn = 0;
        for (let i = 0; i < cnt; i++) {
          if (i % ANCHOR === 0) {
            c = cos(thetas[i]! * mu);
            sn = sin(thetas[i]! * mu);
          } else {
            const t = c * cd - sn * sd;
            sn = sn * cd + c * sd;
            c = t;
          }
          tab[2 * (i * np + k)] = c;
          tab[2 * (i * np + k) + 1] = sn;
        }
      }
      return tab;
    }
    for (let i = 0; i < cnt; i++) {
      for (let k = 0; k < np; k++) {
        const ang = thetas[i]! * this.mu[k]!;
        tab[2 * (i * np + k)] = cos(ang);
        tab[2 * (i * np + k) + 1] = sin(ang);
      }
    }
    return tab;
  }

  /** rotate(thetas[i], …) with the factors from tabulate(thetas). */
  rotateTabulated(tab: Float64Array, i: number, theta: number, y: Float64Array, off = 0, stride = 1): void {
    this.rotatePairs(y, off, stride, 0, tab, 2 * i * this.pairs);
    this.rotateNull(theta, y, off, stride);
  }

  /**
   * rotateTabulated(tab, l, thetas[l], y, l, rows) for every row l of a column-major
   * rows×n panel y: the pair rotations column pair by column pair (contiguous runs down the
   * columns instead of one strided visit per row), then the null block row by row. Each entry
   * sees the same operations as row by row, so the result is bit-identical.
   */
  rotateRowsTabulated(tab: Float64Array, thetas: ArrayLike<number>, y: Float64Array, rows: number): void {
    const np = this.pairs;
    for (let k = 0; k < np; k++) {
      const p0 = 2 * k * rows;
      const q0 = p0 + rows;
      for (let l = 0, t = 2 * k; l < rows; l++, t += 2 * np) {
        const c = tab[t]!;
        const sn = tab[t + 1]!;
        const yp = y[p0 + l]!;
        const yq = y[q0 + l]!;
        y[p0 + l] = c * yp - sn * yq;
        y[q0 + l] = sn * yp + c * yq;
      }
    }
    if (this.z > 0) for (let l = 0; l < rows; l++) this.rotateNull(thetas[l]!, y, l, rows);
  }

  private rotatePairs(y: Float64Array, off: number, stride: number, theta: number, tab: Float64Array | null, t0: number): void {
    for (let k = 0; k < this.pairs; k++) {
      let c: number;
      let s: number;
      if (tab) {
        c = tab[t0 + 2 * k]!;
        s = tab[t0 + 2 * k + 1]!;
      } else {
        const ang = theta * this.mu[k]!;
        c = cos(ang);
        s = sin(ang);
      }
      const ip = off + 2 * k * stride;
      const iq = ip + stride;
      const yp = y[ip]!;
      const yq = y[iq]!;
      y[ip] = c * yp - s * yq;
      y[iq] = s * yp + c * yq;
    }
  }

  private rotateNull(theta: number, y: Float64Array, off: number, stride: number): void {
    const z = this.z;
    if (z === 0) return;
    // Taylor series of exp(θ·A_Z): ‖θ·A_Z‖ is tiny, so a few terms reach round-off.
    const base = off + 2 * this.pairs * stride;
    const t = this.zt;
    const s = this.zs;
    let scale = 0;
    for (let i = 0; i < z; i++) {
      t[i] = y[base + i * stride]!;
      scale = max(scale, Math.abs(t[i]!));
    }
    for (let term = 1; term < 30; term++) {
      let size = 0;
      for (let i = 0; i < z; i++) {
        let acc = 0;
        for (let j = 0; j < z; j++) acc += this.az[j * z + i]! * t[j]!;
        s[i] = (theta / term) * acc;
        size = max(size, Math.abs(s[i]!));
      }
      for (let i = 0; i < z; i++) {
        t[i] = s[i]!;
        y[base + i * stride] += s[i]!;
      }
      if (!(size > 1e-17 * scale)) break;
    }
  }

  /** exp(τ·A)·x for a vector in the original coordinates (tests, small uses). */
  apply(tau: number, x: ArrayLike<number>): Float64Array {
    const n = this.n;
    const Q = this.Q.data;
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += Q[j * n + i]! * x[i]!;
      y[j] = s;
    }
    this.rotate(tau, y);
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) out[i] += Q[j * n + i]! * y[j]!;
    return out;
  }
}
