/**
 * Small dense linear algebra in float64 for the low-rank factors: tall n×r bases and small r×r
 * coefficient matrices, column-major (column j is data[j·rows, (j+1)·rows)), so each basis
 * function is one contiguous array. SVD and the symmetric eigenproblem of the small matrices go
 * to ml-matrix; everything O(n·r²) is here.
 */
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';

export interface Mat {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function zeros(rows: number, cols: number): Mat {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function eye(n: number): Mat {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

export function col(a: Mat, j: number): Float64Array {
  return a.data.subarray(j * a.rows, (j + 1) * a.rows);
}

export function get(a: Mat, i: number, j: number): number {
  return a.data[j * a.rows + i]!;
}

export function set(a: Mat, i: number, j: number, v: number): void {
  a.data[j * a.rows + i] = v;
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
  const rows = ms[0]!.rows;
  const out = zeros(rows, ms.reduce((s, m) => s + m.cols, 0));
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
  if (a.cols !== b.rows) throw new Error(`mul: ${a.rows}x${a.cols} · ${b.rows}x${b.cols}`);
  const c = zeros(a.rows, b.cols);
  const n = a.rows;
  for (let j = 0; j < b.cols; j++) {
    const cj = c.data.subarray(j * n, (j + 1) * n);
    for (let k = 0; k < a.cols; k++) {
      const bkj = b.data[j * b.rows + k]!;
      if (bkj === 0) continue;
      const off = k * n;
      for (let i = 0; i < n; i++) cj[i] += a.data[off + i]! * bkj;
    }
  }
  return c;
}

/** C = Aᵀ·diag(w)·B (w a scalar or per-row weights). */
export function tmul(a: Mat, b: Mat, w: number | Float64Array = 1): Mat {
  if (a.rows !== b.rows) throw new Error(`tmul: rows ${a.rows} vs ${b.rows}`);
  const c = zeros(a.cols, b.cols);
  const n = a.rows;
  for (let j = 0; j < b.cols; j++) {
    const bj = b.data.subarray(j * n, (j + 1) * n);
    for (let i = 0; i < a.cols; i++) {
      const ai = a.data.subarray(i * n, (i + 1) * n);
      let s = 0;
      if (typeof w === 'number') for (let l = 0; l < n; l++) s += ai[l]! * bj[l]!;
      else for (let l = 0; l < n; l++) s += ai[l]! * w[l]! * bj[l]!;
      c.data[j * c.rows + i] = typeof w === 'number' ? s * w : s;
    }
  }
  return c;
}

/** A + s·B into a new matrix. */
export function axpy(a: Mat, s: number, b: Mat): Mat {
  const c = zeros(a.rows, a.cols);
  for (let i = 0; i < c.data.length; i++) c.data[i] = a.data[i]! + s * b.data[i]!;
  return c;
}

export function frobenius(a: Mat): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * a.data[i]!;
  return Math.sqrt(s);
}

function toMl(a: Mat): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let j = 0; j < a.cols; j++) for (let i = 0; i < a.rows; i++) m.set(i, j, a.data[j * a.rows + i]!);
  return m;
}

function fromMl(m: Matrix): Mat {
  const a = zeros(m.rows, m.columns);
  for (let j = 0; j < m.columns; j++) for (let i = 0; i < m.rows; i++) a.data[j * m.rows + i] = m.get(i, j);
  return a;
}

/** Thin SVD A = U·diag(s)·Vᵀ with s descending. */
export function svd(a: Mat): { U: Mat; s: Float64Array; V: Mat } {
  const d = new SingularValueDecomposition(toMl(a), { autoTranspose: true });
  return { U: fromMl(d.leftSingularVectors), s: Float64Array.from(d.diagonal), V: fromMl(d.rightSingularVectors) };
}

/** Symmetric eigendecomposition A = T·diag(λ)·Tᵀ (A is symmetrised first). */
export function symEig(a: Mat): { values: Float64Array; vectors: Mat } {
  const s = toMl(a);
  const sym = s.add(s.transpose()).mul(0.5);
  const d = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  return { values: Float64Array.from(d.realEigenvalues), vectors: fromMl(d.eigenvectorMatrix) };
}
