// The f64x2 WebAssembly kernels behind mulInto / tmulInto / drop-mode Gram–Schmidt against the
// JS loops they replace (the oracle), on random shapes with every remainder: odd row counts
// (the JS tail row), 1…4 and 5+ inner columns (the 4-column blocking), one output column.
// The kernels keep the JS loops' groupings (lane 0 = even rows, lane 1 = odd rows), so the
// results agree bit for bit; the bound asserted is the brief's 1e-12 relative (reassociation
// only), which a wrong lane, offset or tail (an O(1) error) would fail by far.
import { mulInto, mulIntoJs, tmulInto, tmulIntoJs, zeros, type Mat } from '../../../lib/kinetic/dense.js';
import { orthonormalize } from '../../../lib/kinetic/orth.js';
import { denseModuleBytes, setWasmDense, wasmDense } from '../../../lib/kinetic/wasm-dense.js';
import { mulberry32 } from '../../support/mulberry32.js';

function random(rows: number, cols: number, seed: number): Mat {
  const r = mulberry32(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => r() - 0.5) };
}
function relDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / s;
}

// 8…21: the Galerkin step's r̂×r̂ products, on the kernels since WASM_MIN_ROWS = 8.
const ROWS = [8, 9, 21, 64, 65, 127, 512, 513];

describe('wasm f64x2 dense kernels', () => {
  afterEach(() => setWasmDense(true));

  it('the module validates and is used here (Node 20 has wasm SIMD)', () => {
    expect((globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly!.validate(denseModuleBytes())).toBe(true);
    expect(wasmDense()).not.toBeNull();
    setWasmDense(false);
    expect(wasmDense()).toBeNull();
  });

  it('mulInto = the JS loops, every blocking remainder and odd rows', () => {
    let seed = 1;
    for (const n of ROWS) {
      for (const inner of [1, 2, 3, 4, 5, 7, 10, 19, 23]) {
        for (const m of [1, 3, 10, 23]) {
          const a = random(n, inner, seed++);
          const b = random(inner, m, seed++);
          const got = mulInto(a, b, random(n, m, seed++)); // stale contents must be overwritten
          const want = mulIntoJs(a, b, zeros(n, m));
          expect(relDiff(got.data, want.data)).toBeLessThanOrEqual(1e-12);
        }
      }
    }
  });

  it('tmulInto = the JS loops: symmetric and not, scalar and vector weights, a known block', () => {
    let seed = 1000;
    for (const n of ROWS) {
      for (const ac of [1, 2, 5, 10, 19]) {
        for (const bc of [1, 4, 11]) {
          const a = random(n, ac, seed++);
          const b = random(n, bc, seed++);
          const w = Float64Array.from(random(n, 1, seed++).data, (x) => 1 + x);
          for (const weight of [0.37, w]) {
            const got = tmulInto(a, b, weight, zeros(ac, bc));
            expect(relDiff(got.data, tmulIntoJs(a, b, weight, zeros(ac, bc)).data)).toBeLessThanOrEqual(1e-12);
            const sym = tmulInto(a, a, weight, zeros(ac, ac));
            expect(relDiff(sym.data, tmulIntoJs(a, a, weight, zeros(ac, ac)).data)).toBeLessThanOrEqual(1e-12);
            // A known leading block is left as the caller put it (here: NaN markers stay).
            const known = Math.min(2, ac);
            const pre = zeros(ac, ac);
            for (let j = 0; j < known; j++) for (let i = 0; i < known; i++) pre.data[j * ac + i] = NaN;
            const ext = tmulInto(a, a, weight, pre, known);
            const ref = tmulIntoJs(a, a, weight, zeros(ac, ac));
            for (let j = 0; j < ac; j++) {
              for (let i = 0; i < ac; i++) {
                const v = ext.data[j * ac + i]!;
                if (i < known && j < known) expect(v).toBeNaN();
                else expect(Math.abs(v - ref.data[j * ac + i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.data[j * ac + i]!)));
              }
            }
          }
        }
      }
    }
  });

  it('drop-mode Gram–Schmidt in the scratch memory = the JS passes (prefix, dropped columns, overwrite)', () => {
    for (const n of [64, 127, 512]) {
      const w = Float64Array.from(random(n, 1, n).data, (x) => 1 + x);
      // An orthonormal prefix, then columns inside its span (dropped), then new ones.
      const base = orthonormalize(random(n, 6, 7 * n), w, { mode: 'drop' }).Q;
      const inside = mulIntoJs(base, random(6, 3, 11), zeros(n, 3));
      const fresh = random(n, 5, 13 * n);
      const a: Mat = { rows: n, cols: 14, data: new Float64Array(14 * n) };
      a.data.set(base.data, 0);
      a.data.set(inside.data, 6 * n);
      a.data.set(fresh.data, 9 * n);
      for (const overwrite of [false, true]) {
        const opts = { mode: 'drop' as const, prefix: 6, overwrite };
        setWasmDense(false);
        const js = orthonormalize({ ...a, data: a.data.slice() }, w, opts);
        setWasmDense(true);
        const input = { ...a, data: a.data.slice() };
        const wa = orthonormalize(input, w, opts);
        expect(wa.Q.cols).toBe(11); // the three inside the prefix' span are dropped
        expect(wa.Q.cols).toBe(js.Q.cols);
        expect(relDiff(wa.Q.data, js.Q.data)).toBeLessThanOrEqual(1e-12);
        expect(relDiff(wa.R.data, js.R.data)).toBeLessThanOrEqual(1e-12);
        // overwrite: Q lives in the input's storage; otherwise the input is untouched.
        if (overwrite) expect(wa.Q.data.buffer).toBe(input.data.buffer);
        else expect(input.data).toEqual(a.data);
      }
    }
  });
});
