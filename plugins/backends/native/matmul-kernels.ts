/** BatchMatMul and _FusedMatMul on OpenBLAS sgemm, every transpose combination, zero-copy. */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import type { NativeAddon } from './addon.js';
import { applyEpilogue, nativeEpilogueFits } from './epilogue.js';
import { nativeKernel } from './kernel-config.js';
import { planMatMul } from './matmul-plan.js';
import { allFloat32, f32View, type TensorInfo } from './wasm-views.js';

function nativeMatMul(
  addon: NativeAddon,
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const plan = planMatMul(a.shape, b.shape, transposeA, transposeB);
  const out = backend.makeOutput(plan.outShape, 'float32');
  addon.gemm(
    f32View(backend, a), plan.aOffsets, f32View(backend, b), plan.bOffsets, f32View(backend, out),
    plan.m, plan.n, plan.k, transposeA ? 1 : 0, transposeB ? 1 : 0,
  );
  return out;
}

export function matMulKernels(addon: NativeAddon): tf.KernelConfig[] {
  const batchMatMul = nativeKernel<tf.BatchMatMulInputs, tf.BatchMatMulAttrs>(
    tf.BatchMatMul,
    ({ inputs: { a, b }, attrs, backend, fallback }) => {
      if (!a || !b || !allFloat32(a, b)) return fallback();
      return nativeMatMul(addon, backend, a, b, attrs.transposeA, attrs.transposeB);
    },
  );

  const fusedMatMul = nativeKernel<tf._FusedMatMulInputs, tf._FusedMatMulAttrs>(
    tf._FusedMatMul,
    ({ inputs, attrs, backend, fallback }) => {
      const { a, b, bias, preluActivationWeights } = inputs;
      const n = attrs.transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
      const epilogue = {
        bias,
        activation: attrs.activation,
        preluWeights: preluActivationWeights,
        leakyreluAlpha: attrs.leakyreluAlpha,
      };
      if (!allFloat32(a, b) || !nativeEpilogueFits(epilogue, n)) return fallback();
      const out = nativeMatMul(addon, backend, a, b, attrs.transposeA, attrs.transposeB);
      applyEpilogue(addon, backend, out, n, epilogue);
      return out;
    },
  );

  return [batchMatMul, fusedMatMul];
}
