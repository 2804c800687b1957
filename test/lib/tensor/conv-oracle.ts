/**
 * Brute-force oracles for the convolution helpers: a direct NHWC convolution (regular and
 * depthwise) written from the definition, a seeded generator, and geometry from tfjs's own
 * `computeConv2DInfo`, so the helpers are checked against an independent formulation.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from '../../../lib/tensor/conv-geometry.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export function randomArray(n: number, next: () => number): Float32Array {
  return Float32Array.from({ length: n }, next);
}

export function geometry(
  x: [number, number, number, number],
  f: [number, number, number, number],
  stride: number,
  pad: 'same' | 'valid',
  dilation: number,
  depthwise: boolean,
): ConvGeometry {
  return tf.backend_util.computeConv2DInfo(x, f, stride, dilation, pad, undefined, depthwise);
}

/** y[b, oh, ow, o] by the definition; depthwise: o = c·mult + m reads only channel c. */
export function directConv(x: ArrayLike<number>, w: ArrayLike<number>, g: ConvGeometry, depthwise: boolean): Float64Array {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = g;
  const M = depthwise ? CO / C : 0;
  const y = new Float64Array(B * OH * OW * CO);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let o = 0; o < CO; o++) {
          let s = 0;
          for (let fh = 0; fh < g.filterHeight; fh++)
            for (let fw = 0; fw < g.filterWidth; fw++) {
              const ih = oh * g.strideHeight + fh * g.dilationHeight - g.padInfo.top;
              const iw = ow * g.strideWidth + fw * g.dilationWidth - g.padInfo.left;
              if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
              if (depthwise) {
                const c = Math.floor(o / M);
                s += x[((b * H + ih) * W + iw) * C + c]! * w[((fh * g.filterWidth + fw) * C + c) * M + (o % M)]!;
              } else {
                for (let c = 0; c < C; c++) s += x[((b * H + ih) * W + iw) * C + c]! * w[((fh * g.filterWidth + fw) * C + c) * CO + o]!;
              }
            }
          y[((b * OH + oh) * OW + ow) * CO + o] = s;
        }
  return y;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
