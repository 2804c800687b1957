/**
 * The compressed model file (`.pwc`): one file whose size is the model's real compressed size,
 * read back into a Model with bit-identical weights (so identical predictions).
 *
 *   "PWCOMPR1"          8 bytes magic
 *   u32 little-endian   length of the JSON header
 *   JSON header         { arch, referenceBytes, activations, activationBits, steps, tensors: [...] }
 *   per tensor          one byte-aligned section of `bytes` bytes, in header order
 *
 * A tensor's section: its codebook (float32 centroids) or quantisation parameters (float32
 * scales, int32 zero points when asymmetric); then one bit stream holding, when the tensor is
 * masked (pruned), the positions of the kept entries as gaps, then the kept values — codebook
 * indices, quantised codes (q − qmin), or raw float32 bits. Indices and gaps are written with a
 * fixed width or Huffman-coded (Deep Compression); Huffman tables are stored as code lengths.
 *
 * Gaps (Deep Compression's relative indices): the distance from the previous kept position,
 * with span M = 2^g − 1; symbol 0 means "advance M, no entry" (a filler), 1..M "advance that
 * far, an entry here". The width g is chosen per tensor to minimise the stream.
 */
import { checkModel, paramInfos, type Model, type ModelSpec, type ParamArrays } from '../nn/index.js';
import { BitReader, BitWriter, bitsFor } from './bitstream.js';
import { codebookIndices } from './codebook.js';
import { huffmanBits, huffmanDecode, huffmanEncode, huffmanLengths, symbolCounts } from './huffman.js';
import { compressionOf, quantParamsOf, withCompression, type CompressionMeta } from './meta.js';
import { dequantizeValues, quantRange, recoverQuantized, type Granularity, type QuantScheme } from './quantize.js';

const MAGIC = 'PWCOMPR1';

type ValueCoding =
  | { kind: 'f32' }
  | { kind: 'codebook'; k: number; bits: number }
  | { kind: 'quant'; bits: number; scheme: QuantScheme; granularity: Granularity; channels: number };

interface TensorHeader {
  name: string;
  shape: number[];
  values: ValueCoding;
  /** Kept entries; absent when every entry is stored (no mask). */
  sparse?: { kept: number; gapBits: number; gapSymbols: number };
  huffman: boolean;
  bytes: number;
}

interface Header extends Omit<CompressionMeta, 'codebooks' | 'quant' | 'huffman'> {
  arch: ModelSpec;
  tensors: TensorHeader[];
}

export class CompressedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompressedFileError';
  }
}

function gapSymbols(positions: number[], gapBits: number): number[] {
  const span = 2 ** gapBits - 1;
  const out: number[] = [];
  let prev = -1;
  for (const p of positions) {
    let gap = p - prev;
    for (; gap > span; gap -= span) out.push(0);
    out.push(gap);
    prev = p;
  }
  return out;
}

function tableBits(lengths: Uint8Array): number {
  const lw = bitsFor(Math.max(...lengths) + 1);
  const used = lengths.filter((l) => l > 0).length;
  return 5 + Math.min(lengths.length * lw, 32 + used * (bitsFor(lengths.length) + lw));
}

function writeTable(w: BitWriter, lengths: Uint8Array): void {
  const lw = bitsFor(Math.max(...lengths) + 1);
  const used = [...lengths.keys()].filter((s) => lengths[s]! > 0);
  w.write(lw, 4);
  if (lengths.length * lw <= 32 + used.length * (bitsFor(lengths.length) + lw)) {
    w.write(0, 1);
    for (const l of lengths) w.write(l, lw);
  } else {
    w.write(1, 1);
    w.write(used.length, 32);
    for (const s of used) {
      w.write(s, bitsFor(lengths.length));
      w.write(lengths[s]!, lw);
    }
  }
}

function readTable(r: BitReader, size: number): Uint8Array {
  const lw = r.read(4);
  const lengths = new Uint8Array(size);
  if (r.read(1) === 0) for (let s = 0; s < size; s++) lengths[s] = r.read(lw);
  else for (let i = r.read(32); i > 0; i--) lengths[r.read(bitsFor(size))] = r.read(lw);
  return lengths;
}

/** Bits of a symbol stream over `size` symbols, fixed-width or Huffman (table included). */
function streamBits(symbols: ArrayLike<number>, size: number, huffman: boolean): number {
  if (!huffman) return symbols.length * bitsFor(size);
  const counts = symbolCounts(symbols, size);
  const lengths = huffmanLengths(counts);
  return huffmanBits(counts, lengths) + tableBits(lengths);
}

