/**
 * Conv2DBackpropFilter for wasm (missing from tfjs-backend-wasm 4.22, so conv2d could not be
 * trained there): dW = im2col(x)ᵀ · dy, one large matrix product per chunk of the batch.
 * Chunks bound the im2col buffer (CHUNK_ELEMS floats) on big batches. The transposed im2col is
 * built directly: transposing cols, or packing it as the product's right operand, each cost
 * more than the product itself (measured on the small-CNN shapes).
 */
import * as tf from '@tensorflow/tfjs';
import { im2colT, im2colWidth } from '../../../../lib/tensor/im2col.js';
import { isEmptyConv } from '../../../../lib/tensor/conv-geometry.js';
import { matMul } from './mat-mul.js';
import { alloc, free, zeros, requireNHWC, reshape, viewF32, type KernelArgs, type TensorInfo } from './wasm-heap.js';

/** Largest im2col buffer, in floats (16 MiB). */
export const CHUNK_ELEMS = 1 << 22;

export function conv2DBackpropFilter(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { x, dy } = inputs;
  requireNHWC('Conv2DBackpropFilter', attrs.dataFormat);
  const filterShape = attrs.filterShape as [number, number, number, number];
  const g = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const K = im2colWidth(g);
  const CO = g.outChannels;
  if (isEmptyConv(g)) return zeros(backend, filterShape);
  const rowsPerImage = g.outHeight * g.outWidth;
  const batchChunk = Math.max(1, Math.min(g.batchSize, Math.floor(CHUNK_ELEMS / (rowsPerImage * K))));
  let result: TensorInfo | null = null;
  for (let b0 = 0; b0 < g.batchSize; b0 += batchChunk) {
    const nb = Math.min(batchChunk, g.batchSize - b0);
    const rows = nb * rowsPerImage;
    const colsT = alloc(backend, [K, rows]);
    const dyChunk = nb === g.batchSize ? reshape(backend, dy, [rows, CO]) : alloc(backend, [rows, CO]);
    if (nb !== g.batchSize) {
      const dyAll = viewF32(backend, dy);
      viewF32(backend, dyChunk).set(dyAll.subarray(b0 * rowsPerImage * CO, (b0 + nb) * rowsPerImage * CO));
    }
    im2colT(viewF32(backend, x), g, b0, nb, viewF32(backend, colsT));
    const part = matMul(backend, colsT, dyChunk);
    free(backend, colsT, dyChunk);
    if (result === null) {
      result = part;
    } else {
      const acc = viewF32(backend, result);
      const add = viewF32(backend, part);
      for (let i = 0; i < acc.length; i++) acc[i] += add[i];
      free(backend, part);
    }
  }
  const out = reshape(backend, result!, filterShape);
  free(backend, result!);
  return out;
}
