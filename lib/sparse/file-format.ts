/**
 * The sparse model file (`.pws`): what `evaluate sparse { export: ... }` writes, readable back
 * into a `SparseModel` (inference) or a masked `Model` (further training). Its size tracks the
 * number of nonzeros, not the dense size:
 *
 *   "PWSPARS1"                     8 bytes magic
 *   u32 little-endian              length of the JSON header
 *   JSON header (UTF-8)            { arch, layers: { name: { rows, cols, nnz, index: 'u16'|'i32', bias } } }
 *   zero padding to a 4-byte boundary
 *   per layer, in header order:    rowPtr i32[rows + 1], values f32[nnz], bias f32[rows]?,
 *                                  colIdx u16|i32[nnz] (u16 when cols ≤ 65,536), padding to 4
 *
 * Per nonzero: 4 bytes of value + 2 of column index for layers up to 65,536 inputs.
 */
import type { ModelSpec } from '../nn/index.js';
import type { Csr } from './csr.js';
import type { SparseModel } from './sparse-model.js';

const MAGIC = 'PWSPARS1';

interface LayerHeader {
  rows: number;
  cols: number;
  nnz: number;
  index: 'u16' | 'i32';
  bias: boolean;
}

interface Header {
  arch: ModelSpec;
  layers: Record<string, LayerHeader>;
}

const pad4 = (n: number): number => (n + 3) & ~3;

export class SparseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SparseFileError';
  }
}

export function encodeSparseModel(m: SparseModel): Uint8Array {
  const header: Header = { arch: m.arch, layers: {} };
  let body = 0;
  for (const [name, l] of Object.entries(m.layers)) {
    const nnz = l.kernel.rowPtr[l.kernel.rows]!;
    const index = l.kernel.cols <= 65536 ? 'u16' : 'i32';
    header.layers[name] = { rows: l.kernel.rows, cols: l.kernel.cols, nnz, index, bias: !!l.bias };
    body += 4 * (l.kernel.rows + 1) + 4 * nnz + (l.bias ? 4 * l.kernel.rows : 0) + pad4(nnz * (index === 'u16' ? 2 : 4));
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = pad4(12 + json.length);
  const out = new Uint8Array(start + body);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let off = start;
  const put = (a: Int32Array | Float32Array | Uint16Array) => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
    off = pad4(off + a.byteLength);
  };
  for (const [name, l] of Object.entries(m.layers)) {
    const h = header.layers[name]!;
    put(l.kernel.rowPtr);
    put(l.kernel.values.subarray(0, h.nnz));
    if (l.bias) put(l.bias);
    put(h.index === 'u16' ? Uint16Array.from(l.kernel.colIdx.subarray(0, h.nnz)) : l.kernel.colIdx.subarray(0, h.nnz));
  }
  return out;
}

export function decodeSparseModel(bytes: Uint8Array): SparseModel {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new SparseFileError('not a pipewright sparse model file (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(8, true);
  if (12 + len > bytes.length) throw new SparseFileError('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as Header;
  } catch {
    throw new SparseFileError('unreadable header');
  }
  let off = pad4(12 + len);
  // Copies, so the arrays are aligned whatever the buffer's offset.
  const take = <T>(n: number, size: number, make: (b: ArrayBuffer) => T): T => {
    if (off + n * size > bytes.length) throw new SparseFileError('truncated data');
    const copy = bytes.slice(off, off + n * size).buffer;
    off = pad4(off + n * size);
    return make(copy);
  };
  const layers: SparseModel['layers'] = {};
  for (const [name, h] of Object.entries(header.layers)) {
    const rowPtr = take(h.rows + 1, 4, (b) => new Int32Array(b));
    const values = take(h.nnz, 4, (b) => new Float32Array(b));
    const bias = h.bias ? take(h.rows, 4, (b) => new Float32Array(b)) : undefined;
    const colIdx = h.index === 'u16' ? take(h.nnz, 2, (b) => Int32Array.from(new Uint16Array(b))) : take(h.nnz, 4, (b) => new Int32Array(b));
    if (rowPtr[h.rows] !== h.nnz) throw new SparseFileError(`layer '${name}': row pointers do not end at nnz`);
    const kernel: Csr = { rows: h.rows, cols: h.cols, rowPtr, colIdx, values };
    layers[name] = bias ? { kernel, bias } : { kernel };
  }
  return { arch: header.arch, layers };
}
