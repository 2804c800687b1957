/**
 * The hot loops of dense.ts's products as WebAssembly f64x2 kernels, emitted at load time with
 * the sparse kernel's encoder (no toolchain). Two shapes, both streaming over the rows of
 * column-major panels (n ≈ 512 rows, ≤ ~23 columns):
 *
 * - `axpyT` (T = 1…4): out[i] += ((a₀[i]·b₀ + a₁[i]·b₁) + a₂[i]·b₂) + a₃[i]·b₃ over T columns at a
 *   fixed byte stride — one pass of `mulInto`'s blocked loop (and of Gram–Schmidt's update);
 * - `dotT` (T = 1, 2, 4): Σ a_t[i]·x[i] for T columns against one x, `dotTw` the same against
 *   w·x (rounded first, as the JS loop's weighted copy), and `dotw`: Σ (w[i]·a[i])·b[i].
 *
 * Lane 0 carries the even rows and lane 1 the odd ones, which is exactly the two partial sums
 * of the JS loops; the dot kernels store both lanes and the caller adds them (and an odd last
 * row) in the JS order, and the axpy kernels group the terms as the JS loop does. So the wasm
 * results are bit-identical to the JS kernels, which stay the fallback and the test oracle.
 * Kernels see only an even number of rows (`bytes` = 16·⌊n/2⌋); the odd last row is done in
 * JS. No FMA (not in plain wasm SIMD): mul + add rounds twice, like JS.
 *
 * Memory: one instance, one growable memory used as scratch for the duration of a call
 * (`WasmDense.reserve` + `f64`): callers copy their panels in, run kernels on byte offsets and
 * copy results out; nothing lives across calls.
 */
import { encodeModule, op, ValType, type Bytes } from '../sparse/wasm-encode.js';

const { i32, f64, v128 } = ValType;

/** Pointer locals advanced by 16 bytes per iteration, then a loop until the first reaches `end`. */
function rowLoop(ptrs: number[], end: number, body: Bytes): Bytes {
  const b: Bytes = [...op.block(), ...op.loop()];
  b.push(...op.localGet(ptrs[0]!), ...op.localGet(end), ...op.i32GeU(), ...op.brIf(1));
  b.push(...body);
  for (const p of ptrs) b.push(...op.localGet(p), ...op.i32Const(16), ...op.i32Add(), ...op.localSet(p));
  b.push(...op.br(0), ...op.end(), ...op.end());
  return b;
}

/**
 * axpyT(out, a, stride, bytes, b₀ … b_{T−1}). Params: 0 out, 1 a, 2 stride, 3 bytes, 4… the
 * coefficients (f64). Locals: end, then pointers a₁…a_{T−1}, then T splats.
 */
function axpy(T: number): { params: number[]; locals: [number, number][]; body: Bytes } {
  const end = 4 + T;
  const ptr = (t: number) => (t === 0 ? 1 : end + t);
  const splat = (t: number) => end + T + t;
  const b: Bytes = [];
  b.push(...op.localGet(0), ...op.localGet(3), ...op.i32Add(), ...op.localSet(end));
  for (let t = 1; t < T; t++) b.push(...op.localGet(ptr(t - 1)), ...op.localGet(2), ...op.i32Add(), ...op.localSet(ptr(t)));
  for (let t = 0; t < T; t++) b.push(...op.localGet(4 + t), ...op.f64x2Splat(), ...op.localSet(splat(t)));
  const body: Bytes = [...op.localGet(0), ...op.localGet(0), ...op.v128Load()];
  for (let t = 0; t < T; t++) {
    body.push(...op.localGet(ptr(t)), ...op.v128Load(), ...op.localGet(splat(t)), ...op.f64x2Mul());
    if (t > 0) body.push(...op.f64x2Add());
  }
  body.push(...op.f64x2Add(), ...op.v128Store());
  const ptrs = [0];
  for (let t = 0; t < T; t++) ptrs.push(ptr(t));
  b.push(...rowLoop(ptrs, end, body));
  return {
    params: [i32, i32, i32, i32, ...new Array<number>(T).fill(f64)],
    locals: [
      [T, i32],
      [T, v128],
    ],
    body: b,
  };
}

/**
 * dotT(x, a, stride, bytes, res[, w]): both lanes of Σ a_t·x — or, weighted, Σ a_t·(w·x), the
 * JS loop's product with the weighted column w·x formed first — stored at res + 16t. Params:
 * 0 x, 1 a, 2 stride, 3 bytes, 4 res, (5 w). Locals: end, pointers a₁…, T accumulators, (w·x).
 */
