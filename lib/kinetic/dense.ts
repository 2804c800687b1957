/**
 * Small dense linear algebra in float64 for the low-rank factors: tall n×r bases and small r×r
 * coefficient matrices, column-major (column j is data[j·rows, (j+1)·rows)), so each basis
 * function is one contiguous array. Decompositions of the small matrices: svd.ts, symmetric-eigen.ts.
 */
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
  const ad = a.data;
  const bd = b.data;
  const cd = c.data;
  for (let j = 0; j < b.cols; j++) {
    const co = j * n;
    for (let k = 0; k < a.cols; k++) {
      const bkj = bd[j * b.rows + k]!;
      if (bkj === 0) continue;
      const ao = k * n;
      for (let i = 0; i < n; i++) cd[co + i] += ad[ao + i]! * bkj;
    }
  }
  return c;
}

/** C = Aᵀ·diag(w)·B (w a scalar or per-row weights); symmetric work halved when A = B. */
export function tmul(a: Mat, b: Mat, w: number | Float64Array = 1): Mat {
  if (a.rows !== b.rows) throw new Error(`tmul: rows ${a.rows} vs ${b.rows}`);
  const n = a.rows;
  let bw = b;
  if (typeof w !== 'number') {
    bw = zeros(b.rows, b.cols);
    for (let j = 0; j < b.cols; j++) for (let l = 0; l < n; l++) bw.data[j * n + l] = b.data[j * n + l]! * w[l]!;
  }
  const scale = typeof w === 'number' ? w : 1;
  const c = zeros(a.cols, b.cols);
  const ad = a.data;
  const bd = bw.data;
  const sym = a === b;
  for (let j = 0; j < b.cols; j++) {
    const bo = j * n;
    for (let i = 0; i < (sym ? j + 1 : a.cols); i++) {
      const ao = i * n;
      let s = 0;
      for (let l = 0; l < n; l++) s += ad[ao + l]! * bd[bo + l]!;
      c.data[j * c.rows + i] = s * scale;
      if (sym) c.data[i * c.rows + j] = s * scale;
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
