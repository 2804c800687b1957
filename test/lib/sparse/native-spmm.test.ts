/**
 * The native addon's CSR product (native/src/csr.c) against the float64 dense oracle
 * (spmm-oracle.ts), and its index checks. Runs where the addon is built with csr.c (or
 * PIPEWRIGHT_NATIVE_ADDON points at such a build); elsewhere it checks nothing and says so.
 */
import { denseToCsr } from '../../../lib/sparse/index.js';
import { loadNativeAddon } from '../../../plugins/backends/native/addon.js';
import { expectProduct, PRODUCT_CASES, randomSparse } from './spmm-oracle.js';

type CsrMatMul = (rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, b: Float32Array, out: Float32Array, rows: number, n: number) => void;

const addon = loadNativeAddon().addon as { csrMatMul?: CsrMatMul } | null;
const csrMatMul = addon?.csrMatMul?.bind(addon);
const maybe = csrMatMul ? test : test.skip;
if (!csrMatMul) console.info('native-spmm: addon without csrMatMul (npm run build:native); skipped');

maybe('native CSR product matches a float64 dense product: sparsities, odd shapes, zero rows, any batch', () => {
  for (const [i, [rows, cols, n, density, zeroRows]] of PRODUCT_CASES.entries()) {
    const a = randomSparse(rows, cols, density, i, zeroRows);
    const csr = denseToCsr(a, rows, cols);
    const b = randomSparse(cols, n, 1, 100 + i);
    const out = new Float32Array(rows * n).fill(Number.NaN);
    csrMatMul!(csr.rowPtr, csr.colIdx, csr.values, b, out, rows, n);
    expectProduct(a, rows, cols, b, n, out);
  }
});

maybe('malformed matrices throw before the kernel reads anything', () => {
  const [rowPtr, col, val] = [new Int32Array([0, 2, 3]), new Int32Array([0, 2, 1]), new Float32Array(3)];
  const b = new Float32Array(3 * 4);
  const out = new Float32Array(2 * 4);
  csrMatMul!(rowPtr, col, val, b, out, 2, 4);
  expect(() => csrMatMul!(rowPtr, new Int32Array([0, 3, 1]), val, b, out, 2, 4)).toThrow('csrMatMul: column index out of range');
  expect(() => csrMatMul!(new Int32Array([0, 4, 3]), col, val, b, out, 2, 4)).toThrow('csrMatMul: rowPtr must be non-decreasing and within colIdx');
  expect(() => csrMatMul!(new Int32Array([1, 2, 3]), col, val, b, out, 2, 4)).toThrow('csrMatMul: rowPtr[0] must be 0');
  expect(() => csrMatMul!(rowPtr, col, val, b, new Float32Array(7), 2, 4)).toThrow('csrMatMul: out is not [rows, n]');
  expect(() => csrMatMul!(rowPtr, col, new Float32Array(2), b, out, 2, 4)).toThrow('csrMatMul: colIdx and values differ in length');
});

maybe('evaluate sparse runs on the C kernel while backend native is active, and on wasm otherwise', async () => {
  const tf = await import('@tensorflow/tfjs');
  const { nativeBackend } = await import('../../../plugins/backends/native/index.js');
  const { wasmBackend } = await import('../../../plugins/backends/wasm/index.js');
  const { spmm, spmmKernel } = await import('../../../lib/sparse/index.js');
  const [rows, cols, n] = [37, 53, 9];
  const a = randomSparse(rows, cols, 0.1, 7, [3]);
  const csr = denseToCsr(a, rows, cols);
  const b = randomSparse(cols, n, 1, 8, []);
  await nativeBackend.activate();
  expect(spmmKernel()).toBe('native-c');
  expectProduct(a, rows, cols, b, n, spmm(csr, b, n));
  await wasmBackend.activate();
  expect(tf.getBackend()).toBe('wasm');
  expect(spmmKernel()).toBe('wasm-simd');
});
