/** gatherInto and binaryBroadcast against index-by-index brute forces. */
import { binaryBroadcast, broadcastStrides } from '../../../lib/tensor/broadcast.js';
import { checkGatherIndices, gatherInto } from '../../../lib/tensor/gather.js';

describe('gatherInto', () => {
  it.each([1, 3, 20])('copies slices of length %i (loop and copyWithin paths) like the definition', (S) => {
    const layout = { batchSize: 2, outerSize: 3, dimSize: 5, sliceSize: S, perBatch: 4 };
    const heap = new Float32Array(2 * 3 * 5 * S + 2 * 3 * 4 * S);
    const x = heap.subarray(0, 2 * 3 * 5 * S);
    x.forEach((_, i) => (x[i] = i + 0.5));
    const out = heap.subarray(x.length);
    const idx = [4, 0, 0, 2, 1, 3, 3, 4];
    gatherInto(x, idx, layout, out);
    for (let b = 0; b < 2; b++)
      for (let o = 0; o < 3; o++)
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < S; j++)
            expect(out[((b * 3 + o) * 4 + i) * S + j]).toBe(x[((b * 3 + o) * 5 + idx[b * 4 + i]!) * S + j]);
  });

  it('rejects an index out of range with the tfjs message', () => {
    expect(() => checkGatherIndices([0, 5], 5)).toThrow('GatherV2: the index value 5 is not in [0, 4]');
    expect(() => checkGatherIndices([-1], 5)).toThrow(/-1 is not in/);
  });
});

describe('binaryBroadcast', () => {
  function brute(a: number[], as: number[], b: number[], bs: number[], os: number[]): number[] {
    const out: number[] = [];
    const n = os.reduce((p, q) => p * q, 1);
    const at = (v: number[], shape: number[], idx: number[]) => {
      let off = 0;
      shape.forEach((d, i) => (off = off * d + (d === 1 ? 0 : idx[idx.length - shape.length + i]!)));
      return v[off]!;
    };
    for (let f = 0; f < n; f++) {
      const idx: number[] = [];
      let rest = f;
      for (let d = os.length - 1; d >= 0; d--) {
        idx.unshift(rest % os[d]!);
        rest = Math.floor(rest / os[d]!);
      }
      out.push(at(a, as, idx) * 10 + at(b, bs, idx));
    }
    return out;
  }

  it.each([
    [[4, 1], [4, 3], [4, 3]],
    [[2, 1, 3], [4, 1], [2, 4, 3]],
    [[3], [2, 3], [2, 3]],
    [[], [2, 2], [2, 2]],
    [[2, 3], [2, 3], [2, 3]],
    [[1], [1], [1]],
  ])('%j with %j → %j', (as, bs, os) => {
    const a = Array.from({ length: as.reduce((p, q) => p * q, 1) }, (_, i) => i + 1);
    const b = Array.from({ length: bs.reduce((p, q) => p * q, 1) }, (_, i) => (i % 9) + 1);
    const out = new Float64Array(os.reduce((p, q) => p * q, 1));
    binaryBroadcast(a, as, b, bs, os, out, (o, i, x, px, ix, y, py, iy, n) => {
      for (let j = 0; j < n; j++) o[i + j] = x[px + j * ix]! * 10 + y[py + j * iy]!;
    });
    expect(Array.from(out)).toEqual(brute(a, as, b, bs, os));
  });

  it('strides are 0 on broadcast dimensions', () => {
    expect(broadcastStrides([4, 1], [2, 4, 3])).toEqual([0, 1, 0]);
  });
});
