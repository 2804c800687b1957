/**
 * The webgpu tests run whether or not the optional packages (and a usable adapter) are here:
 * when they are, they check parity; when not, they check that the plugin says so clearly.
 */
import type { BackendAvailability } from '../../../../kernel/backend.js';
import { webgpuBackend } from '../../../../plugins/backends/webgpu/index.js';

let probed: Promise<BackendAvailability> | null = null;

export function probeWebGpu(): Promise<BackendAvailability> {
  probed ??= webgpuBackend.probe();
  return probed;
}

export const onWebGpu = (): Promise<void> => webgpuBackend.activate();

/** When unavailable: the reason and activate()'s error must say what is missing. True if so. */
export async function unavailableChecked(): Promise<boolean> {
  const probe = await probeWebGpu();
  if (probe.available) return false;
  expect(probe.reason).toMatch(/is not installed: run `npm install --save-exact webgpu@0\.6\.2|no WebGPU adapter/);
  await expect(webgpuBackend.activate()).rejects.toThrow(/^backend webgpu: /);
  return true;
}
