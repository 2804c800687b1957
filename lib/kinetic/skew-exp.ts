/** The exponential of a small skew-symmetric matrix, applied to vectors. */
import { mul, type Mat } from './dense.js';
import { symEig } from './symmetric-eigen.js';
import { cos, max, sin, sqrt } from './math.js';

/**
 * exp(τ·A) for a real skew-symmetric A without complex arithmetic: with −A² = P·diag(μ²)·Pᵀ
 * (symmetric, positive semidefinite) and A commuting with A²,
 *   exp(τA) = P·cos(τμ)·Pᵀ + A·P·(sin(τμ)/μ)·Pᵀ.
 */
export class SkewExp {
  private readonly P: Float64Array;
  private readonly mu: Float64Array;
  private readonly c: Float64Array;
  private readonly s: Float64Array;
  private readonly w: Float64Array;

  constructor(private readonly A: Mat) {
    const m2 = mul(A, A);
    for (let i = 0; i < m2.data.length; i++) m2.data[i] = -m2.data[i]!;
    const { values, vectors } = symEig(m2);
    this.P = vectors.data;
    this.mu = values.map((x) => sqrt(max(0, x)));
    const n = A.rows;
    this.c = new Float64Array(n);
    this.s = new Float64Array(n);
    this.w = new Float64Array(n);
  }

  /**
   * exp(τ_i·A) for a fixed list of τ_i, with the cos/sin factors tabulated once: a Lawson step
   * applies the same half-step flows four times.
   */
  rotations(taus: ArrayLike<number>): (i: number, y: ArrayLike<number>, out: Float64Array) => Float64Array {
    const n = this.A.rows;
    const cosT = new Float64Array(taus.length * n);
    const sinT = new Float64Array(taus.length * n);
    for (let i = 0; i < taus.length; i++) {
      for (let k = 0; k < n; k++) {
        const m = this.mu[k]!;
        const t = taus[i]!;
        cosT[i * n + k] = cos(t * m);
        sinT[i * n + k] = m > 1e-300 ? sin(t * m) / m : t;
      }
    }
    return (i, y, out) => this.applyFactors(cosT, sinT, i * n, y, out);
  }

  /** out = exp(τA)·y for vectors of length n (out may not alias y). */
  apply(tau: number, y: ArrayLike<number>, out: Float64Array = new Float64Array(this.A.rows)): Float64Array {
    return this.rotations([tau])(0, y, out);
  }

  private applyFactors(cosT: Float64Array, sinT: Float64Array, off: number, y: ArrayLike<number>, out: Float64Array): Float64Array {
    const n = this.A.rows;
    const { P, c, s, w } = this;
    for (let k = 0; k < n; k++) {
      let dot = 0;
      const o = k * n;
      for (let i = 0; i < n; i++) dot += P[o + i]! * y[i]!;
      c[k] = cosT[off + k]! * dot;
      s[k] = sinT[off + k]! * dot;
    }
    out.fill(0);
    w.fill(0);
    for (let k = 0; k < n; k++) {
      const ck = c[k]!;
      const sk = s[k]!;
      const o = k * n;
      for (let i = 0; i < n; i++) {
        out[i] += P[o + i]! * ck;
        w[i] += P[o + i]! * sk;
      }
    }
    const Ad = this.A.data;
    for (let k = 0; k < n; k++) {
      const wk = w[k]!;
      const o = k * n;
      for (let i = 0; i < n; i++) out[i] += Ad[o + i]! * wk;
    }
    return out;
  }
}
