/**
 * MaxPoolGrad in the addon. The stock wasm kernel took ~44 ms of a ~50 ms small-CNN train step
 * ([64,28,28,16], 2x2 windows); the native loop reads each window once, channels innermost.
 */
import * as tf from '@tensorflow/tfjs';

import type { NativeAddon } from './addon.js';
import { convGeometry } from './conv-kernels.js';
import { nativeKernel } from './kernel-config.js';
import { allFloat32, f32View } from './wasm-views.js';

type Shape4 = [number, number, number, number];

export function poolKernels(addon: NativeAddon): tf.KernelConfig[] {
  const maxPoolGrad = nativeKernel<tf.MaxPoolGradInputs, tf.MaxPoolGradAttrs>(
    tf.MaxPoolGrad,
    ({ inputs: { dy, input }, attrs, backend, fallback }) => {
      if (!dy || !input || !allFloat32(dy, input)) return fallback();
      const info = tf.backend_util.computePool2DInfo(
        input.shape as Shape4, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
      );
      const dx = backend.makeOutput(input.shape, 'float32');
      addon.maxPoolGrad(f32View(backend, input), f32View(backend, dy), f32View(backend, dx), convGeometry(info));
      return dx;
    },
  );
  return [maxPoolGrad];
}
