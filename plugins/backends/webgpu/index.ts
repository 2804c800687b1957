/**
 * `backend webgpu`: @tensorflow/tfjs-backend-webgpu on Dawn's Node bindings (npm `webgpu`).
 * Optional: both packages are loaded only when a pipeline names this backend. On machines
 * without a GPU it runs on Mesa's software rasteriser, which checks correctness, not speed.
 * GPU tensors cannot be read synchronously: read with `await t.data()`.
 * See docs/backend-webgpu.md.
 */
import * as tf from '@tensorflow/tfjs';

import { defineBackend, type BackendPlugin } from '../../../kernel/backend.js';
import { gpuSetups, installNavigatorGpu, selectGpu, type SelectedGpu } from './adapter.js';
import { loadDawn, loadTfjsWebGpu, type DawnModule, type ModuleImporter } from './packages.js';

export { gpuSetups, selectGpu, type GpuSetup, type SelectedGpu } from './adapter.js';
export { WEBGPU_INSTALL_HINT, WEBGPU_PACKAGES, WebGpuNotInstalledError, type ModuleImporter } from './packages.js';

const TF_NAME = 'webgpu';

function message(e: unknown): string {
  return String((e as Error)?.message ?? e);
}

/** `importer` is replaceable so tests can play a checkout without the packages. */
export function createWebGpuBackend(importer: ModuleImporter = (s) => import(s)): BackendPlugin {
  let selection: Promise<{ dawn: DawnModule; gpu: SelectedGpu }> | null = null;
  const select = () =>
    (selection ??= (async () => {
      const dawn = await loadDawn(importer);
      return { dawn, gpu: await selectGpu(dawn, gpuSetups()) };
    })());

  return defineBackend({
    name: 'webgpu',
    version: '1.0.0',
    tfBackendName: TF_NAME,
    description:
      'WebGPU (tfjs-backend-webgpu on Dawn): a GPU through Vulkan, else Mesa software GL (optional packages)',
    async probe() {
      try {
        const { gpu } = await select();
        const speed = gpu.software ? ' (software: correct, not fast)' : '';
        const reason = `${gpu.details.adapter} via ${gpu.setup.backend}${speed}`;
        return { available: true, reason, details: gpu.details };
      } catch (e) {
        return { available: false, reason: message(e) };
      }
    },
    async activate() {
      let chosen: { dawn: DawnModule; gpu: SelectedGpu };
      try {
        chosen = await select();
      } catch (e) {
        throw new Error(`backend webgpu: ${message(e)}`);
      }
      if (tf.findBackendFactory(TF_NAME) == null) {
        installNavigatorGpu(chosen.dawn, chosen.gpu.gpu);
        await loadTfjsWebGpu(importer);
        if (tf.findBackendFactory(TF_NAME) == null) {
          throw new Error(
            'backend webgpu: @tensorflow/tfjs-backend-webgpu registered no backend; it was imported before ' +
              'navigator.gpu existed (import it only through this plugin)',
          );
        }
      }
      if (!(await tf.setBackend(TF_NAME))) {
        const adapter = chosen.gpu.details.adapter;
        throw new Error(`backend webgpu: tfjs could not create a device on ${adapter} (see the warning above)`);
      }
      await tf.ready();
    },
  });
}

export const webgpuBackend = createWebGpuBackend();
