/**
 * Compressed sparse row matrices and the sparse × dense product that inference runs on.
 *
 * A dense layer y = x·W (W: [in, out]) is stored as CSR of Wᵀ: one row per output unit
 * listing its nonzero input weights. Activations travel feature-major ([features, batch]), so
 * the kernel's inner loop runs over the batch, contiguous in both operands:
 *
 *   Yᵀ[o, :] = Σ_{k in row o} values[k] · Xᵀ[colIdx[k], :]
 *
 * Work is nnz · batch multiply-adds against in · out · batch dense, and each output row is
 * written once (no scatter), so the cost tracks the number of nonzeros.
 */

export interface Csr {
  rows: number;
  cols: number;
  /** rows + 1 offsets into colIdx/values. */
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float32Array;
}

export const nnz = (m: Csr): number => m.rowPtr[m.rows]!;

/** CSR of a row-major dense [rows, cols] matrix, keeping entries that are not exactly 0. */
export function denseToCsr(data: ArrayLike<number>, rows: number, cols: number): Csr {
  let count = 0;
  for (let i = 0; i < rows * cols; i++) if (data[i] !== 0) count++;
  const rowPtr = new Int32Array(rows + 1);
  const colIdx = new Int32Array(count);
  const values = new Float32Array(count);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      if (v !== 0) {
        colIdx[k] = c;
        values[k++] = v;
      }
    }
    rowPtr[r + 1] = k;
  }
  return { rows, cols, rowPtr, colIdx, values };
}

/** CSR of the transpose of a row-major dense [rows, cols] matrix (a dense kernel → one row per output). */
export function denseToCsrTransposed(data: ArrayLike<number>, rows: number, cols: number): Csr {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = data[r * cols + c]!;
  return denseToCsr(t, cols, rows);
}

export function csrToDense(m: Csr): Float32Array {
  const out = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) out[r * m.cols + m.colIdx[k]!] = m.values[k]!;
  return out;
}

/**
 * out[r, :] = Σ_k A[r, k] · B[k, :] for B row-major [A.cols, n]; `out` is [A.rows, n]
 * (allocated when omitted). n (the batch) is the contiguous axis. The batch is taken 8 columns
 * at a time into 8 local accumulators, so the inner loop over a row's nonzeros keeps its sums
 * in registers and each output is written once: ~3× faster than accumulating into `out`
 * (measured, 1024² at 95%, batch 64; bench/suites/sparse.ts).
 */
export function csrMatMul(a: Csr, b: Float32Array, n: number, out: Float32Array = new Float32Array(a.rows * n)): Float32Array {
  const { rowPtr, colIdx, values } = a;
  if (b.length !== a.cols * n) throw new Error(`csrMatMul: B has ${b.length} values, expected ${a.cols}×${n}`);
  const n8 = n - (n % 8);
  for (let r = 0; r < a.rows; r++) {
    const o = r * n;
    const start = rowPtr[r]!;
    const end = rowPtr[r + 1]!;
    for (let j = 0; j < n8; j += 8) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0; // prettier-ignore
      for (let k = start; k < end; k++) {
        const v = values[k]!;
        const p = colIdx[k]! * n + j;
        a0 += v * b[p]!;
        a1 += v * b[p + 1]!;
        a2 += v * b[p + 2]!;
        a3 += v * b[p + 3]!;
        a4 += v * b[p + 4]!;
        a5 += v * b[p + 5]!;
        a6 += v * b[p + 6]!;
        a7 += v * b[p + 7]!;
      }
      out[o + j] = a0;
      out[o + j + 1] = a1;
      out[o + j + 2] = a2;
      out[o + j + 3] = a3;
      out[o + j + 4] = a4;
      out[o + j + 5] = a5;
      out[o + j + 6] = a6;
      out[o + j + 7] = a7;
    }
    for (let j = n8; j < n; j++) {
      let acc = 0;
      for (let k = start; k < end; k++) acc += values[k]! * b[colIdx[k]! * n + j]!;
      out[o + j] = acc;
    }
  }
  return out;
}
