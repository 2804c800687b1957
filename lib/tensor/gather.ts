/**
 * Gather along one axis on typed arrays, for data viewed as [batch, outer, dim, slice] and
 * indices as [batch, perBatch] (the shape tfjs's collectGatherOpShapeInfo reports). Each index
 * copies one contiguous slice, so long slices go through `copyWithin` (a memmove).
 */
export interface GatherLayout {
  batchSize: number;
  outerSize: number;
  dimSize: number;
  sliceSize: number;
  /** Indices per batch entry. */
  perBatch: number;
}

type Typed = Float32Array | Int32Array | Uint8Array;

/** Throws `GatherV2: the index value i is not in [0, dim-1]` like tfjs's cpu backend. */
export function checkGatherIndices(indices: ArrayLike<number>, dimSize: number): void {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i]!;
    if (!(v >= 0 && v <= dimSize - 1)) throw new Error(`GatherV2: the index value ${v} is not in [0, ${dimSize - 1}]`);
  }
}

/**
 * out[b, o, i, :] = x[b, o, indices[b, i], :]. `x` and `out` may be views of one buffer (the
 * wasm heap); they must not overlap.
 */
export function gatherInto<T extends Typed>(x: T, indices: ArrayLike<number>, l: GatherLayout, out: T): void {
  const { batchSize, outerSize, dimSize, sliceSize: S, perBatch } = l;
  const sameBuffer = x.buffer === out.buffer;
  const bytes = x.BYTES_PER_ELEMENT;
  const heap = new Uint8Array(x.buffer);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let outer = 0; outer < outerSize; outer++) {
      const base = (b * outerSize + outer) * dimSize;
      for (let i = 0; i < perBatch; i++, o += S) {
        const s = (base + indices[b * perBatch + i]!) * S;
        if (S >= 16 && sameBuffer) {
          const from = x.byteOffset + s * bytes;
          heap.copyWithin(out.byteOffset + o * bytes, from, from + S * bytes);
        } else {
          for (let j = 0; j < S; j++) out[o + j] = x[s + j]!;
        }
      }
    }
  }
}
