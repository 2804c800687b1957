/**
 * Seeded image augmentations for siamese pairs, on flat rows of H×W×C floats: `crop` (a random
 * shift of up to `shift` pixels, zero padded — a crop-and-resize stand-in that keeps the size),
 * `flip` (horizontal, with probability ½), `noise` (Gaussian, std `noise`), `brightness` (every
 * value scaled by a factor uniform in [1 − `brightness`, 1 + `brightness`]), `erase` (a random
 * `erase`×`erase` square zeroed, cutout-style). All randomness comes from the given stream, so
 * the same seed gives the same views.
 */
import type { RandomSource } from '../data/random.js';

export const AUGMENTATIONS = ['crop', 'flip', 'noise', 'brightness', 'erase'] as const;
export type Augmentation = (typeof AUGMENTATIONS)[number];

export interface AugmentOptions {
  ops: readonly Augmentation[];
  /** [H, W, C]. */
  shape: readonly [number, number, number];
  shift?: number;
  noise?: number;
  brightness?: number;
  /** Side of the erased square. */
  erase?: number;
}

/** H×W×C of an input shape; a flat square length (784) reads as a one-channel image. */
export function imageShape(inputShape: readonly number[]): [number, number, number] | undefined {
  if (inputShape.length === 3) return [inputShape[0]!, inputShape[1]!, inputShape[2]!];
  if (inputShape.length === 2) return [inputShape[0]!, inputShape[1]!, 1];
  const side = Math.round(Math.sqrt(inputShape[0] ?? 0));
  return inputShape.length === 1 && side * side === inputShape[0] ? [side, side, 1] : undefined;
}

/** One augmented copy of `row`. */
export function augmentRow(row: Float32Array, o: AugmentOptions, rng: RandomSource): Float32Array {
  const [h, w, c] = o.shape;
  let out = row.slice();
  for (const op of o.ops) {
    if (op === 'crop') {
      const s = o.shift ?? 2;
      const dy = rng.int(2 * s + 1) - s;
      const dx = rng.int(2 * s + 1) - s;
      const next = new Float32Array(out.length);
      for (let y = 0; y < h; y++) {
        const sy = y - dy;
        if (sy < 0 || sy >= h) continue;
        for (let x = 0; x < w; x++) {
          const sx = x - dx;
          if (sx < 0 || sx >= w) continue;
          for (let k = 0; k < c; k++) next[(y * w + x) * c + k] = out[(sy * w + sx) * c + k]!;
        }
      }
      out = next;
    } else if (op === 'flip') {
      if (rng.next() < 0.5) continue;
      const next = new Float32Array(out.length);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let k = 0; k < c; k++) next[(y * w + x) * c + k] = out[(y * w + (w - 1 - x)) * c + k]!;
      out = next;
    } else if (op === 'noise') {
      const sd = o.noise ?? 0.1;
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + sd * rng.normal();
    } else if (op === 'brightness') {
      const f = 1 + (o.brightness ?? 0.4) * (2 * rng.next() - 1);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! * f;
    } else {
      const side = Math.min(o.erase ?? 8, h, w);
      const y0 = rng.int(h - side + 1);
      const x0 = rng.int(w - side + 1);
      for (let y = y0; y < y0 + side; y++) out.fill(0, (y * w + x0) * c, (y * w + x0 + side) * c);
    }
  }
  return out;
}

/** Two independent views of each of `rows` (indices into `x`), as two flat batches. */
export function augmentPairs(
  x: Float32Array,
  rowLen: number,
  rows: ArrayLike<number>,
  o: AugmentOptions,
  rng: RandomSource,
): [Float32Array, Float32Array] {
  const a = new Float32Array(rows.length * rowLen);
  const b = new Float32Array(rows.length * rowLen);
  for (let i = 0; i < rows.length; i++) {
    const row = x.subarray(rows[i]! * rowLen, (rows[i]! + 1) * rowLen);
    a.set(augmentRow(row, o, rng), i * rowLen);
    b.set(augmentRow(row, o, rng), i * rowLen);
  }
  return [a, b];
}
