/**
 * DepthwiseConv2dNativeBackpropFilter / ...BackpropInput for wasm (both missing from
 * tfjs-backend-wasm 4.22, so depthwise convolutions could not be trained there). The loops live
 * in lib/tensor/depthwise-grad.ts; these adapters read the wasm heap and write the output.
 */
import * as tf from '@tensorflow/tfjs';
import { depthwiseFilterGrad, depthwiseInputGrad } from '../../../../lib/tensor/depthwise-grad.js';
import { isEmptyConv, type ConvGeometry } from '../../../../lib/tensor/conv-geometry.js';
import { alloc, viewF32, type KernelArgs, type TensorInfo } from './wasm-heap.js';

type Shape4 = [number, number, number, number];

function geometry(xShape: Shape4, filterShape: Shape4, attrs: tf.NamedAttrMap): ConvGeometry {
  return tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides as [number, number],
    (attrs.dilations ?? 1) as [number, number],
    attrs.pad as 'same' | 'valid' | number,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    true,
  );
}

export function depthwiseConv2dNativeBackpropFilter(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as Shape4;
  const g = geometry(x.shape as Shape4, filterShape, attrs);
  const acc = new Float64Array(filterShape.reduce((a, b) => a * b, 1));
  if (!isEmptyConv(g)) depthwiseFilterGrad(viewF32(backend, x), viewF32(backend, dy), g, acc);
  const out = alloc(backend, filterShape);
  viewF32(backend, out).set(acc);
  return out;
}

export function depthwiseConv2dNativeBackpropInput(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs = {} } = args;
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as Shape4;
  const g = geometry(inputShape, filter.shape as Shape4, attrs);
  const acc = new Float64Array(inputShape.reduce((a, b) => a * b, 1));
  if (!isEmptyConv(g)) depthwiseInputGrad(viewF32(backend, dy), viewF32(backend, filter), g, acc);
  const out = alloc(backend, inputShape);
  viewF32(backend, out).set(acc);
  return out;
}
