/**
 * The two optional npm packages behind `backend webgpu`, loaded only when a pipeline names it:
 * `webgpu` (Dawn's Node bindings, a prebuilt dawn.node) and `@tensorflow/tfjs-backend-webgpu`.
 * Neither is a dependency of pipewright; a missing one becomes a one-line install hint.
 */

export const WEBGPU_PACKAGES = ['webgpu@0.6.2', '@tensorflow/tfjs-backend-webgpu@4.22.0'] as const;
export const WEBGPU_INSTALL_HINT = `npm install --save-exact ${WEBGPU_PACKAGES.join(' ')}`;

/** The part of a GPUAdapter this plugin reads. */
export interface GpuAdapterLike {
  info?: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  isFallbackAdapter?: boolean;
  features: { has(name: string): boolean };
}

export interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<GpuAdapterLike | null>;
}

export interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** The packages' absence, as opposed to a package that loads but fails. */
export class WebGpuNotInstalledError extends Error {}

function isNotFound(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === 'ERR_MODULE_NOT_FOUND' ||
    err?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(err?.message ?? '')
  );
}

async function load(importer: ModuleImporter, specifier: string): Promise<unknown> {
  try {
    return await importer(specifier);
  } catch (e) {
    if (isNotFound(e)) {
      throw new WebGpuNotInstalledError(`${specifier} is not installed: run \`${WEBGPU_INSTALL_HINT}\``);
    }
    throw new Error(`${specifier} failed to load: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  }
}

export async function loadDawn(importer: ModuleImporter): Promise<DawnModule> {
  const mod = (await load(importer, 'webgpu')) as Partial<DawnModule>;
  if (typeof mod.create !== 'function' || mod.globals === undefined) {
    throw new Error('the `webgpu` package does not export create/globals (expected webgpu@0.6.2)');
  }
  return mod as DawnModule;
}

/** Must run after navigator.gpu exists: the module registers its tfjs backend on import. */
export async function loadTfjsWebGpu(importer: ModuleImporter): Promise<void> {
  await load(importer, '@tensorflow/tfjs-backend-webgpu');
}
