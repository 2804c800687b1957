/**
 * Unsorted segment sum on typed arrays: out[ids[i], :] += x[i, :]. This is the gradient of a
 * gather and the aggregation step of message passing on graphs, so it runs once per edge per
 * step: one pass over the rows, no per-segment scans.
 *
 * Ids outside [0, numSegments) are dropped, as TensorFlow does for negative ids (TensorFlow's
 * CPU kernel rejects ids ≥ numSegments; dropping them keeps this total and never writes out of
 * bounds).
 */
export function unsortedSegmentSumInto(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  numSegments: number,
  rowSize: number,
  out: Float32Array | Int32Array | Float64Array,
): void {
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const xo = i * rowSize;
    const oo = s * rowSize;
    for (let j = 0; j < rowSize; j++) out[oo + j] += x[xo + j];
  }
}
