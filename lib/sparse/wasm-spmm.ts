/**
 * The CSR × dense product (csr.ts's `csrMatMul`) as a hand-written WebAssembly SIMD kernel.
 *
 *   out[r, :] = Σ_{k in row r} values[k] · B[colIdx[k], :]      B, out: [·, n], n the batch
 *
 * Layout, and why:
 * - The batch is the contiguous axis of B and out (activations feature-major, as in
 *   sparse-model.ts), so one nonzero multiplies a whole contiguous B row segment: f32x4 lanes
 *   run over 4 batch columns with no gathers or shuffles, the weight broadcast once
 *   (`v128.load32_splat`).
 * - A row is computed W vectors (4W batch columns) at a time in W v128 accumulators (locals,
 *   which V8 keeps in registers): the loop over the row's nonzeros only loads, multiplies and
 *   adds, and each output vector is stored once. W = 8 (32 columns) leaves room in x86-64's 16
 *   xmm registers for the broadcast weight and the loaded operand (W = 16 spills: measured
 *   1.5× slower at batch 64); then passes of W = 4 and W = 1 cover the rest of the row. The W loads of one nonzero use memarg offsets 0, 16, ...
 *   off a single address.
 * - Nonzeros are interleaved (column i32, value f32) pairs, 8 bytes each: one stream, one
 *   pointer, one cache line per 8 nonzeros.
 * - The batch stride is padded to a multiple of 4 floats, so the kernel has no scalar tail;
 *   the padding lanes compute values nobody reads (lanes are independent).
 * - No FMA: plain wasm SIMD has none (relaxed-SIMD's madd is not on by default in Node 20);
 *   mul + add rounds twice, like the JS kernel.
 *
 * The module owns its memory (one instance per matrix, see `WasmCsr`): the matrix is copied in
 * once, then each product copies B in and out (O(n·(rows + cols)) against O(nnz·n) work).
 */
import { encodeModule, op, ValType, type Bytes } from './wasm-encode.js';
import type { Csr } from './csr.js';

// Parameters and locals of `spmm`, by index.
const P = { rowPtr: 0, nz: 1, x: 2, out: 3, rowEnd: 4, stride: 5 } as const;
const L = { kEnd: 6, kp: 7, j: 8, p: 9, acc: 10 } as const; // acc: 8 v128 locals, then w
const WIDTHS = [8, 4, 1];
const MAX_W = 8;
const W_LOCAL = L.acc + MAX_W;

/**
 * Body of spmm(rowPtr, nz, x, out, rowEnd, stride): all byte addresses; rowPtr → i32 offsets
 * (rows + 1), nz → (col, value) pairs, x → B [cols, stride/4], out → [rows, stride/4];
 * rowEnd = rowPtr + 4·rows; stride a multiple of 16.
 */
function spmmBody(): Bytes {
  const b: Bytes = [];
  const acc = (i: number) => L.acc + i;
  // Row loop, until rowPtr reaches rowEnd.
  b.push(...op.block(), ...op.loop());
  b.push(...op.localGet(P.rowPtr), ...op.localGet(P.rowEnd), ...op.i32GeU(), ...op.brIf(1));
  b.push(...op.i32Const(0), ...op.localSet(L.j));
  for (const w of WIDTHS) {
    b.push(...op.block(), ...op.loop());
    // while j + 16w <= stride
    b.push(...op.localGet(L.j), ...op.i32Const(16 * w), ...op.i32Add(), ...op.localGet(P.stride), ...op.i32GtU(), ...op.brIf(1));
    for (let i = 0; i < w; i++) b.push(...op.v128Zero(), ...op.localSet(acc(i)));
    // kp = nz + 8·rowPtr[r]; kEnd = nz + 8·rowPtr[r + 1]; p = x + j (the column block's base)
    b.push(...op.localGet(P.nz), ...op.localGet(P.rowPtr), ...op.i32Load(0), ...op.i32Const(8), ...op.i32Mul(), ...op.i32Add(), ...op.localSet(L.kp));
    b.push(...op.localGet(P.nz), ...op.localGet(P.rowPtr), ...op.i32Load(4), ...op.i32Const(8), ...op.i32Mul(), ...op.i32Add(), ...op.localSet(L.kEnd));
    b.push(...op.block(), ...op.loop());
    b.push(...op.localGet(L.kp), ...op.localGet(L.kEnd), ...op.i32GeU(), ...op.brIf(1));
    // w = splat(value); p = x + j + col·stride
    b.push(...op.localGet(L.kp), ...op.v128Load32Splat(4), ...op.localSet(W_LOCAL));
    b.push(...op.localGet(L.kp), ...op.i32Load(0), ...op.localGet(P.stride), ...op.i32Mul(), ...op.localGet(P.x), ...op.i32Add(), ...op.localGet(L.j), ...op.i32Add(), ...op.localSet(L.p));
    for (let i = 0; i < w; i++) {
      b.push(...op.localGet(acc(i)), ...op.localGet(W_LOCAL), ...op.localGet(L.p), ...op.v128Load(16 * i), ...op.f32x4Mul(), ...op.f32x4Add(), ...op.localSet(acc(i)));
    }
    b.push(...op.localGet(L.kp), ...op.i32Const(8), ...op.i32Add(), ...op.localSet(L.kp), ...op.br(0), ...op.end(), ...op.end());
    // out[row, j + 4i ..] = acc_i; j += 16w
    b.push(...op.localGet(P.out), ...op.localGet(L.j), ...op.i32Add(), ...op.localSet(L.p));
    for (let i = 0; i < w; i++) b.push(...op.localGet(L.p), ...op.localGet(acc(i)), ...op.v128Store(16 * i));
    b.push(...op.localGet(L.j), ...op.i32Const(16 * w), ...op.i32Add(), ...op.localSet(L.j), ...op.br(0), ...op.end(), ...op.end());
  }
  // next row: rowPtr += 4, out += stride
  b.push(...op.localGet(P.rowPtr), ...op.i32Const(4), ...op.i32Add(), ...op.localSet(P.rowPtr));
  b.push(...op.localGet(P.out), ...op.localGet(P.stride), ...op.i32Add(), ...op.localSet(P.out));
  b.push(...op.br(0), ...op.end(), ...op.end());
  return b;
}

