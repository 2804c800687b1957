/**
 * Small dense linear algebra in float64 for the low-rank factors: tall n×r bases and small r×r
 * coefficient matrices, column-major (column j is data[j·rows, (j+1)·rows)), so each basis
 * function is one contiguous array. Decompositions of the small matrices: svd.ts, symmetric-eigen.ts.
 */
import { wasmDense } from './wasm-dense.js';
import { mulIntoWasm, tmulIntoWasm, WASM_MIN_ROWS } from './wasm-products.js';

export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function col(a: Mat, j: number): Float64Array {
  return a.data.subarray(j * a.rows, (j + 1) * a.rows);
}

export function fromColumns(cols: ArrayLike<number>[], rows: number): Mat {
  const m = zeros(rows, cols.length);
  cols.forEach((c, j) => m.data.set(Array.from(c), j * rows));
  return m;
}

export function columns(a: Mat, from: number, to: number): Mat {
  return { rows: a.rows, cols: to - from, data: a.data.slice(from * a.rows, to * a.rows) };
}

export function hcat(...ms: Mat[]): Mat {
  return hcatInto(undefined, ...ms);
}

/**
 * hcat into the front of `buf` when it is long enough (else into a new array): for panels that
 * live for one step only, so a caller can recycle their storage instead of allocating (and
 * zeroing) n·r doubles every step. The result's data is a view of exactly rows·cols entries.
 */
export function hcatInto(buf: Float64Array | undefined, ...ms: Mat[]): Mat {
  const rows = ms[0]!.rows;
  const cols = ms.reduce((s, m) => s + m.cols, 0);
  const out: Mat = buf && buf.length >= rows * cols ? { rows, cols, data: buf.subarray(0, rows * cols) } : zeros(rows, cols);
  let off = 0;
  for (const m of ms) {
    out.data.set(m.data, off);
    off += m.data.length;
  }
  return out;
}

export function transpose(a: Mat): Mat {
  const t = zeros(a.cols, a.rows);
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) t.data[i * a.cols + j] = a.data[j * a.rows + i]!;
  return t;
}

/** C = A·B. */
export function mul(a: Mat, b: Mat): Mat {
  return mulInto(a, b, zeros(a.rows, b.cols));
}

/**
 * out = A·B into a preallocated out (which must not alias A or B); returns out. Tall panels go
 * to the f64x2 kernels (wasm-products.ts, bit-identical results) where WebAssembly SIMD runs.
 */
export function mulInto(a: Mat, b: Mat, out: Mat): Mat {
  if (a.cols !== b.rows || out.rows !== a.rows || out.cols !== b.cols) throw new Error(`mul: ${a.rows}x${a.cols} · ${b.rows}x${b.cols} → ${out.rows}x${out.cols}`);
  const kd = a.rows >= WASM_MIN_ROWS ? wasmDense() : null;
  return kd ? mulIntoWasm(kd, a, b, out) : mulIntoJs(a, b, out);
}

/** mulInto's JS loops (the fallback, and the oracle of the wasm kernels' tests). */
export function mulIntoJs(a: Mat, b: Mat, out: Mat): Mat {
  const n = a.rows;
  const ad = a.data;
  const bd = b.data;
  const cd = out.data;
  cd.fill(0, 0, n * b.cols);
  const inner = a.cols;
  // Four columns of A per pass over the output column: a quarter of the loads and stores.
  for (let j = 0; j < b.cols; j++) {
    const co = j * n;
    const bo = j * b.rows;
    let k = 0;
    for (; k + 3 < inner; k += 4) {
      const b0 = bd[bo + k]!;
      const b1 = bd[bo + k + 1]!;
      const b2 = bd[bo + k + 2]!;
      const b3 = bd[bo + k + 3]!;
      const a0 = k * n;
      const a1 = a0 + n;
      const a2 = a1 + n;
      const a3 = a2 + n;
      for (let i = 0; i < n; i++) cd[co + i] += ad[a0 + i]! * b0 + ad[a1 + i]! * b1 + ad[a2 + i]! * b2 + ad[a3 + i]! * b3;
    }
    // The remainder in one pass too (inner = 10, the common rank, leaves two columns).
    const rest = inner - k;
    if (rest === 3) {
      const b0 = bd[bo + k]!;
      const b1 = bd[bo + k + 1]!;
      const b2 = bd[bo + k + 2]!;
      const a0 = k * n;
      const a1 = a0 + n;
      const a2 = a1 + n;
      for (let i = 0; i < n; i++) cd[co + i] += ad[a0 + i]! * b0 + ad[a1 + i]! * b1 + ad[a2 + i]! * b2;
    } else if (rest === 2) {
      const b0 = bd[bo + k]!;
      const b1 = bd[bo + k + 1]!;
      const a0 = k * n;
      const a1 = a0 + n;
      for (let i = 0; i < n; i++) cd[co + i] += ad[a0 + i]! * b0 + ad[a1 + i]! * b1;
    } else if (rest === 1) {
      const b0 = bd[bo + k]!;
      const a0 = k * n;
      for (let i = 0; i < n; i++) cd[co + i] += ad[a0 + i]! * b0;
    }
  }
  return out;
}

