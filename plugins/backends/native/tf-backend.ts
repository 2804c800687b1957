/**
 * The tfjs backend `native`: the very same BackendWasm instance as `wasm`, registered under a
 * second name whose kernel table is the wasm table (stock kernels plus whatever the wasm plugin
 * added) with the native kernels laid over it. Tensors stay in the wasm heap, so switching
 * between `wasm` and `native` moves no data, and the `wasm` table is never modified: going back
 * to `backend wasm` needs no restore step.
 */
import * as tf from '@tensorflow/tfjs';

import { NATIVE_TF_BACKEND, WASM_TF_BACKEND } from './kernel-config.js';

/** Below every stock backend, so tfjs never picks `native` on its own. */
const PRIORITY = -1;

let wasmInstance: tf.KernelBackend | null = null;

function shareWasmInstance(): tf.KernelBackend {
  if (wasmInstance === null) {
    throw new Error('native backend: activate it through the `backend native` plugin (it needs wasm first)');
  }
  return wasmInstance;
}

/** Rebuilds the `native` kernel table: the current wasm table, then `overrides` on top. */
function syncKernels(overrides: tf.KernelConfig[]): void {
  for (const k of tf.getKernelsForBackend(NATIVE_TF_BACKEND)) tf.unregisterKernel(k.kernelName, NATIVE_TF_BACKEND);
  const replaced = new Set(overrides.map((k) => k.kernelName));
  for (const k of tf.getKernelsForBackend(WASM_TF_BACKEND)) {
    if (replaced.has(k.kernelName)) continue;
    // No disposeFunc: the shared instance belongs to `wasm`, which disposes it.
    tf.registerKernel({ ...k, backendName: NATIVE_TF_BACKEND, disposeFunc: undefined });
  }
  for (const k of overrides) {
    // The wasm kernel's setup (cwrap of its C++ entry point) must still run: fallbacks call it.
    const setupFunc = tf.getKernel(k.kernelName, WASM_TF_BACKEND)?.setupFunc;
    tf.registerKernel({ ...k, setupFunc });
  }
}

/**
 * Call with the wasm backend active. Registers (once) and selects `native`, with `overrides`
 * replacing the wasm kernels of the same names.
 */
export async function selectNativeTfBackend(overrides: tf.KernelConfig[]): Promise<void> {
  if (tf.getBackend() !== WASM_TF_BACKEND) {
    throw new Error(`native backend: expected the wasm backend to be active, found '${tf.getBackend()}'`);
  }
  const current = tf.backend();
  if (wasmInstance !== null && wasmInstance !== current) {
    throw new Error(
      'native backend: the wasm backend was re-created after `native` was set up; restart the process',
    );
  }
  wasmInstance = current;
  if (tf.findBackendFactory(NATIVE_TF_BACKEND) == null) {
    tf.registerBackend(NATIVE_TF_BACKEND, shareWasmInstance, PRIORITY);
  }
  syncKernels(overrides);
  if (!(await tf.setBackend(NATIVE_TF_BACKEND))) {
    throw new Error('native backend: tfjs could not select it (see the warning above)');
  }
}
