/**
 * Huffman coding (the last stage of Deep Compression): optimal prefix-code lengths from symbol
 * counts, canonical codes from the lengths (so a file stores only the lengths), and encoding /
 * decoding of a symbol stream through a BitWriter / BitReader. The mean code length L of an
 * optimal code satisfies H ≤ L < H + 1, H the entropy of the symbol frequencies.
 */
import { BitReader, BitWriter } from './bitstream.js';

/** Code length per symbol (0 for a symbol that never occurs). A lone symbol gets length 1. */
export function huffmanLengths(counts: ArrayLike<number>): Uint8Array {
  const lengths = new Uint8Array(counts.length);
  // Nodes: leaves 0..n-1, internal nodes after; parent links give the depths.
  const weight: number[] = [];
  const parent: number[] = [];
  const heap: number[] = [];
  const less = (a: number, b: number) => weight[a]! < weight[b]! || (weight[a] === weight[b] && a < b);
  const push = (node: number) => {
    heap.push(node);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  const leafOf: number[] = [];
  for (let s = 0; s < counts.length; s++) {
    if (counts[s]! > 0) {
      leafOf.push(s);
      weight.push(counts[s]!);
      parent.push(-1);
      push(weight.length - 1);
    }
  }
  if (leafOf.length === 1) lengths[leafOf[0]!] = 1;
  if (leafOf.length <= 1) return lengths;
  while (heap.length > 1) {
    const a = pop();
    const b = pop();
    weight.push(weight[a]! + weight[b]!);
    parent.push(-1);
    parent[a] = parent[b] = weight.length - 1;
    push(weight.length - 1);
  }
  const depth = new Array<number>(weight.length).fill(0);
  for (let node = weight.length - 2; node >= 0; node--) depth[node] = depth[parent[node]!]! + 1;
  leafOf.forEach((s, leaf) => {
    if (depth[leaf]! > 255) throw new Error('Huffman code longer than 255 bits');
    lengths[s] = depth[leaf]!;
  });
  return lengths;
}

/** Canonical codes: shorter first, then by symbol; codes of one length are consecutive. */
export function canonicalCodes(lengths: Uint8Array): number[] {
  const symbols = [...lengths.keys()].filter((s) => lengths[s]! > 0).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const codes = new Array<number>(lengths.length).fill(0);
  let code = 0;
  let len = 0;
  for (const s of symbols) {
    code *= 2 ** (lengths[s]! - len);
    len = lengths[s]!;
    codes[s] = code;
    code++;
  }
  return codes;
}

export function huffmanEncode(symbols: ArrayLike<number>, lengths: Uint8Array, out: BitWriter): void {
  const codes = canonicalCodes(lengths);
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i]!;
    if (!lengths[s]) throw new Error(`symbol ${s} has no Huffman code`);
    out.write(codes[s]!, lengths[s]!);
  }
}

/** Decodes `count` symbols; canonical decoding needs only the first code and symbols per length. */
export function huffmanDecode(input: BitReader, lengths: Uint8Array, count: number): Uint32Array {
  const maxLen = Math.max(0, ...lengths);
  const perLength = new Array<number>(maxLen + 1).fill(0);
  for (const l of lengths) if (l) perLength[l]!++;
  const ordered = [...lengths.keys()].filter((s) => lengths[s]! > 0).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; ; len++) {
      if (len > maxLen) throw new Error('invalid Huffman code in the stream');
      code = code * 2 + input.bit();
      const n = perLength[len]!;
      if (code - first < n) {
        out[i] = ordered[index + code - first]!;
        break;
      }
      index += n;
      first = (first + n) * 2;
    }
  }
  return out;
}

/** Symbol counts over an alphabet of `size`. */
export function symbolCounts(symbols: ArrayLike<number>, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < symbols.length; i++) counts[symbols[i]!]!++;
  return counts;
}

/** Total bits of the Huffman-coded stream (without the table). */
export function huffmanBits(counts: ArrayLike<number>, lengths: Uint8Array): number {
  let bits = 0;
  for (let s = 0; s < counts.length; s++) bits += counts[s]! * lengths[s]!;
  return bits;
}