function dot(T: number, weighted: boolean): { params: number[]; locals: [number, number][]; body: Bytes } {
  const end = weighted ? 6 : 5;
  const ptr = (t: number) => (t === 0 ? 1 : end + t);
  const acc = (t: number) => end + T + t;
  const wx = end + 2 * T;
  const b: Bytes = [];
  b.push(...op.localGet(0), ...op.localGet(3), ...op.i32Add(), ...op.localSet(end));
  for (let t = 1; t < T; t++) b.push(...op.localGet(ptr(t - 1)), ...op.localGet(2), ...op.i32Add(), ...op.localSet(ptr(t)));
  for (let t = 0; t < T; t++) b.push(...op.v128Zero(), ...op.localSet(acc(t)));
  const body: Bytes = [];
  if (weighted) body.push(...op.localGet(5), ...op.v128Load(), ...op.localGet(0), ...op.v128Load(), ...op.f64x2Mul(), ...op.localSet(wx));
  const xv = weighted ? op.localGet(wx) : [...op.localGet(0), ...op.v128Load()];
  for (let t = 0; t < T; t++) {
    body.push(...op.localGet(acc(t)), ...op.localGet(ptr(t)), ...op.v128Load(), ...xv, ...op.f64x2Mul(), ...op.f64x2Add(), ...op.localSet(acc(t)));
  }
  const ptrs = weighted ? [0, 5] : [0];
  for (let t = 0; t < T; t++) ptrs.push(ptr(t));
  b.push(...rowLoop(ptrs, end, body));
  for (let t = 0; t < T; t++) b.push(...op.localGet(4), ...op.localGet(acc(t)), ...op.v128Store(16 * t));
  return {
    params: weighted ? [i32, i32, i32, i32, i32, i32] : [i32, i32, i32, i32, i32],
    locals: [
      [T, i32],
      [weighted ? T + 1 : T, v128],
    ],
    body: b,
  };
}

/** dotw(w, a, b, bytes, res): both lanes of Σ (w·a)·b at res. Locals: end (5), acc (6). */
function dotw(): { params: number[]; locals: [number, number][]; body: Bytes } {
  const b: Bytes = [...op.localGet(0), ...op.localGet(3), ...op.i32Add(), ...op.localSet(5)];
  const body: Bytes = [...op.localGet(6), ...op.localGet(0), ...op.v128Load(), ...op.localGet(1), ...op.v128Load(), ...op.f64x2Mul(), ...op.localGet(2), ...op.v128Load(), ...op.f64x2Mul(), ...op.f64x2Add(), ...op.localSet(6)];
  b.push(...rowLoop([0, 1, 2], 5, body));
  b.push(...op.localGet(4), ...op.localGet(6), ...op.v128Store());
  return { params: [i32, i32, i32, i32, i32], locals: [[1, i32], [1, v128]], body: b };
}

export function denseModuleBytes(): Uint8Array<ArrayBuffer> {
  const funcs = [1, 2, 3, 4].map((T) => ({ name: `axpy${T}`, results: [], ...axpy(T) }));
  for (const T of [1, 2, 4]) funcs.push({ name: `dot${T}`, results: [], ...dot(T, false) }, { name: `dot${T}w`, results: [], ...dot(T, true) });
  funcs.push({ name: 'dotw', results: [], ...dotw() });
  return encodeModule(funcs);
}

/** The slice of the WebAssembly JS API used here (the project's lib types do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object) => { exports: unknown };
}
interface DenseExports {
  axpy1(out: number, a: number, stride: number, bytes: number, b0: number): void;
  axpy2(out: number, a: number, stride: number, bytes: number, b0: number, b1: number): void;
  axpy3(out: number, a: number, stride: number, bytes: number, b0: number, b1: number, b2: number): void;
  axpy4(out: number, a: number, stride: number, bytes: number, b0: number, b1: number, b2: number, b3: number): void;
  dot1(x: number, a: number, stride: number, bytes: number, res: number): void;
  dot2(x: number, a: number, stride: number, bytes: number, res: number): void;
  dot1w(x: number, a: number, stride: number, bytes: number, res: number, w: number): void;
  dot2w(x: number, a: number, stride: number, bytes: number, res: number, w: number): void;
  dot4(x: number, a: number, stride: number, bytes: number, res: number): void;
  dot4w(x: number, a: number, stride: number, bytes: number, res: number, w: number): void;
  dotw(w: number, a: number, b: number, bytes: number, res: number): void;
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
}

const PAGE = 65536;

/** The kernels and their scratch memory. `f64` is a view of the memory, renewed when it grows. */
export class WasmDense {
  readonly k: DenseExports;
  f64: Float64Array;

  constructor(module: object) {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
    this.k = new wasm.Instance(module).exports as DenseExports;
    this.f64 = new Float64Array(this.k.memory.buffer);
  }

  /** Ensures `count` float64 of scratch (from byte 0) and returns the current view. */
  reserve(count: number): Float64Array {
    const bytes = 8 * count + 64; // + up to 8 result slots (`res`) at the end
    const have = this.k.memory.buffer.byteLength;
    if (bytes > have) this.k.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.f64.buffer !== this.k.memory.buffer) this.f64 = new Float64Array(this.k.memory.buffer);
    return this.f64;
  }
}

let instance: WasmDense | null | undefined;
let enabled = true;

/** The shared kernel instance, or null where WebAssembly SIMD is unavailable or disabled. */
export function wasmDense(): WasmDense | null {
  if (!enabled) return null;
  if (instance === undefined) {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = denseModuleBytes();
    instance = wasm?.validate(bytes) ? new WasmDense(new wasm.Module(bytes)) : null;
  }
  return instance;
}

/** Turns the wasm kernels off (true → JS only) — for tests and for paired timings. */
export function setWasmDense(on: boolean): void {
  enabled = on;
}
