import { decodeArtifact, encodeArtifact, ArtifactShapeError } from '../../kernel/artifact-codec.js';

describe('artifact codec', () => {
  it('round-trips plain data with typed arrays of every kind, bit for bit', () => {
    const value = {
      arch: { layers: [{ type: 'dense', units: 3 }], name: 'x' },
      w: new Float32Array([1.5, -0, Math.PI, 1e-30]),
      d: new Float64Array([Math.E, -1e300]),
      i: new Int32Array([-7, 2 ** 31 - 1]),
      u: new Uint8Array([0, 255, 3]),
      nested: [{ m: new Uint16Array([65535]) }, null, true, 'text'],
      odd: new Int8Array([1, 2, 3]), // 3 bytes: exercises padding to 8
      after: new Float64Array([42]),
      special: [Infinity, -Infinity, NaN],
    };
    const back = decodeArtifact(encodeArtifact(value)) as typeof value;
    expect(back.arch).toEqual(value.arch);
    expect(back.w).toBeInstanceOf(Float32Array);
    expect(Array.from(back.w)).toEqual(Array.from(value.w));
    expect(Object.is(back.w[1], -0)).toBe(true);
    expect(Array.from(back.d)).toEqual(Array.from(value.d));
    expect(Array.from(back.i)).toEqual([-7, 2 ** 31 - 1]);
    expect(Array.from(back.u)).toEqual([0, 255, 3]);
    expect(Array.from((back.nested[0] as { m: Uint16Array }).m)).toEqual([65535]);
    expect(back.nested.slice(1)).toEqual([null, true, 'text']);
    expect(Array.from(back.odd)).toEqual([1, 2, 3]);
    expect(Array.from(back.after)).toEqual([42]);
    expect(back.special[0]).toBe(Infinity);
    expect(back.special[1]).toBe(-Infinity);
    expect(Number.isNaN(back.special[2])).toBe(true);
  });

  it('keeps subarray views to their own window', () => {
    const big = new Float32Array([1, 2, 3, 4, 5]);
    const back = decodeArtifact(encodeArtifact({ v: big.subarray(1, 3) })) as { v: Float32Array };
    expect(Array.from(back.v)).toEqual([2, 3]);
  });

  it('refuses class instances and names where they are', () => {
    class Model {
      w = 1;
    }
    expect(() => encodeArtifact({ a: [{ m: new Model() }] })).toThrow(ArtifactShapeError);
    expect(() => encodeArtifact({ a: [{ m: new Model() }] })).toThrow(/output\.a\[0\]\.m.*Model/);
    expect(() => encodeArtifact({ f: () => 1 })).toThrow(/function/);
  });

  it('detects a bad header and truncation', () => {
    expect(() => decodeArtifact(Buffer.from('nope'))).toThrow(/bad header/);
    const buf = encodeArtifact({ w: new Float64Array(100) });
    expect(() => decodeArtifact(buf.subarray(0, buf.length - 9))).toThrow(/truncated/);
  });
});
