/**
 * Integer matrix product with an int32 accumulator, on JS typed arrays: C[m, n] = A[m, k]·B[k, n]
 * with A, B row-major integer arrays (int8 / int16 codes). Each product is exact in a double and
 * every store into the Int32Array wraps like 32-bit hardware; `accumulatorFits` says when no
 * wrap can happen (then the result is exact). Loop order i-k-j streams B's rows and skips the
 * zero activations that ReLU leaves (about half of them), which a float GEMM cannot.
 */
export type IntArray = Int8Array | Int16Array | Int32Array;

export function intMatMul(a: IntArray, b: IntArray, m: number, k: number, n: number, out = new Int32Array(m * n)): Int32Array {
  if (a.length < m * k || b.length < k * n || out.length < m * n) throw new RangeError(`intMatMul: arrays too small for [${m}×${k}]·[${k}×${n}]`);
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ao = i * k;
    const oo = i * n;
    for (let p = 0; p < k; p++) {
      const av = a[ao + p]!;
      if (av === 0) continue;
      const bo = p * n;
      for (let j = 0; j < n; j++) out[oo + j] = out[oo + j]! + av * b[bo + j]!;
    }
  }
  return out;
}

/** True when |a| ≤ maxA, |b| ≤ maxB over k terms cannot leave the int32 range. */
export function accumulatorFits(maxA: number, maxB: number, k: number): boolean {
  return maxA * maxB * k <= 2 ** 31 - 1;
}

/** The smallest signed typed array holding integers in [−maxAbs, maxAbs]. */
export function intArrayFor(maxAbs: number, length: number): Int8Array | Int16Array | Int32Array {
  if (maxAbs <= 127) return new Int8Array(length);
  if (maxAbs <= 32767) return new Int16Array(length);
  return new Int32Array(length);
}
