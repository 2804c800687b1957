/**
 * Conv2DBackpropInput for wasm through col2im: cols = dy · W₂ᵀ (W₂ = filter as [K, outC]), then
 * each row of cols is added back where im2col read it. Stock wasm 4.22 has this kernel as a
 * direct loop nest; the matrix-product form is faster on the shapes of a small CNN (see
 * docs/backends.md), so it replaces the stock one.
 */
import * as tf from '@tensorflow/tfjs';
import { col2imAdd, im2colWidth } from '../../../../lib/tensor/im2col.js';
import { isEmptyConv } from '../../../../lib/tensor/conv-geometry.js';
import { CHUNK_ELEMS } from './conv2d-backprop-filter.js';
import { matMul } from './mat-mul.js';
import { alloc, free, requireNHWC, reshape, viewF32, zeros, type KernelArgs, type TensorInfo } from './wasm-heap.js';

export function conv2DBackpropInput(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { dy, filter } = inputs;
  requireNHWC('Conv2DBackpropInput', attrs.dataFormat);
  const inputShape = attrs.inputShape as [number, number, number, number];
  const g = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const dx = zeros(backend, inputShape);
  if (isEmptyConv(g)) return dx;
  const K = im2colWidth(g);
  const CO = g.outChannels;
  const w2 = reshape(backend, filter, [K, CO]);
  const rowsPerImage = g.outHeight * g.outWidth;
  const batchChunk = Math.max(1, Math.min(g.batchSize, Math.floor(CHUNK_ELEMS / (rowsPerImage * K))));
  for (let b0 = 0; b0 < g.batchSize; b0 += batchChunk) {
    const nb = Math.min(batchChunk, g.batchSize - b0);
    const rows = nb * rowsPerImage;
    const dyChunk = alloc(backend, [rows, CO]);
    viewF32(backend, dyChunk).set(
      viewF32(backend, dy).subarray(b0 * rowsPerImage * CO, (b0 + nb) * rowsPerImage * CO),
    );
    const cols = matMul(backend, dyChunk, w2, false, true);
    col2imAdd(viewF32(backend, cols), g, b0, nb, viewF32(backend, dx));
    free(backend, cols, dyChunk);
  }
  free(backend, w2);
  return dx;
}
