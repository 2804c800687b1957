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

export type SpmmKernel = 'wasm-simd' | 'js';

const prepared = new WeakMap<Csr, WasmCsr>();

/** The kernel `spmm` uses here. */
export const spmmKernel = (): SpmmKernel => (spmmModule() ? 'wasm-simd' : 'js');

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
  return kernel === 'js' ? csrMatMul(a, b, n, out) : wasmCsr(a).mul(b, n, out);
}
