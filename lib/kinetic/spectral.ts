/**
 * Fourier operations on real periodic samples (fft.js, radix-4, power-of-two sizes).
 *
 * Every operator here is real (its multiplier m satisfies m(−k) = conj m(k), with a real value at
 * the Nyquist mode), so two real signals can be packed as one complex signal a + i·b and handled
 * by a single complex FFT — this halves the cost of the advection passes.
 */
import FFT from 'fft.js';
import { cos, sin } from './math.js';

export class PeriodicSpectral {
  readonly n: number;
  /** Angular wavenumbers 2π·m/L, m in FFT order (0, 1, ..., n/2, −n/2+1, ..., −1). */
  readonly k: Float64Array;
  private readonly fft: FFT;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly spec: Float64Array;

  constructor(n: number, length: number) {
    this.n = n;
    this.fft = new FFT(n);
    this.k = new Float64Array(n);
    for (let m = 0; m < n; m++) this.k[m] = ((2 * Math.PI) / length) * (m <= n / 2 ? m : m - n);
    this.a = new Float64Array(2 * n);
    this.b = new Float64Array(2 * n);
    this.spec = new Float64Array(2 * n);
  }

  get kmax(): number {
    return Math.abs(this.k[this.n / 2]!);
  }

  /** Forward transform of a real signal into the interleaved complex spectrum `out` (length 2n). */
  forward(re: ArrayLike<number>, out: Float64Array, im?: ArrayLike<number>): void {
    const a = this.a;
    for (let i = 0; i < this.n; i++) {
      a[2 * i] = re[i]!;
      a[2 * i + 1] = im ? im[i]! : 0;
    }
    this.fft.transform(out, a);
  }

  /** Inverse transform of the interleaved spectrum; writes the real (and imaginary) parts. */
  inverse(spec: Float64Array, re: Float64Array, im?: Float64Array): void {
    const b = this.b;
    this.fft.inverseTransform(b, spec);
    for (let i = 0; i < this.n; i++) {
      re[i] = b[2 * i]!;
      if (im) im[i] = b[2 * i + 1]!;
    }
  }

  /**
   * Exact translations u(x) ← u(x − su) and w(x) ← w(x − sw) (in place) with one complex FFT
   * pair: the spectra of u and w are separated by Hermitian symmetry, phase-shifted, and packed
   * again. The Nyquist mode, which cannot be shifted and stay real, is multiplied by cos(k·s).
   */
  shiftPair(u: Float64Array, su: number, w: Float64Array, sw: number): void {
    const n = this.n;
    const sp = this.spec;
    this.forward(u, sp, w);
    const out = this.a;
    for (let m = 0; m < n; m++) {
      const mm = m === 0 ? 0 : n - m;
      const zr = sp[2 * m]!;
      const zi = sp[2 * m + 1]!;
      const cr = sp[2 * mm]!;
      const ci = -sp[2 * mm + 1]!;
      // U = (Z(k) + conj Z(−k))/2, W = (Z(k) − conj Z(−k))/(2i)
      const ur = 0.5 * (zr + cr);
      const ui = 0.5 * (zi + ci);
      const wr = 0.5 * (zi - ci);
      const wi = -0.5 * (zr - cr);
      const nyq = m === n / 2;
      const ta = -this.k[m]! * su;
      const tb = -this.k[m]! * sw;
      const ca = cos(ta);
      const sa = nyq ? 0 : sin(ta);
      const cb = cos(tb);
      const sb = nyq ? 0 : sin(tb);
      const Ur = ur * ca - ui * sa;
      const Ui = ur * sa + ui * ca;
      const Wr = wr * cb - wi * sb;
      const Wi = wr * sb + wi * cb;
      // Z' = U' + i W'
      out[2 * m] = Ur - Wi;
      out[2 * m + 1] = Ui + Wr;
    }
    this.inverse(out, u, w);
  }

  /** Exact translation u(x) ← u(x − s), in place. */
  shift(u: Float64Array, s: number): void {
    this.shiftPair(u, s, u, s);
  }

  /** Spectral derivative (Nyquist mode dropped, which keeps the operator real and skew). */
  derivative(u: ArrayLike<number>, out: Float64Array, w?: ArrayLike<number>, outW?: Float64Array): void {
    const sp = this.spec;
    this.forward(u, sp, w);
    const n = this.n;
    for (let m = 0; m < n; m++) {
      const km = m === n / 2 ? 0 : this.k[m]!;
      const re = sp[2 * m]!;
      const im = sp[2 * m + 1]!;
      sp[2 * m] = -km * im;
      sp[2 * m + 1] = km * re;
    }
    this.inverse(sp, out, outW);
  }
}
