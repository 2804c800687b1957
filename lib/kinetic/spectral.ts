/**
 * Fourier operations on real periodic samples (fft.js, radix-4, power-of-two sizes).
 *
 * Every operator here is real (its multiplier m satisfies m(−k) = conj m(k), with a real value at
 * the Nyquist mode), so two real signals can be packed as one complex signal a + i·b and handled
 * by a single complex FFT — this halves the cost of the advection passes.
 */
import FFT from 'fft.js';
import { cos, sin } from './math.js';

/** Modes between exact cos/sin evaluations in `phases`. */
const ANCHOR = 16;

export class PeriodicSpectral {
  readonly n: number;
  /** Angular wavenumbers 2π·m/L, m in FFT order (0, 1, ..., n/2, −n/2+1, ..., −1). */
  readonly k: Float64Array;
  private readonly fft: FFT;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly spec: Float64Array;
  private readonly phaseA: Float64Array;
  private readonly phaseB: Float64Array;

  constructor(n: number, length: number) {
    this.n = n;
    this.fft = new FFT(n);
    this.k = new Float64Array(n);
    for (let m = 0; m < n; m++) this.k[m] = ((2 * Math.PI) / length) * (m <= n / 2 ? m : m - n);
    this.a = new Float64Array(2 * n);
    this.b = new Float64Array(2 * n);
    this.spec = new Float64Array(2 * n);
    this.phaseA = new Float64Array(n + 2);
    this.phaseB = new Float64Array(n + 2);
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
    const half = n / 2;
    const sp = this.spec;
    this.forward(u, sp, w);
    const pa = this.phaseA;
    const pb = this.phaseB;
    this.phases(su, pa);
    this.phases(sw, pb);
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
      // e^{−i·k·s}: tabulated for 0 ≤ m ≤ n/2; k(n − m) = −k(m) gives the conjugate.
      const pos = m <= half;
      const t = pos ? m : n - m;
      const sg = pos ? 1 : -1;
      const ca = pa[2 * t]!;
      const sa = sg * pa[2 * t + 1]!;
      const cb = pb[2 * t]!;
      const sb = sg * pb[2 * t + 1]!;
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

  /**
   * (cos, sin)(−k_m·s) for m = 0 … n/2 into ph, with the sine of the Nyquist mode set to 0 (it
   * cannot be shifted and stay real: it is multiplied by cos(k·s)). Powers of e^{−i·k_1·s} by
   * complex multiplication, re-anchored with exact cos/sin every ANCHOR modes so the round-off
   * stays ~ANCHOR·ε: the trigonometric calls per shift drop from n to n/ANCHOR, which was most
   * of a translation's cost besides the FFT.
   */
  private phases(s: number, ph: Float64Array): void {
    const half = this.n / 2;
    const k1 = this.k[1]!;
    const br = cos(-k1 * s);
    const bi = sin(-k1 * s);
    let cr = 1;
    let ci = 0;
    for (let m = 0; m <= half; m++) {
      if (m % ANCHOR === 0) {
        cr = cos(-this.k[m]! * s);
        ci = sin(-this.k[m]! * s);
      } else {
        const r = cr * br - ci * bi;
        ci = cr * bi + ci * br;
        cr = r;
      }
      ph[2 * m] = cr;
      ph[2 * m + 1] = ci;
    }
    ph[2 * half + 1] = 0;
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
