/**
 * maxPoolGradInto against a brute force that, for each output, scans its window by the
 * definition and routes the cotangent to the first maximum; plus the cases that broke stock
 * wasm (all-negative windows) and ties.
 */
import * as tf from '@tensorflow/tfjs';
import { maxPoolGradInto } from '../../../lib/tensor/pool-grad.js';
import { randomArray, rng } from './conv-oracle.js';

type S4 = [number, number, number, number];

function bruteForce(x: Float32Array, dy: Float32Array, g: tf.backend_util.Conv2DInfo): Float64Array {
  const dx = new Float64Array(x.length);
  const [B, H, W, C] = g.inShape;
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let arg = -1;
          for (let fh = 0; fh < g.filterHeight; fh++)
            for (let fw = 0; fw < g.filterWidth; fw++) {
              const ih = oh * g.strideHeight + fh - g.padInfo.top;
              const iw = ow * g.strideWidth + fw - g.padInfo.left;
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
              const i = ((b * H + ih) * W + iw) * C + c;
              if (x[i]! > best) {
                best = x[i]!;
                arg = i;
              }
            }
          dx[arg] += dy[((b * g.outHeight + oh) * g.outWidth + ow) * C + c]!;
        }
  return dx;
}

describe('maxPoolGradInto', () => {
  it.each([
    { x: [2, 7, 9, 3] as S4, size: 2, stride: 2, pad: 'valid' as const },
    { x: [3, 9, 7, 2] as S4, size: 3, stride: 2, pad: 'same' as const },
    { x: [1, 5, 6, 4] as S4, size: 2, stride: 1, pad: 'same' as const },
    { x: [1, 4, 4, 1] as S4, size: 3, stride: 1, pad: 'valid' as const },
  ])('matches the brute force for x=$x size=$size stride=$stride $pad', (c) => {
    const g = tf.backend_util.computePool2DInfo(c.x, c.size, c.stride, 1, c.pad);
    const next = rng(41);
    const x = randomArray(c.x.reduce((a, b) => a * b, 1), next);
    const dy = randomArray(g.outShape.reduce((a, b) => a * b, 1), next);
    const dx = new Float64Array(x.length);
    maxPoolGradInto(x, dy, g, dx);
    expect(Array.from(dx)).toEqual(Array.from(bruteForce(x, dy, g)));
  });

  it('routes all-negative windows to their maximum and ties to the first', () => {
    const g = tf.backend_util.computePool2DInfo([1, 2, 4, 1], 2, 2, 1, 'valid');
    const dx = new Float64Array(8);
    maxPoolGradInto(Float32Array.from([-0.5, -0.2, 1, 1, -0.9, -0.3, 0, 1]), Float32Array.from([10, 20]), g, dx);
    expect(Array.from(dx)).toEqual([0, 10, 20, 0, 0, 0, 0, 0]);
  });
});
