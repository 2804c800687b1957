/**
 * LogicalAnd for wasm. Stock 4.22 takes ~1 s for [50000,1] & [50000,64] (its broadcasting bool
 * path); the gradient of unsortedSegmentSum (gatherDropNegatives) runs exactly that op once per
 * step. A broadcasting loop over the bytes (lib/tensor/broadcast.ts) takes milliseconds.
 */
import * as tf from '@tensorflow/tfjs';
import { binaryBroadcast, type RowOp } from '../../../../lib/tensor/broadcast.js';
import { alloc, view, type KernelArgs, type TensorInfo } from './wasm-heap.js';

/** Bools are stored as bytes 0/1, so `&` is the logical and. */
const andRow: RowOp = (out, o, a, pa, ia, b, pb, ib, n) => {
  for (let j = 0; j < n; j++) out[o + j] = a[pa + j * ia]! & b[pb + j * ib]!;
};

export function logicalAnd(args: KernelArgs): TensorInfo {
  const { a, b } = args.inputs;
  const { backend } = args;
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out = alloc(backend, outShape, 'bool');
  const [va, vb, vo] = [view(backend, a), view(backend, b), view(backend, out)];
  if (va.length === vo.length && vb.length === vo.length) {
    for (let i = 0; i < vo.length; i++) vo[i] = va[i]! & vb[i]!;
    return out;
  }
  binaryBroadcast(va, a.shape, vb, b.shape, outShape, vo, andRow);
  return out;
}
