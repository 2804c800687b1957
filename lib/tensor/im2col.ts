/**
 * im2col / col2im for NHWC convolutions on plain Float32Arrays.
 *
 * Rows are output positions (b, oh, ow) of a batch range; a row holds the receptive field laid out
 * as (fh, fw, c), the same order as a flattened HWIO filter. So `cols · filter[K, outC]` is the
 * convolution, `colsᵀ · dy` its filter gradient, and `col2im(dy · filterᵀ)` its input gradient:
 * the heavy work becomes one large matrix product, which the BLAS-like kernels run far faster
 * than a direct loop nest.
 */
import type { ConvGeometry } from './conv-geometry.js';

/** Number of columns in a row: filterHeight · filterWidth · inChannels. */
export function im2colWidth(g: ConvGeometry): number {
  return g.filterHeight * g.filterWidth * g.inChannels;
}

/** Fills `cols` (batchCount · outHeight · outWidth rows) from `x` (NHWC); padding reads as 0. */
export function im2col(
  x: Float32Array,
  g: ConvGeometry,
  batchStart: number,
  batchCount: number,
  cols: Float32Array,
): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const { dilationHeight: dh, dilationWidth: dw } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  let o = 0;
  for (let b = batchStart; b < batchStart + batchCount; b++) {
    const xb = b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * sh + fh * dh - top;
          if (ih < 0 || ih >= H) {
            cols.fill(0, o, o + FW * C);
            o += FW * C;
            continue;
          }
          const xrow = xb + ih * W * C;
          for (let fw = 0; fw < FW; fw++) {
            const iw = ow * sw + fw * dw - left;
            if (iw < 0 || iw >= W) {
              cols.fill(0, o, o + C);
            } else {
              // A short copy loop beats subarray+set for the few channels of early layers.
              const s = xrow + iw * C;
              if (C < 16) for (let c = 0; c < C; c++) cols[o + c] = x[s + c];
              else cols.set(x.subarray(s, s + C), o);
            }
            o += C;
          }
        }
      }
    }
  }
}

/**
 * The transpose of `im2col`: `colsT` is [filterHeight · filterWidth · inChannels, rows] for the
 * batch range. A filter gradient colsᵀ · dy then needs no transpose copy, and its right operand
 * is the small dy rather than the large cols. Rows are written contiguously; x is read with a
 * stride of inChannels.
 */
export function im2colT(
  x: Float32Array,
  g: ConvGeometry,
  batchStart: number,
  batchCount: number,
  colsT: Float32Array,
): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  const rows = batchCount * OH * OW;
  for (let fh = 0; fh < FH; fh++) {
    for (let fw = 0; fw < FW; fw++) {
      // Output columns whose input column is inside the image: ow in [owLo, owHi).
      const dx = fw * g.dilationWidth - left;
      const owLo = Math.min(OW, Math.max(0, Math.ceil(-dx / sw)));
      const owHi = Math.max(owLo, Math.min(OW, Math.ceil((W - dx) / sw)));
      for (let c = 0; c < C; c++) {
        let o = ((fh * FW + fw) * C + c) * rows;
        for (let b = batchStart; b < batchStart + batchCount; b++) {
          for (let oh = 0; oh < OH; oh++) {
            const ih = oh * sh + fh * g.dilationHeight - top;
            if (ih < 0 || ih >= H) {
              colsT.fill(0, o, o + OW);
              o += OW;
              continue;
            }
            const base = ((b * H + ih) * W + dx) * C + c;
            for (let ow = 0; ow < owLo; ow++) colsT[o + ow] = 0;
            for (let ow = owLo; ow < owHi; ow++) colsT[o + ow] = x[base + ow * sw * C]!;
            for (let ow = owHi; ow < OW; ow++) colsT[o + ow] = 0;
            o += OW;
          }
        }
      }
    }
  }
}

/**
 * Adds each row of `cols` back onto the input positions it was read from (the adjoint of
 * `im2col`): `dx += col2im(cols)`. Accumulates into `dx`, which the caller zeroes first.
 */
export function col2imAdd(
  cols: Float32Array,
  g: ConvGeometry,
  batchStart: number,
  batchCount: number,
  dx: Float32Array | Float64Array,
): void {
  const { inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = g;
  const { dilationHeight: dh, dilationWidth: dw } = g;
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  let o = 0;
  for (let b = batchStart; b < batchStart + batchCount; b++) {
    const xb = b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let fh = 0; fh < FH; fh++) {
          const ih = oh * sh + fh * dh - top;
          if (ih < 0 || ih >= H) {
            o += FW * C;
            continue;
          }
          const xrow = xb + ih * W * C;
          for (let fw = 0; fw < FW; fw++) {
            const iw = ow * sw + fw * dw - left;
            if (iw >= 0 && iw < W) {
              const s = xrow + iw * C;
              for (let c = 0; c < C; c++) dx[s + c] += cols[o + c];
            }
            o += C;
          }
        }
      }
    }
  }
}
