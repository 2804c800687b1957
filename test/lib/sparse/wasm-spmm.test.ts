/**
 * The wasm SIMD CSR kernel against an independent oracle, a float64 dense triple loop over the
 * same matrix (spmm-oracle.ts, which states the tolerance).
 */
import { csrMatMul, denseToCsr, nnz, spmm, spmmKernel, type Csr } from '../../../lib/sparse/index.js';
import { sleb, uleb } from '../../../lib/sparse/wasm-encode.js';
import { spmmModule, spmmModuleBytes, WasmCsr } from '../../../lib/sparse/wasm-spmm.js';
import { expectProduct, PRODUCT_CASES, randomSparse } from './spmm-oracle.js';

test('WebAssembly SIMD is available on Node 20, so inference takes the wasm kernel', () => {
  expect(spmmModule()).not.toBeNull();
  expect(spmmKernel()).toBe('wasm-simd');
  expect(spmmModuleBytes().length).toBeLessThan(2048);
});

test('LEB128 encodings match the spec examples', () => {
  expect(uleb(0)).toEqual([0]);
  expect(uleb(127)).toEqual([0x7f]);
  expect(uleb(128)).toEqual([0x80, 0x01]);
  expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  expect(sleb(-1)).toEqual([0x7f]);
  expect(sleb(63)).toEqual([0x3f]);
  expect(sleb(64)).toEqual([0xc0, 0x00]);
  expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
});

test('wasm CSR product matches a float64 dense product: sparsities, odd shapes, zero rows, any batch', () => {
  for (const [i, [rows, cols, n, density, zeroRows]] of PRODUCT_CASES.entries()) {
    const a = randomSparse(rows, cols, density, i, zeroRows);
    const csr = denseToCsr(a, rows, cols);
    const b = randomSparse(cols, n, 1, 100 + i);
    expectProduct(a, rows, cols, b, n, spmm(csr, b, n, undefined, 'wasm-simd'));
    expectProduct(a, rows, cols, b, n, spmm(csr, b, n, undefined, 'js'));
  }
});

test('one kernel instance serves many products: batch sizes change, memory grows, nothing is stale', () => {
  const rows = 64;
  const cols = 161;
  const a = randomSparse(rows, cols, 0.2, 7, [3, 63]);
  const csr: Csr = denseToCsr(a, rows, cols);
  expect(nnz(csr)).toBeGreaterThan(0);
  const w = new WasmCsr(spmmModule()!, csr);
  // 1, then 97 (B padded to 100 columns is 64 KB: past the first 64 KiB page, the memory
  // grows), then 2 again; each B different.
  const sizes: number[] = [];
  for (const [t, n] of [1, 97, 2, 97].entries()) {
    const b = randomSparse(cols, n, 1, 50 + t);
    const out = new Float32Array(rows * n).fill(Number.NaN);
    expectProduct(a, rows, cols, b, n, w.mul(b, n, out));
    expect(out.subarray(3 * n, 4 * n).every((v) => v === 0)).toBe(true);
    sizes.push(w.memoryBytes);
  }
  expect(sizes[1]).toBeGreaterThan(sizes[0]!);
  expect(() => w.mul(new Float32Array(5), 1)).toThrow(/expected 161×1/);
  const bad = (patch: Partial<Csr>) => () => new WasmCsr(spmmModule()!, { ...csr, ...patch });
  expect(bad({ colIdx: csr.colIdx.map((c, k) => (k === 5 ? cols : c)) })).toThrow(/malformed/);
  expect(bad({ rowPtr: csr.rowPtr.map((p, r) => (r === 10 ? 0 : p)) })).toThrow(/malformed/);
});

test('wasm and JS kernels agree on a 95%-sparse 1024-wide layer at batch 64', () => {
  const n = 1024;
  const a = randomSparse(n, n, 0.05, 3);
  const csr = denseToCsr(a, n, n);
  const b = randomSparse(n, 64, 1, 4);
  const got = spmm(csr, b, 64, undefined, 'wasm-simd');
  const js = csrMatMul(csr, b, 64);
  // JS accumulates in float64, wasm in float32: within the float32 summation bound above.
  let worst = 0;
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - js[i]!) / (1 + Math.abs(js[i]!)));
  expect(worst).toBeLessThan(1e-5);
});
