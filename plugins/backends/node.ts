/**
 * `backend node` / `backend node-gpu`: @tensorflow/tfjs-node[-gpu] (libtensorflow through
 * N-API). Optional: their install script downloads libtensorflow, so they are not dependencies
 * of pipewright. They are imported only when a pipeline names them, and a missing package,
 * library or CUDA runtime becomes a one-line reason with the command that fixes it.
 */
import * as tf from '@tensorflow/tfjs';
import { defineBackend, type BackendAvailability, type BackendPlugin } from '../../kernel/backend.js';

/** The tfjs version every tfjs-node build must match (both must share one tfjs-core). */
const TFJS_VERSION = '4.22.0';

export type ModuleImporter = (specifier: string) => Promise<unknown>;

export interface TfjsNodeSpec {
  name: string;
  packageName: string;
  description: string;
  /** What the package needs beyond npm, said when it fails to load. */
  requirement: string;
  /** Replaceable in tests; defaults to a dynamic `import()`. */
  importer?: ModuleImporter;
}

function isNotFound(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === 'ERR_MODULE_NOT_FOUND' ||
    err?.code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(err?.message ?? '')
  );
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

export function tfjsNodeBackend(spec: TfjsNodeSpec): BackendPlugin {
  const importer: ModuleImporter = spec.importer ?? ((s) => import(s));
  const install = `npm install ${spec.packageName}@${TFJS_VERSION}`;

  async function load(): Promise<BackendAvailability> {
    try {
      await importer(spec.packageName);
    } catch (e) {
      if (isNotFound(e)) {
        return {
          available: false,
          reason: `${spec.packageName} is not installed; run \`${install}\` (its install script downloads libtensorflow)`,
          details: { install },
        };
      }
      return {
        available: false,
        reason: `${spec.packageName} failed to load: ${firstLine(e)} (${spec.requirement}; reinstall with \`${install}\`)`,
        details: { install },
      };
    }
    if (tf.findBackendFactory('tensorflow') == null) {
      return {
        available: false,
        reason: `${spec.packageName} loaded but registered no 'tensorflow' backend with this @tensorflow/tfjs; install the matching version: \`${install}\``,
        details: { install },
      };
    }
    return { available: true, reason: `${spec.packageName} (libtensorflow)`, details: { package: spec.packageName } };
  }

  return defineBackend({
    name: spec.name,
    version: '1.0.0',
    tfBackendName: 'tensorflow',
    description: spec.description,
    probe: load,
    async activate() {
      const found = await load();
      if (!found.available) throw new Error(`backend ${spec.name}: ${found.reason}`);
      if (!(await tf.setBackend('tensorflow'))) {
        throw new Error(`backend ${spec.name}: tfjs could not initialise the 'tensorflow' backend (${spec.requirement})`);
      }
      await tf.ready();
    },
  });
}

export const nodeBackend = tfjsNodeBackend({
  name: 'node',
  packageName: '@tensorflow/tfjs-node',
  description: 'libtensorflow on the CPU via @tensorflow/tfjs-node (optional, installed separately)',
  requirement: 'needs libtensorflow, downloaded by its install script',
});

export const nodeGpuBackend = tfjsNodeBackend({
  name: 'node-gpu',
  packageName: '@tensorflow/tfjs-node-gpu',
  description: 'libtensorflow on an NVIDIA GPU via @tensorflow/tfjs-node-gpu (optional, needs CUDA)',
  requirement: 'needs an NVIDIA driver with CUDA 11.2 and cuDNN 8.1 on the library path',
});
