/**
 * Gradients of a depthwise NHWC convolution (filter [fh, fw, inC, mult], output channel
 * c·mult + m) as direct loops. Depthwise convolutions do few flops per byte, so a matrix-product
 * formulation buys little; the loops visit each (output position, tap) once and keep the
 * innermost loop over contiguous channels.
 *
 * Sums run in float64 (the caller's scratch) and are rounded once, like tfjs's cpu backend, so
 * the two agree to float32 rounding even when a filter gradient sums over a whole batch.
 */
import type { ConvGeometry } from './conv-geometry.js';

/**
 * Visits every (output position, filter tap) pair whose input pixel lies inside the image, with
 * the flat offsets of that output row of dy, input pixel of x and tap of w. Both gradients are
 * the same walk with a different inner update.
 */
function forEachTap(g: ConvGeometry, visit: (dyo: number, xo: number, wo: number) => void): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const CM = g.outChannels;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  for (let b = 0; b < g.batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyo = ((b * OH + oh) * OW + ow) * CM;
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * sh + fh * g.dilationHeight - top;
          if (ih < 0 || ih >= H) continue;
          for (let fw = 0; fw < FW; fw++) {
            const iw = ow * sw + fw * g.dilationWidth - left;
            if (iw < 0 || iw >= W) continue;
            visit(dyo, ((b * H + ih) * W + iw) * C, (fh * FW + fw) * CM);
          }
        }
      }
    }
  }
}

/** dW[fh, fw, c, m] = Σ_{b,oh,ow} x[b, ih, iw, c] · dy[b, oh, ow, c·mult + m], into `dw` (zeroed by the caller). */
export function depthwiseFilterGrad(x: ArrayLike<number>, dy: ArrayLike<number>, g: ConvGeometry, dw: Float64Array): void {
  const C = g.inChannels;
  const M = g.outChannels / C;
  forEachTap(g, (dyo, xo, wo) => {
    for (let c = 0; c < C; c++) {
      const xv = x[xo + c]!;
      for (let m = 0; m < M; m++) dw[wo + c * M + m] += xv * dy[dyo + c * M + m]!;
    }
  });
}

/** dx[b, ih, iw, c] = Σ dy[b, oh, ow, c·mult + m] · w[fh, fw, c, m] over taps that read (ih, iw), into `dx` (zeroed). */
export function depthwiseInputGrad(dy: ArrayLike<number>, w: ArrayLike<number>, g: ConvGeometry, dx: Float64Array): void {
  const C = g.inChannels;
  const M = g.outChannels / C;
  forEachTap(g, (dyo, xo, wo) => {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let m = 0; m < M; m++) s += dy[dyo + c * M + m]! * w[wo + c * M + m]!;
      dx[xo + c] += s;
    }
  });
}
