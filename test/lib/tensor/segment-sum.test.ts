/** unsortedSegmentSumInto against a per-segment brute force (scan all rows for each segment). */
import { unsortedSegmentSumInto } from '../../../lib/tensor/segment-sum.js';
import { randomArray, rng } from './conv-oracle.js';

function bruteForce(x: Float32Array, ids: number[], numSegments: number, rowSize: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < numSegments; s++)
    for (let j = 0; j < rowSize; j++) {
      let acc = 0;
      ids.forEach((id, i) => {
        if (id === s) acc += x[i * rowSize + j]!;
      });
      out.push(acc);
    }
  return out;
}

describe('unsortedSegmentSumInto', () => {
  it('sums rows into their segments, dropping ids out of range', () => {
    const ids = [3, 0, 3, -1, 5, 1, 3, 0, 9];
    const rowSize = 3;
    const x = randomArray(ids.length * rowSize, rng(31));
    const out = new Float64Array(6 * rowSize);
    unsortedSegmentSumInto(x, ids, 6, rowSize, out);
    const expected = bruteForce(x, ids, 6, rowSize);
    expected.forEach((e, i) => expect(out[i]).toBeCloseTo(e, 12));
  });

  it('leaves empty segments at zero and handles no rows', () => {
    const out = new Float32Array(4);
    unsortedSegmentSumInto(new Float32Array(0), [], 4, 1, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });

  it('sums int32 data exactly', () => {
    const out = new Int32Array(2);
    unsortedSegmentSumInto(Int32Array.from([5, 7, -2]), [1, 1, 0], 2, 1, out);
    expect(Array.from(out)).toEqual([-2, 12]);
  });
});
