/**
 * Max-pooling gradient on NHWC typed arrays: each output's cotangent goes to the first largest
 * input of its window (row-major scan, padding excluded), as in tfjs's cpu backend and
 * TensorFlow. A window of only NaNs routes nothing.
 */
import type { ConvGeometry } from './conv-geometry.js';

export function maxPoolGradInto(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: ConvGeometry,
  dx: Float32Array | Float64Array,
): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const dh = g.dilationHeight;
  const dw = g.dilationWidth;
  let dyo = 0;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const ih0 = oh * sh - g.padInfo.top;
      // Window rows inside the image: fh in [fhLo, fhHi).
      const fhLo = Math.max(0, Math.ceil(-ih0 / dh));
      const fhHi = Math.min(FH, Math.ceil((H - ih0) / dh));
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * sw - g.padInfo.left;
        const fwLo = Math.max(0, Math.ceil(-iw0 / dw));
        const fwHi = Math.min(FW, Math.ceil((W - iw0) / dw));
        for (let c = 0; c < C; c++, dyo++) {
          let best = -Infinity;
          let arg = -1;
          for (let fh = fhLo; fh < fhHi; fh++) {
            const row = ((b * H + ih0 + fh * dh) * W + iw0) * C + c;
            for (let fw = fwLo; fw < fwHi; fw++) {
              const i = row + fw * dw * C;
              const v = x[i]!;
              // `>` keeps the first maximum; a window of -Infinity still routes to its first.
              if (v > best || (arg < 0 && v === -Infinity)) {
                best = v;
                arg = i;
              }
            }
          }
          if (arg >= 0) dx[arg] += dy[dyo]!;
        }
      }
    }
  }
}