function writeStream(w: BitWriter, symbols: ArrayLike<number>, size: number, huffman: boolean): void {
  if (!huffman) {
    const width = bitsFor(size);
    for (let i = 0; i < symbols.length; i++) w.write(symbols[i]!, width);
    return;
  }
  const lengths = huffmanLengths(symbolCounts(symbols, size));
  writeTable(w, lengths);
  huffmanEncode(symbols, lengths, w);
}

function readStream(r: BitReader, count: number, size: number, huffman: boolean): Uint32Array {
  if (!huffman) {
    const width = bitsFor(size);
    return Uint32Array.from({ length: count }, () => r.read(width));
  }
  return huffmanDecode(r, readTable(r, size), count);
}

/** Symbols (and alphabet size) of the kept values of one tensor, plus its leading float section. */
function valueSymbols(model: Model, name: string, c: CompressionMeta, kept: number[]): { values: ValueCoding; symbols: Uint32Array; size: number; floats: number[]; ints: number[] } {
  const p = model.params[name]!;
  const book = c.codebooks[name];
  if (book) {
    const index = codebookIndices(p.data, book.centroids, name, model.masks?.[name]);
    return { values: { kind: 'codebook', k: book.centroids.length, bits: book.bits }, symbols: Uint32Array.from(kept, (i) => index[i]!), size: book.centroids.length, floats: book.centroids, ints: [] };
  }
  const qm = c.quant[name];
  if (qm) {
    const qp = quantParamsOf(qm);
    const q = recoverQuantized(p.data, qp, name);
    const { qmin, qmax } = quantRange(qm.bits, qm.scheme);
    return { values: { kind: 'quant', bits: qm.bits, scheme: qm.scheme, granularity: qm.granularity, channels: qm.scales.length }, symbols: Uint32Array.from(kept, (i) => q[i]! - qmin), size: qmax - qmin + 1, floats: qm.scales, ints: qm.scheme === 'asymmetric' ? qm.zeroPoints : [] };
  }
  const bits = new Uint32Array(p.data.buffer, p.data.byteOffset, p.data.length);
  return { values: { kind: 'f32' }, symbols: Uint32Array.from(kept, (i) => bits[i]!), size: 2 ** 32, floats: [], ints: [] };
}

function encodeTensor(model: Model, name: string, c: CompressionMeta, huffman: boolean): { header: TensorHeader; bytes: Uint8Array } {
  const p = model.params[name]!;
  const mask = model.masks?.[name];
  const kept: number[] = [];
  for (let i = 0; i < p.data.length; i++) if (!mask || mask[i]) kept.push(i);
  const v = valueSymbols(model, name, c, kept);
  // Raw floats are incompressible; a Huffman table over 2^32 symbols would not pay.
  const huff = huffman && v.values.kind !== 'f32';
  const w = new BitWriter();
  for (const f of v.floats) w.write(new Uint32Array(Float32Array.of(f).buffer)[0]!, 32);
  for (const z of v.ints) w.write(z >>> 0, 32);
  const header: TensorHeader = { name, shape: [...p.shape], values: v.values, huffman: huff, bytes: 0 };
  if (mask) {
    let best = { g: 1, bits: Infinity };
    for (let g = 1; g <= 12; g++) {
      const bits = streamBits(gapSymbols(kept, g), 2 ** g, huff);
      if (bits < best.bits) best = { g, bits };
    }
    const gaps = gapSymbols(kept, best.g);
    writeStream(w, gaps, 2 ** best.g, huff);
    header.sparse = { kept: kept.length, gapBits: best.g, gapSymbols: gaps.length };
  }
  if (v.values.kind === 'f32') for (const s of v.symbols) w.write(s, 32);
  else writeStream(w, v.symbols, v.size, huff);
  const bytes = w.bytes();
  header.bytes = bytes.length;
  return { header, bytes };
}

export interface Encoded {
  bytes: Uint8Array;
  /** Section bytes per parameter. */
  perTensor: Record<string, number>;
}

