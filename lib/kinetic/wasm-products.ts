/**
 * dense.ts's `mulInto` / `tmulInto` and Gram–Schmidt's dot products and updates on the f64x2
 * kernels of wasm-dense.ts. Each product copies its panels into the kernels' scratch memory
 * (O(n·(cols_A + cols_B)) against O(n·cols_A·cols_B) work), runs the same blocking as the JS
 * loop — so the results are bit-identical to the JS kernels — and copies the result out.
 * The odd last row of an odd n is done here in JS, in the JS loops' order.
 */
import type { Mat } from './dense.js';
import type { WasmDense } from './wasm-dense.js';

/**
 * Below this many rows the JS loops win (a kernel call costs ≈ tens of ns). Measured (512²,
 * rank 10, paired rounds): 8 beats 64 by 5–8% a step — the Galerkin step's r̂×r̂ products
 * (r̂ ≈ 17–21) gain more from the f64x2 lanes than the copies and calls cost; 16 and 24 were
 * no better than 64.
 */
export const WASM_MIN_ROWS = 8;

/** out += Σ_t A[:, k + t]·b_t for T = cnt ≤ 4 columns of A starting at float offset a. */
function axpy(kd: WasmDense, out: number, a: number, stride: number, bytes: number, cnt: number, b: Float64Array, bo: number): void {
  const k = kd.k;
  if (cnt === 4) k.axpy4(8 * out, 8 * a, stride, bytes, b[bo]!, b[bo + 1]!, b[bo + 2]!, b[bo + 3]!);
  else if (cnt === 3) k.axpy3(8 * out, 8 * a, stride, bytes, b[bo]!, b[bo + 1]!, b[bo + 2]!);
  else if (cnt === 2) k.axpy2(8 * out, 8 * a, stride, bytes, b[bo]!, b[bo + 1]!);
  else k.axpy1(8 * out, 8 * a, stride, bytes, b[bo]!);
}

/** out = A·B (shapes checked by the caller), as dense.ts's `mulInto`. */
export function mulIntoWasm(kd: WasmDense, a: Mat, b: Mat, out: Mat): Mat {
  const n = a.rows;
  const inner = a.cols;
  const m = b.cols;
  const oOff = n * inner;
  const mem = kd.reserve(oOff + n * m);
  mem.set(a.data.subarray(0, n * inner), 0);
  mem.fill(0, oOff, oOff + n * m);
  const even = n & ~1;
  const bytes = 8 * even;
  const stride = 8 * n;
  const bd = b.data;
  for (let j = 0; j < m; j++) {
    const bo = j * b.rows;
    for (let k = 0; k < inner; k += 4) axpy(kd, oOff + j * n, k * n, stride, bytes, Math.min(4, inner - k), bd, bo + k);
  }
  out.data.set(mem.subarray(oOff, oOff + n * m), 0);
  if (even < n) {
    const i = n - 1;
    const ad = a.data;
    for (let j = 0; j < m; j++) {
      const bo = j * b.rows;
      let c = 0;
      for (let k = 0; k < inner; k += 4) {
        const cnt = Math.min(4, inner - k);
        let s = ad[k * n + i]! * bd[bo + k]!;
        for (let t = 1; t < cnt; t++) s += ad[(k + t) * n + i]! * bd[bo + k + t]!;
        c += s;
      }
      out.data[j * n + i] = c;
    }
  }
  return out;
}

/** out = Aᵀ·diag(w)·B with the `known` block left alone, as dense.ts's `tmulInto`. */
export function tmulIntoWasm(kd: WasmDense, a: Mat, b: Mat, w: number | Float64Array, out: Mat, known: number): Mat {
  const n = a.rows;
  const ac = a.cols;
  const cd = out.data;
  const m = out.rows;
  const sym = a === b;
  const scalar = typeof w === 'number';
  const scale = scalar ? w : 1;
  // Layout: A, then B (B ≠ A), then the weights (vector w), then 8 result slots. The weighted
  // column w·B_j is formed inside the dot kernels (dotTw), as the JS loop forms it first.
  const bOff = n * ac;
  const wOff = bOff + (sym ? 0 : n * b.cols);
  const res = wOff + (scalar ? 0 : n);
  const mem = kd.reserve(res + 8);
  mem.set(a.data.subarray(0, n * ac), 0);
  if (!sym) mem.set(b.data.subarray(0, n * b.cols), bOff);
  if (!scalar) mem.set(w.subarray(0, n), wOff);
  const even = n & ~1;
  const bytes = 8 * even;
  const stride = 8 * n;
  const ad = a.data;
  const k = kd.k;
  for (let j = 0; j < b.cols; j++) {
    // x: the float offset of column j of B in the scratch memory.
    const x = sym ? j * n : bOff + j * n;
    const tail = even < n ? (scalar ? mem[x + n - 1]! : mem[wOff + n - 1]! * mem[x + n - 1]!) : 0;
    const iEnd = sym ? j + 1 : ac;
    const put = (i: number, s: number): void => {
      cd[j * m + i] = s * scale;
      if (sym) cd[i * m + j] = s * scale;
    };
    let i = j < known ? known : 0;
    // Four columns of A per pass over column j (one load of it for four sums), then two, one;
    // each sum keeps its own two lanes, so the grouping does not change any result.
    for (; i + 3 < iEnd; i += 4) {
      if (scalar) k.dot4(8 * x, 8 * i * n, stride, bytes, 8 * res);
      else k.dot4w(8 * x, 8 * i * n, stride, bytes, 8 * res, 8 * wOff);
      for (let t = 0; t < 4; t++) {
        let s = mem[res + 2 * t]!;
        if (even < n) s += ad[(i + t) * n + n - 1]! * tail;
        put(i + t, s + mem[res + 2 * t + 1]!);
      }
    }
    for (; i + 1 < iEnd; i += 2) {
      if (scalar) k.dot2(8 * x, 8 * i * n, stride, bytes, 8 * res);
      else k.dot2w(8 * x, 8 * i * n, stride, bytes, 8 * res, 8 * wOff);
      let s0 = mem[res]!;
      let s1 = mem[res + 2]!;
      if (even < n) {
        s0 += ad[i * n + n - 1]! * tail;
        s1 += ad[(i + 1) * n + n - 1]! * tail;
      }
      put(i, s0 + mem[res + 1]!);
      put(i + 1, s1 + mem[res + 3]!);
    }
    if (i < iEnd) {
      if (scalar) k.dot1(8 * x, 8 * i * n, stride, bytes, 8 * res);
      else k.dot1w(8 * x, 8 * i * n, stride, bytes, 8 * res, 8 * wOff);
      let s0 = mem[res]!;
      if (even < n) s0 += ad[i * n + n - 1]! * tail;
      put(i, s0 + mem[res + 1]!);
    }
  }
  return out;
}

