/**
 * Just enough of the WebAssembly binary format to emit one hand-written module from
 * TypeScript: LEB128 integers, sections, and the handful of opcodes the sparse kernel uses
 * (i32 arithmetic, structured control flow, v128 loads/stores and f32x4 arithmetic).
 *
 * Why bytes and not text: no wat2wasm/emscripten toolchain is assumed anywhere the library
 * runs, and the module is a few hundred bytes, so a tiny emitter is simpler than a build step.
 * Opcode numbers are from the WebAssembly core spec (§5.4) and the fixed-width SIMD proposal
 * (merged into the spec, 2.0); SIMD opcodes are the 0xfd prefix followed by a LEB128 u32.
 */

export type Bytes = number[];

/** Unsigned LEB128. */
export function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export const utf8 = (s: string): Bytes => [...uleb(s.length), ...Array.from(new TextEncoder().encode(s))];

/** A vector: its length then its elements' bytes. */
export const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];

export const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];

export const ValType = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;

/** Instructions, each returning its bytes; `memarg` = (log2 alignment, byte offset). */
export const op = {
  block: (): Bytes => [0x02, 0x40],
  loop: (): Bytes => [0x03, 0x40],
  end: (): Bytes => [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  localGet: (i: number): Bytes => [0x20, ...uleb(i)],
  localSet: (i: number): Bytes => [0x21, ...uleb(i)],
  localTee: (i: number): Bytes => [0x22, ...uleb(i)],
  i32Load: (offset = 0): Bytes => [0x28, 2, ...uleb(offset)],
  i32Const: (n: number): Bytes => [0x41, ...sleb(n)],
  i32Eqz: (): Bytes => [0x45],
  i32GeU: (): Bytes => [0x4f],
  i32GtU: (): Bytes => [0x4b],
  i32Add: (): Bytes => [0x6a],
  i32Sub: (): Bytes => [0x6b],
  i32Mul: (): Bytes => [0x6c],
  v128Load: (offset = 0): Bytes => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  /** Loads one 32-bit lane and copies it into all four (a broadcast weight). */
  v128Load32Splat: (offset = 0): Bytes => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  v128Store: (offset = 0): Bytes => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  v128Zero: (): Bytes => [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Add: (): Bytes => [0xfd, ...uleb(0xe4)],
  f32x4Mul: (): Bytes => [0xfd, ...uleb(0xe6)],
  // float64 scalars and f64x2 lanes (the kinetic solver's dense kernels, lib/kinetic/wasm-dense.ts)
  f64Load: (offset = 0): Bytes => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset = 0): Bytes => [0x39, 3, ...uleb(offset)],
  f64x2Splat: (): Bytes => [0xfd, ...uleb(0x14)],
  f64x2Add: (): Bytes => [0xfd, ...uleb(0xf0)],
  f64x2Sub: (): Bytes => [0xfd, ...uleb(0xf1)],
  f64x2Mul: (): Bytes => [0xfd, ...uleb(0xf2)],
};

export interface FuncDef {
  name: string;
  params: number[];
  results: number[];
  /** Extra locals after the params, as (count, type) runs. */
  locals: [number, number][];
  body: Bytes;
}

/**
 * A module with one memory (exported as `memory`, `minPages` 64 KiB pages, growable) and the
 * given functions, each with its own type entry, exported by name.
 */
export function encodeModule(funcs: FuncDef[], minPages = 1): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const bytes: Bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(minPages)]])),
    ...section(7, vec([...funcs.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]), [...utf8('memory'), 0x02, 0x00]])),
    ...section(
      10,
      vec(
        funcs.map((f) => {
          const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body, ...op.end()];
          return [...uleb(body.length), ...body];
        }),
      ),
    ),
  ];
  return new Uint8Array(bytes);
}