export function encodeCompressed(model: Model, o: { huffman: boolean }): Encoded {
  checkModel(model);
  const c = compressionOf(model);
  const sections = paramInfos(model.arch).map((info) => encodeTensor(model, info.name, c, o.huffman));
  const header: Header = {
    arch: model.arch,
    referenceBytes: c.referenceBytes,
    activations: c.activations,
    activationBits: c.activationBits,
    steps: c.steps,
    tensors: sections.map((s) => s.header),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const size = 12 + json.length + sections.reduce((a, s) => a + s.bytes.length, 0);
  const out = new Uint8Array(size);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  let off = 12 + json.length;
  for (const s of sections) {
    out.set(s.bytes, off);
    off += s.bytes.length;
  }
  return { bytes: out, perTensor: Object.fromEntries(sections.map((s) => [s.header.name, s.bytes.length])) };
}

function decodeTensor(t: TensorHeader, bytes: Uint8Array, c: CompressionMeta): { data: Float32Array; mask?: Uint8Array } {
  const r = new BitReader(bytes);
  const size = t.shape.reduce((a, b) => a * b, 1);
  const float = () => new Float32Array(Uint32Array.of(r.read(32)).buffer)[0]!;
  const v = t.values;
  let centroids: number[] = [];
  if (v.kind === 'codebook') {
    centroids = Array.from({ length: v.k }, float);
    c.codebooks[t.name] = { bits: v.bits, centroids };
  } else if (v.kind === 'quant') {
    const scales = Array.from({ length: v.channels }, float);
    const zeroPoints = v.scheme === 'asymmetric' ? Array.from({ length: v.channels }, () => r.read(32) | 0) : new Array<number>(v.channels).fill(0);
    c.quant[t.name] = { bits: v.bits, scheme: v.scheme, granularity: v.granularity, scales, zeroPoints };
  }
  let positions: Uint32Array | undefined;
  let mask: Uint8Array | undefined;
  if (t.sparse) {
    const gaps = readStream(r, t.sparse.gapSymbols, 2 ** t.sparse.gapBits, t.huffman);
    const span = 2 ** t.sparse.gapBits - 1;
    positions = new Uint32Array(t.sparse.kept);
    mask = new Uint8Array(size);
    let pos = -1;
    let k = 0;
    for (const g of gaps) {
      if (g === 0) pos += span;
      else {
        pos += g;
        if (pos >= size || k >= positions.length) throw new CompressedFileError(`tensor '${t.name}': positions run past its size`);
        positions[k++] = pos;
        mask[pos] = 1;
      }
    }
  }
  const n = positions?.length ?? size;
  const at = (j: number) => (positions ? positions[j]! : j);
  const data = new Float32Array(size);
  if (v.kind === 'f32') {
    for (let j = 0; j < n; j++) data[at(j)] = float();
  } else if (v.kind === 'codebook') {
    const idx = readStream(r, n, v.k, t.huffman);
    for (let j = 0; j < n; j++) data[at(j)] = centroids[idx[j]!]!;
  } else {
    const qp = quantParamsOf(c.quant[t.name]!);
    const { qmin, qmax } = quantRange(qp.bits, qp.scheme);
    const codes = readStream(r, n, qmax - qmin + 1, t.huffman);
    const full = new Int32Array(size);
    for (let i = 0; i < size; i++) full[i] = qp.zeroPoints[i % qp.scales.length]!;
    for (let j = 0; j < n; j++) full[at(j)] = codes[j]! + qmin;
    data.set(dequantizeValues(full, qp));
  }
  return mask ? { data, mask } : { data };
}

export function decodeCompressed(bytes: Uint8Array): Model {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new CompressedFileError('not a pipewright compressed model (bad magic)');
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + len > bytes.length) throw new CompressedFileError('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as Header;
  } catch {
    throw new CompressedFileError('unreadable header');
  }
  return decodeBody(header, bytes, 12 + len);
}

function decodeBody(header: Header, bytes: Uint8Array, start: number): Model {
  const c: CompressionMeta = {
    referenceBytes: header.referenceBytes,
    codebooks: {},
    quant: {},
    activations: header.activations,
    activationBits: header.activationBits,
    huffman: header.tensors.some((t) => t.huffman),
    steps: header.steps,
  };
  const params: ParamArrays = {};
  const masks: Record<string, Uint8Array> = {};
  let off = start;
  for (const t of header.tensors) {
    if (off + t.bytes > bytes.length) throw new CompressedFileError(`truncated data in tensor '${t.name}'`);
    const { data, mask } = decodeTensor(t, bytes.subarray(off, off + t.bytes), c);
    off += t.bytes;
    params[t.name] = { shape: t.shape, data };
    if (mask) masks[t.name] = mask;
  }
  const model: Model = { arch: header.arch, params, ...(Object.keys(masks).length ? { masks } : {}) };
  checkModel(model);
  return withCompression(model, c);
}
