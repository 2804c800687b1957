/**
 * The backends a bench can run on: every backend plugin, plus `wasm-stock` (tfjs-backend-wasm
 * without pipewright's kernels) so the gain of those kernels is measured, not asserted.
 */
import type { BackendAvailability } from '../kernel/backend.js';
import { backends } from '../plugins/backends/index.js';
import { uninstallWasmKernels, wasmBackend } from '../plugins/backends/wasm/index.js';

export interface BenchBackend {
  name: string;
  probe(): Promise<BackendAvailability>;
  activate(): Promise<void>;
  /** Far slower than the rest: suites shrink their repetitions. */
  slow: boolean;
}

const wasmStock: BenchBackend = {
  name: 'wasm-stock',
  slow: false,
  probe: () => wasmBackend.probe(),
  async activate() {
    await wasmBackend.activate();
    uninstallWasmKernels();
  },
};

export const benchBackends: BenchBackend[] = [
  ...backends.map((b) => ({ name: b.name, probe: () => b.probe(), activate: () => b.activate(), slow: b.name === 'cpu' })),
  wasmStock,
];

/** Backends left out when `--backend` is not given. */
export const DEFAULT_EXCLUDED = new Set<string>();
