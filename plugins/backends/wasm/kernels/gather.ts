/**
 * GatherV2 for wasm. Stock 4.22 gathers element by element through strided index arithmetic:
 * 360 ms for 50k rows of 64 floats (measured), which made a message-passing step take seconds.
 * Copying each indexed slice as one block (lib/tensor/gather.ts) does the same in a few ms.
 */
import * as tf from '@tensorflow/tfjs';
import { checkGatherIndices, gatherInto } from '../../../../lib/tensor/gather.js';
import { alloc, view, type KernelArgs, type TensorInfo } from './wasm-heap.js';

export function gatherV2(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { x, indices } = inputs;
  const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
  const batchDims = (attrs.batchDims as number | undefined) ?? 0;
  const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, axis, batchDims);
  checkGatherIndices(view(backend, indices), x.shape[axis]!);
  const out = alloc(backend, info.outputShape, x.dtype);
  const indicesSize = indices.shape.reduce((a, b) => a * b, 1);
  gatherInto(view(backend, x), view(backend, indices), { ...info, perBatch: indicesSize / info.batchSize }, view(backend, out));
  return out;
}
