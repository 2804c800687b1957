/**
 * Whole-image prediction by tiles, so memory is bounded by the tile size rather than the image:
 * the image is covered by tile×tile windows (the last one in each direction pushed back to end at
 * the border), each window is predicted, and overlapping predictions are averaged.
 */

/** Start offsets along one axis: stride tile−overlap, the last start at length−tile. */
export function tileStarts(length: number, tile: number, overlap: number): number[] {
  if (tile >= length) return [0];
  if (overlap < 0 || overlap >= tile) throw new Error(`tile overlap ${overlap} must be in [0, ${tile})`);
  const stride = tile - overlap;
  const starts: number[] = [];
  for (let s = 0; s + tile < length; s += stride) starts.push(s);
  starts.push(length - tile);
  return starts;
}

/** Predicts `count` tiles (count×side×side×channels, NHWC) → count×side×side logits. */
export type TilePredictor = (x: Float32Array, count: number, side: number) => Promise<Float32Array>;

export interface TileOptions {
  tile: number;
  overlap: number;
  /** Tiles per predictor call. */
  batch: number;
}

/**
 * Logits for one height×width×channels image (row-major), predicted tile by tile. Tiles are
 * square; one larger than the image's shorter side shrinks to that side.
 */
export async function predictTiled(
  image: Float32Array,
  height: number,
  width: number,
  channels: number,
  o: TileOptions,
  predict: TilePredictor,
): Promise<Float32Array> {
  const side = Math.min(o.tile, height, width);
  const overlap = Math.min(o.overlap, side - 1);
  const windows: [number, number][] = [];
  for (const top of tileStarts(height, side, overlap)) for (const left of tileStarts(width, side, overlap)) windows.push([top, left]);
  const sum = new Float32Array(height * width);
  const hits = new Uint16Array(height * width);
  for (let b = 0; b < windows.length; b += o.batch) {
    const group = windows.slice(b, b + o.batch);
    const x = new Float32Array(group.length * side * side * channels);
    group.forEach(([top, left], t) => {
      for (let r = 0; r < side; r++) {
        const src = ((top + r) * width + left) * channels;
        x.set(image.subarray(src, src + side * channels), (t * side + r) * side * channels);
      }
    });
    const logits = await predict(x, group.length, side);
    group.forEach(([top, left], t) => {
      for (let r = 0; r < side; r++) {
        for (let c = 0; c < side; c++) {
          const p = (top + r) * width + left + c;
          sum[p] += logits[(t * side + r) * side + c];
          hits[p]++;
        }
      }
    });
  }
  for (let p = 0; p < sum.length; p++) sum[p] /= hits[p];
  return sum;
}
