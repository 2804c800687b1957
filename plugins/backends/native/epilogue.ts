/**
 * The bias + activation tail of the fused kernels (_FusedMatMul, FusedConv2D), applied by the
 * addon in place on the GEMM output. Only per-channel shapes run natively; anything else
 * (a bias that broadcasts over rows, say) is left to the wasm kernel.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import type { NativeAddon } from './addon.js';
import { f32View, type TensorInfo } from './wasm-views.js';

/** Codes of native/src/kernels.h `enum pw_activation`. */
const ACTIVATION_CODES: Record<string, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  leakyrelu: 4,
  prelu: 5,
  sigmoid: 6,
};

export interface Epilogue {
  bias?: TensorInfo;
  activation?: string;
  preluWeights?: TensorInfo;
  leakyreluAlpha?: number;
}

/** A per-channel vector: every dim but the last is 1, and the last is 1 or `channels`. */
function perChannel(t: TensorInfo | undefined, channels: number): boolean {
  if (t === undefined) return true;
  if (t.dtype !== 'float32') return false;
  const s = t.shape;
  if (s.length === 0) return true;
  const last = s[s.length - 1];
  return s.slice(0, -1).every((d) => d === 1) && (last === 1 || last === channels);
}

export function nativeEpilogueFits(e: Epilogue, channels: number): boolean {
  const act = e.activation ?? 'linear';
  if (!(act in ACTIVATION_CODES)) return false;
  if (act === 'prelu' && e.preluWeights === undefined) return false;
  return perChannel(e.bias, channels) && perChannel(act === 'prelu' ? e.preluWeights : undefined, channels);
}

/** Applies bias and activation to `out` (rows x channels, already computed). */
export function applyEpilogue(
  addon: NativeAddon,
  backend: BackendWasm,
  out: TensorInfo,
  channels: number,
  e: Epilogue,
): void {
  const act = e.activation ?? 'linear';
  if (e.bias === undefined && act === 'linear') return;
  const size = out.shape.reduce((p, d) => p * d, 1);
  if (size === 0) return;
  const prelu = act === 'prelu' && e.preluWeights ? f32View(backend, e.preluWeights) : null;
  addon.biasAct(
    f32View(backend, out),
    size / channels,
    channels,
    e.bias ? f32View(backend, e.bias) : null,
    ACTIVATION_CODES[act],
    e.leakyreluAlpha ?? 0.2,
    prelu,
  );
}
