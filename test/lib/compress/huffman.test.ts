/**
 * Huffman coding: round trips through the bit stream, the textbook example's optimal cost, and
 * the optimality bound H ≤ L < H + 1 on skewed random distributions.
 */
import { BitReader, BitWriter, huffmanBits, huffmanDecode, huffmanEncode, huffmanLengths, symbolCounts } from '../../../lib/compress/index.js';
import { createRng } from '../nn/helpers.js';

test('CLRS example: frequencies 45 13 12 16 9 5 cost 224 bits, and the code is prefix-free', () => {
  const counts = [45, 13, 12, 16, 9, 5];
  const lengths = huffmanLengths(counts);
  expect(huffmanBits(counts, lengths)).toBe(224);
  // Kraft equality holds for a full binary code tree.
  expect(Array.from(lengths).reduce((a, l) => a + 2 ** -l, 0)).toBeCloseTo(1, 12);
});

test('round trip and H ≤ L < H + 1 on skewed symbol streams', () => {
  const rng = createRng(9, 'huffman');
  for (const size of [2, 5, 32, 256]) {
    const symbols = Uint32Array.from({ length: 3000 }, () => Math.min(size - 1, Math.floor(-Math.log(1 - rng.next()) * size * 0.15)));
    const counts = symbolCounts(symbols, size);
    const lengths = huffmanLengths(counts);
    const w = new BitWriter();
    huffmanEncode(symbols, lengths, w);
    expect(Array.from(huffmanDecode(new BitReader(w.bytes()), lengths, symbols.length))).toEqual(Array.from(symbols));
    const n = symbols.length;
    let H = 0;
    for (const c of counts) if (c) H -= (c / n) * Math.log2(c / n);
    const L = w.bits / n;
    expect(L).toBeGreaterThanOrEqual(H - 1e-12);
    expect(L).toBeLessThan(H + 1);
  }
});

test('a single symbol gets a 1-bit code; unknown symbols are refused', () => {
  const lengths = huffmanLengths([0, 7, 0]);
  expect(Array.from(lengths)).toEqual([0, 1, 0]);
  expect(() => huffmanEncode([0], lengths, new BitWriter())).toThrow(/no Huffman code/);
});

test('fixed-width fields round trip, including 32-bit words', () => {
  const w = new BitWriter();
  const fields: [number, number][] = [[5, 3], [0, 1], [0xffffffff, 32], [1234567, 21], [1, 1]];
  for (const [v, b] of fields) w.write(v, b);
  const r = new BitReader(w.bytes());
  for (const [v, b] of fields) expect(r.read(b)).toBe(v);
  expect(w.bytes().length).toBe(Math.ceil(58 / 8));
});
