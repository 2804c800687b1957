/**
 * im2col against the definition of convolution (cols · W₂ must equal a direct convolution), and
 * col2imAdd as its exact adjoint: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩ for random x, c. Tolerance:
 * both sides sum ≤ a few hundred float32 products in float64, so 1e-9 relative is loose.
 */
import { col2imAdd, im2col, im2colT, im2colWidth } from '../../../lib/tensor/im2col.js';
import { directConv, dot, geometry, prod, randomArray, rng } from './conv-oracle.js';

const cases = [
  { x: [2, 5, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same', dilation: 1 },
  { x: [1, 6, 5, 2], f: [2, 3, 2, 3], stride: 2, pad: 'same', dilation: 1 },
  { x: [3, 7, 7, 1], f: [3, 2, 1, 2], stride: 2, pad: 'valid', dilation: 1 },
  { x: [1, 9, 8, 20], f: [3, 3, 20, 2], stride: 1, pad: 'valid', dilation: 2 },
] as const;

describe('im2col / col2imAdd', () => {
  it.each(cases)('cols·W equals a direct convolution for x=$x f=$f stride=$stride $pad d=$dilation', (c) => {
    const next = rng(11);
    const g = geometry([...c.x], [...c.f], c.stride, c.pad, c.dilation, false);
    const x = randomArray(prod(c.x), next);
    const w = randomArray(prod(c.f), next);
    const K = im2colWidth(g);
    const rows = g.batchSize * g.outHeight * g.outWidth;
    const cols = new Float32Array(rows * K).fill(NaN);
    im2col(x, g, 0, g.batchSize, cols);
    const expected = directConv(x, w, g, false);
    for (let r = 0; r < rows; r++)
      for (let o = 0; o < g.outChannels; o++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += cols[r * K + k]! * w[k * g.outChannels + o]!;
        expect(Math.abs(s - expected[r * g.outChannels + o]!)).toBeLessThan(1e-9 * (1 + Math.abs(s)) + 1e-12);
      }
  });

  it.each(cases)('col2imAdd is the adjoint of im2col for x=$x', (c) => {
    const next = rng(12);
    const g = geometry([...c.x], [...c.f], c.stride, c.pad, c.dilation, false);
    const x = randomArray(prod(c.x), next);
    const rows = g.batchSize * g.outHeight * g.outWidth;
    const cc = randomArray(rows * im2colWidth(g), next);
    const cols = new Float32Array(cc.length);
    im2col(x, g, 0, g.batchSize, cols);
    const back = new Float64Array(x.length);
    col2imAdd(cc, g, 0, g.batchSize, back);
    const lhs = dot(cols, cc);
    expect(Math.abs(lhs - dot(x, back))).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
  });

  it('fills a batch range at the start of the buffer', () => {
    const g = geometry([3, 4, 4, 2], [3, 3, 2, 1], 1, 'same', 1, false);
    const x = randomArray(3 * 4 * 4 * 2, rng(13));
    const K = im2colWidth(g);
    const all = new Float32Array(3 * 16 * K);
    im2col(x, g, 0, 3, all);
    const last = new Float32Array(16 * K);
    im2col(x, g, 2, 1, last);
    expect(Array.from(last)).toEqual(Array.from(all.subarray(2 * 16 * K)));
  });
});

describe('im2colT', () => {
  it.each(cases)('is the transpose of im2col for x=$x f=$f stride=$stride $pad d=$dilation', (c) => {
    const g = geometry([...c.x], [...c.f], c.stride, c.pad, c.dilation, false);
    const x = randomArray(prod(c.x), rng(14));
    const K = im2colWidth(g);
    const rows = g.batchSize * g.outHeight * g.outWidth;
    const cols = new Float32Array(rows * K);
    im2col(x, g, 0, g.batchSize, cols);
    const colsT = new Float32Array(rows * K).fill(NaN);
    im2colT(x, g, 0, g.batchSize, colsT);
    for (let r = 0; r < rows; r++) for (let k = 0; k < K; k++) if (colsT[k * rows + r] !== cols[r * K + k]) throw new Error(`row ${r} col ${k}`);
    const part = new Float32Array(K * g.outHeight * g.outWidth);
    im2colT(x, g, g.batchSize - 1, 1, part);
    const perImage = g.outHeight * g.outWidth;
    for (let k = 0; k < K; k++) for (let r = 0; r < perImage; r++) expect(part[k * perImage + r]).toBe(cols[((g.batchSize - 1) * perImage + r) * K + k]);
  });
});