/**
 * Kernels on Float64Array views of the scratch memory (`mem`), addressed by their byte
 * offsets: what orth.ts's Gram–Schmidt needs once its panel lives there.
 */
export class ScratchKernels {
  constructor(
    readonly kd: WasmDense,
    /** Float offset of 8 result slots. */
    readonly res: number,
  ) {}

  /** Σ w·a·b (as orth.ts's `dot`: (w·a)·b, even/odd partial sums). */
  dotw(a: Float64Array, b: Float64Array, w: Float64Array): number {
    const n = a.length;
    const even = n & ~1;
    this.kd.k.dotw(w.byteOffset, a.byteOffset, b.byteOffset, 8 * even, 8 * this.res);
    const mem = this.kd.f64;
    let s = mem[this.res]!;
    if (even < n) s += w[n - 1]! * a[n - 1]! * b[n - 1]!;
    return s + mem[this.res + 1]!;
  }

  /**
   * c[k] = Σ basis_k·(w·u), two basis vectors per kernel call; the weighted copy w·u is formed
   * inside the kernel (dotTw), rounded as orth.ts's JS loop rounds it.
   */
  coefficients(u: Float64Array, basis: Float64Array[], w: Float64Array, _wu: Float64Array, c: Float64Array): void {
    const n = u.length;
    const even = n & ~1;
    const mem = this.kd.f64;
    const res = this.res;
    const tail = even < n ? w[n - 1]! * u[n - 1]! : 0;
    const nb = basis.length;
    let k = 0;
    for (; k + 3 < nb; k += 4) {
      const q = basis[k]!;
      const stride = basis[k + 1]!.byteOffset - q.byteOffset;
      if (basis[k + 2]!.byteOffset - q.byteOffset !== 2 * stride || basis[k + 3]!.byteOffset - q.byteOffset !== 3 * stride) break;
      this.kd.k.dot4w(u.byteOffset, q.byteOffset, stride, 8 * even, 8 * res, w.byteOffset);
      for (let t = 0; t < 4; t++) {
        let s = mem[res + 2 * t]!;
        if (even < n) s += basis[k + t]![n - 1]! * tail;
        c[k + t] = s + mem[res + 2 * t + 1]!;
      }
    }
    for (; k + 1 < nb; k += 2) {
      const q = basis[k]!;
      const p = basis[k + 1]!;
      this.kd.k.dot2w(u.byteOffset, q.byteOffset, p.byteOffset - q.byteOffset, 8 * even, 8 * res, w.byteOffset);
      let s0 = mem[res]!;
      let s1 = mem[res + 2]!;
      if (even < n) {
        s0 += q[n - 1]! * tail;
        s1 += p[n - 1]! * tail;
      }
      c[k] = s0 + mem[res + 1]!;
      c[k + 1] = s1 + mem[res + 3]!;
    }
    if (k < nb) {
      const q = basis[k]!;
      this.kd.k.dot1w(u.byteOffset, q.byteOffset, 0, 8 * even, 8 * res, w.byteOffset);
      let s = mem[res]!;
      if (even < n) s += q[n - 1]! * tail;
      c[k] = s + mem[res + 1]!;
    }
  }

  /** u −= c0·q0 + c1·q1 (c1, q1 optional), as u + ((−c0·q0) + (−c1·q1)): the same rounding. */
  update(u: Float64Array, q0: Float64Array, c0: number, q1?: Float64Array, c1 = 0): void {
    const n = u.length;
    const even = n & ~1;
    if (q1) this.kd.k.axpy2(u.byteOffset, q0.byteOffset, q1.byteOffset - q0.byteOffset, 8 * even, -c0, -c1);
    else this.kd.k.axpy1(u.byteOffset, q0.byteOffset, 0, 8 * even, -c0);
    if (even < n) u[n - 1] -= q1 ? c0 * q0[n - 1]! + c1 * q1[n - 1]! : c0 * q0[n - 1]!;
  }
}