/** C = Aᵀ·diag(w)·B (w a scalar or per-row weights); symmetric work halved when A = B. */
export function tmul(a: Mat, b: Mat, w: number | Float64Array = 1): Mat {
  return tmulInto(a, b, w, zeros(a.cols, b.cols));
}

/**
 * out = Aᵀ·diag(w)·B into a preallocated out; returns out. Entries (i, j) with i < known and
 * j < known are left as they are (the caller filled them: the Gram matrix of a basis that was
 * extended by new columns).
 */
export function tmulInto(a: Mat, b: Mat, w: number | Float64Array, out: Mat, known = 0): Mat {
  if (a.rows !== b.rows || out.rows !== a.cols || out.cols !== b.cols) throw new Error(`tmul: ${a.rows}x${a.cols}ᵀ · ${b.rows}x${b.cols} → ${out.rows}x${out.cols}`);
  const kd = a.rows >= WASM_MIN_ROWS ? wasmDense() : null;
  return kd ? tmulIntoWasm(kd, a, b, w, out, known) : tmulIntoJs(a, b, w, out, known);
}

/** tmulInto's JS loops (the fallback, and the oracle of the wasm kernels' tests). */
export function tmulIntoJs(a: Mat, b: Mat, w: number | Float64Array, out: Mat, known = 0): Mat {
  const n = a.rows;
  const ad = a.data;
  const bd = b.data;
  const cd = out.data;
  const m = out.rows;
  const sym = a === b;
  const scalar = typeof w === 'number';
  const scale = scalar ? w : 1;
  const wv = scalar ? undefined : w;
  const wb = scalar ? bd : new Float64Array(n);
  for (let j = 0; j < b.cols; j++) {
    const bo = scalar ? j * n : 0;
    if (wv) for (let l = 0; l < n; l++) wb[l] = wv[l]! * bd[j * n + l]!;
    const iEnd = sym ? j + 1 : a.cols;
    const put = (i: number, s: number): void => {
      cd[j * m + i] = s * scale;
      if (sym) cd[i * m + j] = s * scale;
    };
    // Two columns of A per pass over (weighted) column j of B, each summed in two halves
    // (even and odd rows): four independent running sums instead of two hide the latency of
    // the additions (≈ 20% faster measured at n = 512).
    let i = j < known ? known : 0;
    for (; i + 1 < iEnd; i += 2) {
      const a0 = i * n;
      const a1 = a0 + n;
      let s0 = 0;
      let s1 = 0;
      let t0 = 0;
      let t1 = 0;
      let l = 0;
      for (; l + 1 < n; l += 2) {
        const x = wb[bo + l]!;
        const y = wb[bo + l + 1]!;
        s0 += ad[a0 + l]! * x;
        s1 += ad[a1 + l]! * x;
        t0 += ad[a0 + l + 1]! * y;
        t1 += ad[a1 + l + 1]! * y;
      }
      if (l < n) {
        const x = wb[bo + l]!;
        s0 += ad[a0 + l]! * x;
        s1 += ad[a1 + l]! * x;
      }
      put(i, s0 + t0);
      put(i + 1, s1 + t1);
    }
    if (i < iEnd) {
      const a0 = i * n;
      let s0 = 0;
      let t0 = 0;
      let l = 0;
      for (; l + 1 < n; l += 2) {
        s0 += ad[a0 + l]! * wb[bo + l]!;
        t0 += ad[a0 + l + 1]! * wb[bo + l + 1]!;
      }
      if (l < n) s0 += ad[a0 + l]! * wb[bo + l]!;
      put(i, s0 + t0);
    }
  }
  return out;
}

/** √(Σ_l w_l·a_lj²) per column j (w a scalar or per-row weights). */
export function columnNorms(a: Mat, w: number | Float64Array): Float64Array {
  const out = new Float64Array(a.cols);
  for (let j = 0; j < a.cols; j++) out[j] = columnNorm(a, j, w);
  return out;
}

/** √(Σ_l w_l·a_lj²) of column j (two partial sums). */
export function columnNorm(a: Mat, j: number, w: number | Float64Array): number {
  const n = a.rows;
  const d = a.data;
  const o = j * n;
  let s = 0;
  let t = 0;
  let l = 0;
  if (typeof w === 'number') {
    for (; l + 1 < n; l += 2) {
      s += d[o + l]! * d[o + l]!;
      t += d[o + l + 1]! * d[o + l + 1]!;
    }
    if (l < n) s += d[o + l]! * d[o + l]!;
    return Math.sqrt(w * (s + t));
  }
  for (; l + 1 < n; l += 2) {
    s += w[l]! * d[o + l]! * d[o + l]!;
    t += w[l + 1]! * d[o + l + 1]! * d[o + l + 1]!;
  }
  if (l < n) s += w[l]! * d[o + l]! * d[o + l]!;
  return Math.sqrt(s + t);
}

export function frobenius(a: Mat): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * a.data[i]!;
  return Math.sqrt(s);
}
