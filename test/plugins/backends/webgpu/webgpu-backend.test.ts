/**
 * backend webgpu as a plugin: its messages without the packages or without an adapter, the
 * adapter setups it tries, and what probe() reports on this machine.
 */
import {
  WEBGPU_INSTALL_HINT,
  createWebGpuBackend,
  gpuSetups,
  type ModuleImporter,
} from '../../../../plugins/backends/webgpu/index.js';
import { probeWebGpu, unavailableChecked } from './webgpu-gate.js';

const missing: ModuleImporter = async (specifier) => {
  throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
};

describe('backend webgpu: without its packages or an adapter', () => {
  test('missing packages give the install command, from probe() and activate()', async () => {
    const plugin = createWebGpuBackend(missing);
    const probe = await plugin.probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toBe(`webgpu is not installed: run \`${WEBGPU_INSTALL_HINT}\``);
    expect(WEBGPU_INSTALL_HINT).toBe(
      'npm install --save-exact webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0',
    );
    await expect(plugin.activate()).rejects.toThrow(`backend webgpu: ${probe.reason}`);
  });

  test('a Dawn that finds no adapter is reported per setup it tried', async () => {
    const created: string[][] = [];
    const noAdapter: ModuleImporter = async () => ({
      globals: {},
      create: (flags: string[]) => {
        created.push(flags);
        return { requestAdapter: async () => null };
      },
    });
    const saved = { ...process.env };
    delete process.env.PIPEWRIGHT_WEBGPU_BACKEND;
    delete process.env.PIPEWRIGHT_WEBGPU_ADAPTER;
    try {
      const probe = await createWebGpuBackend(noAdapter).probe();
      expect(probe).toEqual({
        available: false,
        reason: 'no WebGPU adapter found (vulkan: no adapter; opengles: no adapter)',
      });
      expect(created).toEqual([['backend=vulkan'], ['backend=opengles']]);
    } finally {
      Object.assign(process.env, saved);
    }
  });
});

describe('backend webgpu: adapter setups', () => {
  test('Vulkan first, then OpenGL ES on EGL surfaceless with a compatibility adapter', () => {
    const [vulkan, gles] = gpuSetups({});
    expect(vulkan.flags).toEqual(['backend=vulkan']);
    expect(gles.flags).toEqual(['backend=opengles']);
    expect(gles.env).toEqual({ EGL_PLATFORM: 'surfaceless' });
    expect(gles.adapterOptions.featureLevel).toBe('compatibility');
  });

  test('the environment can force a Dawn backend and pin an adapter by name', () => {
    const setups = gpuSetups({ PIPEWRIGHT_WEBGPU_BACKEND: 'vulkan', PIPEWRIGHT_WEBGPU_ADAPTER: 'NVIDIA H100' });
    expect(setups.map((s) => s.flags)).toEqual([['backend=vulkan', 'adapter=NVIDIA H100']]);
  });
});

describe('backend webgpu: this machine', () => {
  test('probe() names the adapter and whether it is software, or says what is missing', async () => {
    if (await unavailableChecked()) return;
    const probe = await probeWebGpu();
    expect(typeof probe.details?.adapter).toBe('string');
    expect(String(probe.details?.adapter).length).toBeGreaterThan(0);
    expect(typeof probe.details?.software).toBe('boolean');
    expect(['vulkan', 'opengles']).toContain(probe.details?.backend);
    expect(probe.reason).toContain(String(probe.details?.adapter));
  });
});
