/**
 * Elementwise binary operations with numpy broadcasting on typed arrays: an odometer over the
 * output's outer dimensions with per-operand strides (0 where an operand is broadcast), and the
 * caller's loop over each innermost row (one call per row, so the per-element work is a tight
 * loop the JIT compiles, not a closure call).
 */

/** out[o + j] = f(a[pa + j·ia], b[pb + j·ib]) for j < n. */
export type RowOp = (
  out: { [i: number]: number },
  o: number,
  a: ArrayLike<number>,
  pa: number,
  ia: number,
  b: ArrayLike<number>,
  pb: number,
  ib: number,
  n: number,
) => void;

/** Row-major strides of `shape` aligned to `outShape`'s rank, 0 on broadcast dimensions. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const r = outShape.length;
  const strides = new Array<number>(r).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = r - shape.length + i;
    strides[d] = shape[i] === 1 && outShape[d] !== 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return strides;
}

export function binaryBroadcast(
  a: ArrayLike<number>,
  aShape: readonly number[],
  b: ArrayLike<number>,
  bShape: readonly number[],
  outShape: readonly number[],
  out: { [i: number]: number; length: number },
  row: RowOp,
): void {
  const r = outShape.length;
  if (out.length === 0) return;
  if (r === 0) {
    row(out, 0, a, 0, 0, b, 0, 0, 1);
    return;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const inner = outShape[r - 1]!;
  const ia = sa[r - 1]!;
  const ib = sb[r - 1]!;
  const counter = new Array<number>(r - 1).fill(0);
  let pa = 0;
  let pb = 0;
  for (let o = 0; o < out.length; o += inner) {
    row(out, o, a, pa, ia, b, pb, ib, inner);
    // Advance the odometer over the outer dimensions.
    for (let d = r - 2; d >= 0; d--) {
      counter[d]!++;
      pa += sa[d]!;
      pb += sb[d]!;
      if (counter[d]! < outShape[d]!) break;
      pa -= sa[d]! * outShape[d]!;
      pb -= sb[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
}