/** The module's bytes (about 1 KB): exports `spmm` and `memory`. */
export function spmmModuleBytes(): Uint8Array<ArrayBuffer> {
  return encodeModule([
    {
      name: 'spmm',
      params: new Array<number>(6).fill(ValType.i32),
      results: [],
      locals: [
        [L.acc - 6, ValType.i32],
        [MAX_W + 1, ValType.v128],
      ],
      body: spmmBody(),
    },
  ]);
}

/**
 * The slice of the WebAssembly JS API used here, typed locally: the project compiles against
 * ES2023 + Node types, which do not declare the `WebAssembly` global.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface SpmmExports {
  spmm(rowPtr: number, nz: number, x: number, out: number, rowEnd: number, stride: number): void;
  memory: WasmMemory;
}
interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object) => { exports: unknown };
}
export type SpmmModule = object;

let compiled: SpmmModule | null | undefined;

/** The compiled module, or null where WebAssembly or its SIMD is unavailable. */
export function spmmModule(): SpmmModule | null {
  if (compiled === undefined) {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = spmmModuleBytes();
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled;
}

const PAGE = 65536;
const align16 = (n: number) => (n + 15) & ~15;

/** A CSR matrix copied into its own kernel instance's memory; `mul` computes A·B. */
export class WasmCsr {
  readonly rows: number;
  readonly cols: number;
  private readonly exports: SpmmExports;
  private readonly nzAt: number;
  private readonly xAt: number;

  constructor(module: SpmmModule, a: Csr) {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly!;
    this.exports = new wasm.Instance(module).exports as SpmmExports;
    this.rows = a.rows;
    this.cols = a.cols;
    const count = a.rowPtr[a.rows]!;
    // The kernel trusts its indices (a bad one reads the wrong activations, or traps), so a
    // malformed matrix is refused here, once, in O(rows + nnz).
    let ok = a.rowPtr[0] === 0 && count <= a.colIdx.length && count <= a.values.length;
    for (let r = 0; ok && r < a.rows; r++) ok = a.rowPtr[r]! <= a.rowPtr[r + 1]!;
    for (let k = 0; ok && k < count; k++) ok = a.colIdx[k]! >= 0 && a.colIdx[k]! < a.cols;
    if (!ok) throw new Error(`WasmCsr: malformed CSR matrix (${a.rows}×${a.cols}): row pointers must rise from 0, column indices lie in [0, ${a.cols})`);
    this.nzAt = align16(4 * (a.rows + 1));
    this.xAt = align16(this.nzAt + 8 * count);
    this.reserve(this.xAt);
    const mem = this.exports.memory.buffer;
    new Int32Array(mem, 0, a.rows + 1).set(a.rowPtr);
    const cols = new Int32Array(mem, this.nzAt, 2 * count);
    const vals = new Float32Array(mem, this.nzAt, 2 * count);
    for (let k = 0; k < count; k++) {
      cols[2 * k] = a.colIdx[k]!;
      vals[2 * k + 1] = a.values[k]!;
    }
  }

  /** Bytes of the instance's memory (it grows with the batch, never shrinks). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  private reserve(bytes: number): void {
    const have = this.exports.memory.buffer.byteLength;
    if (bytes > have) this.exports.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  /** out = A·B, B row-major [cols, n], out [rows, n] (allocated when omitted). */
  mul(b: Float32Array, n: number, out: Float32Array = new Float32Array(this.rows * n)): Float32Array {
    if (b.length !== this.cols * n) throw new Error(`WasmCsr.mul: B has ${b.length} values, expected ${this.cols}×${n}`);
    if (out.length !== this.rows * n) throw new Error(`WasmCsr.mul: out has ${out.length} values, expected ${this.rows}×${n}`);
    const padded = (n + 3) & ~3;
    const stride = 4 * padded;
    const outAt = align16(this.xAt + stride * this.cols);
    this.reserve(outAt + stride * this.rows);
    const f32 = new Float32Array(this.exports.memory.buffer);
    const x0 = this.xAt >> 2;
    const o0 = outAt >> 2;
    if (padded === n) f32.set(b, x0);
    else for (let c = 0; c < this.cols; c++) f32.set(b.subarray(c * n, (c + 1) * n), x0 + c * padded);
    this.exports.spmm(0, this.nzAt, this.xAt, outAt, 4 * this.rows, stride);
    if (padded === n) out.set(f32.subarray(o0, o0 + this.rows * n));
    else for (let r = 0; r < this.rows; r++) out.set(f32.subarray(o0 + r * padded, o0 + r * padded + n), r * n);
    return out;
  }
}
