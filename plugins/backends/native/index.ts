/**
 * `backend native`: the wasm backend with its matmul, conv and max-pool-gradient kernels replaced
 * by an N-API addon over the system's OpenBLAS (native/). Optional: without the built addon,
 * probe() says how to build it and activate() throws that message; nothing else changes.
 * See docs/backend-native.md.
 */
import * as tf from '@tensorflow/tfjs';

import { defineBackend } from '../../../kernel/backend.js';
import { setSpmmProvider } from '../../../lib/sparse/spmm.js';
import { wasmBackend } from '../wasm/index.js';
import { loadNativeAddon, type NativeAddon } from './addon.js';
import { convKernels } from './conv-kernels.js';
import { NATIVE_TF_BACKEND } from './kernel-config.js';
import { matMulKernels } from './matmul-kernels.js';
import { poolKernels } from './pool-kernels.js';
import { selectNativeTfBackend } from './tf-backend.js';

export { BUILD_HINT, loadNativeAddon, resetNativeAddonCache, type NativeAddon } from './addon.js';

let kernels: tf.KernelConfig[] | null = null;

function nativeKernels(addon: NativeAddon): tf.KernelConfig[] {
  kernels ??= [...matMulKernels(addon), ...convKernels(addon), ...poolKernels(addon)];
  return kernels;
}

/** Kernel names the addon runs (everything else is the wasm backend's). */
export function nativeKernelNames(): string[] {
  const { addon } = loadNativeAddon();
  return addon ? nativeKernels(addon).map((k) => k.kernelName) : [];
}

export const nativeBackend = defineBackend({
  name: 'native',
  version: '1.0.0',
  tfBackendName: NATIVE_TF_BACKEND,
  description: 'wasm backend with matmul and conv kernels on OpenBLAS through an N-API addon (optional build)',
  async probe() {
    const load = loadNativeAddon();
    if (load.addon === null) return { available: false, reason: load.reason };
    const wasm = await wasmBackend.probe();
    if (!wasm.available) return { available: false, reason: `native backend runs on wasm: ${wasm.reason}` };
    const blas = load.addon.blasInfo();
    return {
      available: true,
      reason: `OpenBLAS ${blas.corename}, ${blas.threads} threads, over wasm`,
      details: { blas: blas.config, core: blas.corename, threads: blas.threads, addon: load.path },
    };
  },
  async activate() {
    const load = loadNativeAddon();
    if (load.addon === null) throw new Error(`backend native: ${load.reason}`);
    await wasmBackend.activate();
    await selectNativeTfBackend(nativeKernels(load.addon));
    const addon = load.addon;
    if (addon.csrMatMul) {
      setSpmmProvider({ name: 'native-c', active: () => tf.getBackend() === NATIVE_TF_BACKEND, product: addon.csrMatMul.bind(addon) });
    }
  },
});
