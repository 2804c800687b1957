/**
 * Conv2D, FusedConv2D and both Conv2D backprops as im2col + sgemm in the addon (NHWC only;
 * NCHW goes to the wasm kernels). tfjs's own geometry (computeConv2DInfo) fixes output sizes
 * and padding, so 'same', 'valid', explicit pads and rounding modes all agree with tfjs.
 */
import * as tf from '@tensorflow/tfjs';

import type { NativeAddon } from './addon.js';
import { applyEpilogue, nativeEpilogueFits } from './epilogue.js';
import { nativeKernel } from './kernel-config.js';
import { allFloat32, f32View } from './wasm-views.js';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: [number, number] | number;
}

function convInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as Shape4, filterShape as Shape4, attrs.strides, attrs.dilations ?? 1, attrs.pad,
    attrs.dimRoundingMode, false, 'channelsLast',
  );
}

/** The 15 fields of native/src/kernels.h `pw_conv_geom`, in order. */
export function convGeometry(c: Conv2DInfo): Int32Array {
  return Int32Array.from([
    c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels,
    c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, c.dilationHeight,
    c.dilationWidth, c.padInfo.top, c.padInfo.left,
  ]);
}

export function convKernels(addon: NativeAddon): tf.KernelConfig[] {
  const conv2d = nativeKernel<tf.Conv2DInputs, tf.Conv2DAttrs>(
    tf.Conv2D,
    ({ inputs: { x, filter }, attrs, backend, fallback }) => {
      if (!x || !filter || attrs.dataFormat === 'NCHW' || !allFloat32(x, filter)) return fallback();
      const info = convInfo(x.shape, filter.shape, attrs);
      const out = backend.makeOutput(info.outShape, 'float32');
      addon.conv2d(f32View(backend, x), f32View(backend, filter), f32View(backend, out), convGeometry(info));
      return out;
    },
  );

  const fusedConv2d = nativeKernel<tf.FusedConv2DInputs, tf.FusedConv2DAttrs>(
    tf.FusedConv2D,
    ({ inputs, attrs, backend, fallback }) => {
      const { x, filter, bias, preluActivationWeights } = inputs;
      const outChannels = filter.shape[3];
      const epilogue = {
        bias,
        activation: attrs.activation,
        preluWeights: preluActivationWeights,
        leakyreluAlpha: attrs.leakyreluAlpha,
      };
      if (attrs.dataFormat === 'NCHW' || !allFloat32(x, filter) || !nativeEpilogueFits(epilogue, outChannels)) {
        return fallback();
      }
      const info = convInfo(x.shape, filter.shape, attrs);
      const out = backend.makeOutput(info.outShape, 'float32');
      addon.conv2d(f32View(backend, x), f32View(backend, filter), f32View(backend, out), convGeometry(info));
      applyEpilogue(addon, backend, out, outChannels, epilogue);
      return out;
    },
  );

  const backpropInput = nativeKernel<tf.Conv2DBackpropInputInputs, tf.Conv2DBackpropInputAttrs>(
    tf.Conv2DBackpropInput,
    ({ inputs: { dy, filter }, attrs, backend, fallback }) => {
      if (!dy || !filter || attrs.dataFormat === 'NCHW' || !allFloat32(dy, filter)) return fallback();
      const info = convInfo(attrs.inputShape, filter.shape, attrs);
      const dx = backend.makeOutput(info.inShape, 'float32');
      addon.conv2dBackpropInput(
        f32View(backend, dy), f32View(backend, filter), f32View(backend, dx), convGeometry(info),
      );
      return dx;
    },
  );

  const backpropFilter = nativeKernel<tf.Conv2DBackpropFilterInputs, tf.Conv2DBackpropFilterAttrs>(
    tf.Conv2DBackpropFilter,
    ({ inputs: { x, dy }, attrs, backend, fallback }) => {
      if (!x || !dy || attrs.dataFormat === 'NCHW' || !allFloat32(x, dy)) return fallback();
      const info = convInfo(x.shape, attrs.filterShape, attrs);
      const dw = backend.makeOutput(attrs.filterShape, 'float32');
      addon.conv2dBackpropFilter(
        f32View(backend, x), f32View(backend, dy), f32View(backend, dw), convGeometry(info),
      );
      return dw;
    },
  );

  return [conv2d, fusedConv2d, backpropInput, backpropFilter];
}
