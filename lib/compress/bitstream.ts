/**
 * Bit-level writing and reading, most significant bit first: fixed-width packing of indices
 * (`bits` per value, not a whole byte) and the variable-length Huffman codes share it.
 */
export class BitWriter {
  private buf = new Uint8Array(1024);
  private bitLength = 0;

  /** Appends the low `width` bits of `value` (width ≤ 53; value a non-negative integer). */
  write(value: number, width: number): void {
    for (let b = width - 1; b >= 0; b--) {
      // Division, not >>, so codes longer than 31 bits stay exact.
      const bit = Math.floor(value / 2 ** b) & 1;
      if (this.bitLength >> 3 >= this.buf.length) {
        const grown = new Uint8Array(this.buf.length * 2);
        grown.set(this.buf);
        this.buf = grown;
      }
      if (bit) this.buf[this.bitLength >> 3]! |= 0x80 >> (this.bitLength & 7);
      this.bitLength++;
    }
  }

  get bits(): number {
    return this.bitLength;
  }

  /** The bytes written so far, the last one zero-padded. */
  bytes(): Uint8Array {
    return this.buf.slice(0, Math.ceil(this.bitLength / 8));
  }
}

export class BitReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  bit(): number {
    if (this.pos >= this.buf.length * 8) throw new RangeError('bit stream ended early');
    const b = (this.buf[this.pos >> 3]! >> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return b;
  }

  read(width: number): number {
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 2 + this.bit();
    return v;
  }
}

/** Bits needed to write any of `count` distinct values (at least 1). */
export function bitsFor(count: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(2, count))));
}
