/**
 * The tensor backends pipewright ships. `backend NAME` in a .pipe file picks one by `name`.
 */
import type { BackendPlugin } from '../../kernel/backend.js';
import { cpuBackend } from './cpu.js';
import { nodeBackend, nodeGpuBackend } from './node.js';
import { wasmBackend } from './wasm/index.js';
import { nativeBackend } from './native/index.js';
import { webgpuBackend } from './webgpu/index.js';
// ── native / webgpu backends: their imports go here ──────────────────────────────────────────
// (owned by the native/webgpu helper: import them above this line and add them to the list below)

export { cpuBackend } from './cpu.js';
export { nodeBackend, nodeGpuBackend, tfjsNodeBackend } from './node.js';
export { wasmBackend } from './wasm/index.js';
export { nativeBackend } from './native/index.js';
export { webgpuBackend } from './webgpu/index.js';

/** The default backend's name, used when a pipeline has no `backend` line. */
export const DEFAULT_BACKEND = 'wasm';

export const backends: BackendPlugin[] = [
  wasmBackend,
  cpuBackend,
  // ── native / webgpu backends go here (e.g. nativeBackend, webgpuBackend) ──
  nativeBackend,
  webgpuBackend,
  nodeBackend,
  nodeGpuBackend,
];
