/**
 * MaxPoolGrad for wasm. The stock 4.22 kernel routes the gradient of a window whose inputs are
 * all negative to the window's first element instead of its maximum (found by the parity tests:
 * x = [-0.22, -0.21, …] sends the gradient to -0.22). After a relu the inputs are ≥ 0 and the
 * error hides, but any other pooled signal trains wrongly, so this kernel replaces it.
 */
import * as tf from '@tensorflow/tfjs';
import { maxPoolGradInto } from '../../../../lib/tensor/pool-grad.js';
import { viewF32, zeros, type KernelArgs, type TensorInfo } from './wasm-heap.js';

export function maxPoolGrad(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { dy, input } = inputs;
  const g = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
  );
  const dx = zeros(backend, input.shape);
  maxPoolGradInto(viewF32(backend, input), viewF32(backend, dy), g, viewF32(backend, dx));
  return dx;
}
