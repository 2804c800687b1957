/**
 * The product sparse inference runs on: A·B for a CSR A and a batch-contiguous B, on the wasm
 * SIMD kernel (wasm-spmm.ts) where WebAssembly SIMD is available, else on the plain-JS kernel
 * (csr.ts's `csrMatMul`). Same results up to float32 summation order (both sum a row's
 * nonzeros in storage order; both round mul and add separately).
 *
 * A matrix is copied into a kernel instance on its first product and kept, keyed by the Csr
 * object (WeakMap: it goes when the matrix goes). Csr objects are treated as immutable once
 * multiplied; build a new one to change weights.
 */
import { csrMatMul, type Csr } from './csr.js';
import { spmmModule, WasmCsr } from './wasm-spmm.js';

export type SpmmKernel = 'native-c' | 'wasm-simd' | 'js';

/** out[r, :] = Σ_k values[k]·b[colIdx[k], :] over row r's nonzeros; overwrites out ([rows, n]). */
export type CsrProduct = (rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, b: Float32Array, out: Float32Array, rows: number, n: number) => void;

/**
 * A kernel a tensor backend brings along (backend native's C kernel), used while `active()` says
 * that backend is the one running, so a pipeline on `backend wasm` in the same process still
 * measures the wasm kernel. lib/ cannot import plugins, so the backend registers itself here.
 */
export interface SpmmProvider {
  name: 'native-c';
  active(): boolean;
  product: CsrProduct;
}

let provider: SpmmProvider | undefined;

export function setSpmmProvider(p: SpmmProvider | undefined): void {
  provider = p;
}

const prepared = new WeakMap<Csr, WasmCsr>();

/** The kernel `spmm` uses here. */
export const spmmKernel = (): SpmmKernel => (provider?.active() ? provider.name : spmmModule() ? 'wasm-simd' : 'js');

function wasmCsr(a: Csr): WasmCsr {
  const module = spmmModule();
  if (!module) throw new Error('spmm: WebAssembly SIMD is not available here; use the js kernel');
  let w = prepared.get(a);
  if (!w) prepared.set(a, (w = new WasmCsr(module, a)));
  return w;
}

/** Copies A into its kernel instance now (otherwise done by its first product). */
export function spmmPrepare(a: Csr, kernel: SpmmKernel = spmmKernel()): void {
  if (kernel === 'wasm-simd') wasmCsr(a);
}

/** out = A·B, B row-major [A.cols, n] (n: batch, contiguous), out [A.rows, n]. */
export function spmm(a: Csr, b: Float32Array, n: number, out?: Float32Array, kernel: SpmmKernel = spmmKernel()): Float32Array {
  if (kernel === 'native-c') {
    if (!provider) throw new Error('spmm: no native kernel is registered (select backend native)');
    const o = out ?? new Float32Array(a.rows * n);
    provider.product(a.rowPtr, a.colIdx, a.values, b, o, a.rows, n);
    return o;
  }
  return kernel === 'js' ? csrMatMul(a, b, n, out) : wasmCsr(a).mul(b, n, out);
}
