/**
 * `backend wasm` (the default): tfjs-backend-wasm (SIMD, one thread under Node) plus the kernels
 * it lacks for training (see ./kernels). Installs from npm everywhere, no native build.
 */
import * as tf from '@tensorflow/tfjs';
import { defineBackend } from '../../../kernel/backend.js';
import { installWasmKernels, wasmKernelPatches } from './kernels/index.js';

export { installWasmKernels, uninstallWasmKernels, activeWasmKernelPatches, wasmKernelPatches } from './kernels/index.js';

const INSTALL_HINT = 'npm install @tensorflow/tfjs-backend-wasm@4.22.0';

/** Loads the wasm backend module once; its import registers the `wasm` backend factory. */
async function loadWasmModule(): Promise<{ version_wasm: string }> {
  return (await import('@tensorflow/tfjs-backend-wasm')) as { version_wasm: string };
}

export const wasmBackend = defineBackend({
  name: 'wasm',
  version: '1.0.0',
  tfBackendName: 'wasm',
  description: 'WebAssembly SIMD (tfjs-backend-wasm) with added training kernels; the default',
  async probe() {
    try {
      const mod = await loadWasmModule();
      return {
        available: true,
        reason: `tfjs-backend-wasm ${mod.version_wasm}, SIMD, 1 thread; +${wasmKernelPatches.length} kernels`,
        details: { version: mod.version_wasm, addedKernels: wasmKernelPatches.map((p) => p.kernelName).join(',') },
      };
    } catch (e) {
      return { available: false, reason: `cannot load @tensorflow/tfjs-backend-wasm (${(e as Error).message}); ${INSTALL_HINT}` };
    }
  },
  async activate() {
    try {
      await loadWasmModule();
    } catch (e) {
      throw new Error(`backend wasm: cannot load @tensorflow/tfjs-backend-wasm: ${(e as Error).message}. Install it: ${INSTALL_HINT}`);
    }
    installWasmKernels();
    if (!(await tf.setBackend('wasm'))) {
      throw new Error('backend wasm: tfjs could not initialise the wasm backend (see the warning above)');
    }
    await tf.ready();
  },
});
