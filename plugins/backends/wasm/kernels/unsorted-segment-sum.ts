/**
 * UnsortedSegmentSum for wasm (missing from tfjs-backend-wasm 4.22; it is the gradient of
 * `tf.gather`, so no embedding or message-passing model could train there). One pass over the
 * rows (lib/tensor/segment-sum.ts) instead of the cpu backend's one masked sum per segment.
 */
import { unsortedSegmentSumInto } from '../../../../lib/tensor/segment-sum.js';
import { alloc, view, type KernelArgs, type TensorInfo } from './wasm-heap.js';

export function unsortedSegmentSum(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { x, segmentIds } = inputs;
  const numSegments = attrs.numSegments as number;
  const idsRank = segmentIds.shape.length;
  if (x.shape.slice(0, idsRank).join() !== segmentIds.shape.join()) {
    throw new Error(
      `UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`,
    );
  }
  const rowShape = x.shape.slice(idsRank);
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new Error(`UnsortedSegmentSum on wasm supports float32 and int32, got ${x.dtype}`);
  }
  const out = alloc(backend, [numSegments, ...rowShape], x.dtype);
  const o = view(backend, out) as Float32Array | Int32Array;
  o.fill(0);
  unsortedSegmentSumInto(view(backend, x), view(backend, segmentIds), numSegments, rowSize, o);
  return out;
}
