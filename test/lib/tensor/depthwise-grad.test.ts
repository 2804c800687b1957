/**
 * The depthwise gradients checked through the bilinear identity of a convolution y = conv(x, w):
 * ⟨conv(x, w), dy⟩ = ⟨x, inputGrad(dy, w)⟩ = ⟨w, filterGrad(x, dy)⟩, with conv computed by the
 * definition (conv-oracle.ts). Exact in real arithmetic; all sums run in float64, so 1e-9
 * relative holds.
 */
import { depthwiseFilterGrad, depthwiseInputGrad } from '../../../lib/tensor/depthwise-grad.js';
import { directConv, dot, geometry, prod, randomArray, rng } from './conv-oracle.js';

const cases = [
  { x: [2, 5, 7, 3], f: [3, 3, 3, 1], stride: 1, pad: 'same', dilation: 1 },
  { x: [1, 6, 5, 2], f: [2, 3, 2, 3], stride: 2, pad: 'same', dilation: 1 },
  { x: [3, 7, 6, 1], f: [3, 2, 1, 2], stride: 2, pad: 'valid', dilation: 1 },
  { x: [2, 9, 8, 2], f: [3, 3, 2, 2], stride: 1, pad: 'same', dilation: 2 },
] as const;

describe('depthwise convolution gradients', () => {
  it.each(cases)('satisfy ⟨conv(x,w),dy⟩ = ⟨x,dx⟩ = ⟨w,dw⟩ for x=$x f=$f stride=$stride $pad d=$dilation', (c) => {
    const next = rng(21);
    const g = geometry([...c.x], [...c.f], c.stride, c.pad, c.dilation, true);
    const x = randomArray(prod(c.x), next);
    const w = randomArray(prod(c.f), next);
    const dy = randomArray(g.batchSize * g.outHeight * g.outWidth * g.outChannels, next);
    const forward = dot(directConv(x, w, g, true), dy);
    const dx = new Float64Array(x.length);
    depthwiseInputGrad(dy, w, g, dx);
    const dw = new Float64Array(w.length);
    depthwiseFilterGrad(x, dy, g, dw);
    const tol = 1e-9 * (1 + Math.abs(forward));
    expect(Math.abs(dot(x, dx) - forward)).toBeLessThan(tol);
    expect(Math.abs(dot(w, dw) - forward)).toBeLessThan(tol);
  });

  it('gives zero gradients when dy is zero', () => {
    const g = geometry([1, 4, 4, 2], [3, 3, 2, 1], 1, 'same', 1, true);
    const dw = new Float64Array(18);
    depthwiseFilterGrad(randomArray(32, rng(1)), new Float32Array(32), g, dw);
    expect(dw.every((v) => v === 0)).toBe(true);
  });
});
