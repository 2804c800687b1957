/**
 * Which GPU `backend webgpu` runs on. Dawn is asked in order: Vulkan (real GPUs, and Mesa 25's
 * lavapipe), then OpenGL ES, which on GPU-less machines is Mesa's llvmpipe: software, good for
 * correctness tests only. OpenGL ES needs EGL's surfaceless platform and a `compatibility`
 * feature-level adapter; tfjs asks for an adapter without saying so, so navigator.gpu's
 * requestAdapter is wrapped to add the chosen options to every request. Given the same options
 * Dawn returns the same adapter, which pins tfjs to the one probe() reported.
 *
 * Environment: PIPEWRIGHT_WEBGPU_BACKEND=vulkan|opengles|... forces one Dawn backend;
 * PIPEWRIGHT_WEBGPU_ADAPTER=NAME pins an adapter by name (Dawn's `adapter=` toggle), for a
 * machine with both a GPU and a software adapter.
 */
import type { DawnModule, GpuAdapterLike, GpuLike } from './packages.js';
import { setProcessEnvDefaults } from './process-env.js';

export interface GpuSetup {
  /** Dawn backend name (`backend=` toggle). */
  backend: string;
  flags: string[];
  /** Set only where the user has not set them. */
  env: Record<string, string>;
  adapterOptions: Record<string, unknown>;
}

export interface SelectedGpu {
  gpu: GpuLike;
  setup: GpuSetup;
  software: boolean;
  details: Record<string, string | boolean>;
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software/i;

export function gpuSetups(env: NodeJS.ProcessEnv = process.env): GpuSetup[] {
  const pin = env.PIPEWRIGHT_WEBGPU_ADAPTER ? [`adapter=${env.PIPEWRIGHT_WEBGPU_ADAPTER}`] : [];
  const all: GpuSetup[] = [
    { backend: 'vulkan', flags: [], env: {}, adapterOptions: { powerPreference: 'high-performance' } },
    {
      backend: 'opengles',
      flags: [],
      env: { EGL_PLATFORM: 'surfaceless' },
      adapterOptions: { powerPreference: 'high-performance', featureLevel: 'compatibility' },
    },
  ];
  const forced = env.PIPEWRIGHT_WEBGPU_BACKEND;
  const chosen = forced
    ? [all.find((s) => s.backend === forced) ?? { backend: forced, flags: [], env: {}, adapterOptions: {} }]
    : all;
  return chosen.map((s) => ({ ...s, flags: [`backend=${s.backend}`, ...pin, ...s.flags] }));
}

function describe(setup: GpuSetup, adapter: GpuAdapterLike): Pick<SelectedGpu, 'software' | 'details'> {
  const info = adapter.info ?? {};
  const name = info.device || info.description || 'unnamed adapter';
  const fallback = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
  const software = fallback || SOFTWARE.test(`${name} ${info.description ?? ''}`);
  const details: Record<string, string | boolean> = { adapter: name, backend: setup.backend, software };
  for (const key of ['vendor', 'architecture', 'description'] as const) {
    if (info[key]) details[key] = info[key] as string;
  }
  details.featureLevel = String(setup.adapterOptions.featureLevel ?? 'core');
  return { software, details };
}

/** The first setup that yields an adapter; the error lists what each setup said. */
export async function selectGpu(dawn: DawnModule, setups: GpuSetup[]): Promise<SelectedGpu> {
  const tried: string[] = [];
  for (const setup of setups) {
    try {
      await setProcessEnvDefaults(setup.env);
      const gpu = dawn.create(setup.flags);
      const adapter = await gpu.requestAdapter(setup.adapterOptions);
      if (adapter) {
        return { gpu: withAdapterOptions(gpu, setup.adapterOptions), setup, ...describe(setup, adapter) };
      }
      tried.push(`${setup.backend}: no adapter`);
    } catch (e) {
      tried.push(`${setup.backend}: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    }
  }
  throw new Error(`no WebGPU adapter found (${tried.join('; ')})`);
}

function withAdapterOptions(gpu: GpuLike, options: Record<string, unknown>): GpuLike {
  const request = gpu.requestAdapter.bind(gpu);
  gpu.requestAdapter = (asked = {}) => request({ ...asked, ...options });
  return gpu;
}

/** Makes Dawn the page's WebGPU: its globals (GPUBufferUsage, ...) and navigator.gpu. */
export function installNavigatorGpu(dawn: DawnModule, gpu: GpuLike): void {
  Object.assign(globalThis, dawn.globals);
  const g = globalThis as { navigator?: object };
  if (g.navigator && typeof g.navigator === 'object') {
    Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
}
