/**
 * Finds and loads the optional N-API addon (native/, built by `npm run build:native`). Loading
 * is lazy and remembered: a missing build is a normal state, reported by probe(), not an error.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What native/src/addon.c exports. Views are written in place; nothing is returned. */
export interface NativeAddon {
  gemm(
    a: Float32Array, aOffsets: Int32Array, b: Float32Array, bOffsets: Int32Array,
    c: Float32Array, m: number, n: number, k: number, transA: number, transB: number,
  ): void;
  biasAct(
    c: Float32Array, rows: number, n: number, bias: Float32Array | null, activation: number,
    alpha: number, prelu: Float32Array | null,
  ): void;
  conv2d(x: Float32Array, w: Float32Array, y: Float32Array, geometry: Int32Array): void;
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  /** The geometry's filter is the pooling window; out channels equal in channels. */
  maxPoolGrad(x: Float32Array, dy: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  setNumThreads(n: number): void;
  /** CSR × batch-contiguous dense (native/src/csr.c); absent from addons built before it. */
  csrMatMul?(rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, b: Float32Array, out: Float32Array, rows: number, n: number): void;
  blasInfo(): { config: string; corename: string; threads: number };
}

export const BUILD_HINT =
  'native addon not built: run `apt-get install libopenblas-dev && npm run build:native`';

const ADDON_FILE = join('native', 'build', 'Release', 'pipewright_native.node');
/**
 * OpenBLAS threads: 2 (the reference machine's cores), fewer on a smaller machine, since BLAS
 * threads that outnumber cores stall each other. PIPEWRIGHT_BLAS_THREADS overrides.
 */
const DEFAULT_THREADS = Math.min(2, availableParallelism());

export type AddonLoad = { addon: NativeAddon; path: string } | { addon: null; reason: string };

let cached: AddonLoad | undefined;

/** Walks up from this file (works from the sources and from dist/) to the repository root. */
function findAddonPath(): string | null {
  const override = process.env.PIPEWRIGHT_NATIVE_ADDON;
  if (override) return existsSync(override) ? override : null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, ADDON_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

function threadCount(): number {
  const n = Number(process.env.PIPEWRIGHT_BLAS_THREADS ?? DEFAULT_THREADS);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_THREADS;
}

export function loadNativeAddon(): AddonLoad {
  if (cached) return cached;
  const path = findAddonPath();
  if (path === null) {
    cached = { addon: null, reason: BUILD_HINT };
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    addon.setNumThreads(threadCount());
    cached = { addon, path };
  } catch (err) {
    // Built, but for another Node ABI or without libopenblas at run time.
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    cached = { addon: null, reason: `${BUILD_HINT} (loading ${path} failed: ${why})` };
  }
  return cached;
}

/** Forgets the cached load; tests use it with PIPEWRIGHT_NATIVE_ADDON to see the unbuilt path. */
export function resetNativeAddonCache(): void {
  cached = undefined;
}
