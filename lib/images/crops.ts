/**
 * Seeded random training crops with the dihedral augmentations that suit microscopy (the
 * membrane images have no preferred orientation, so flips and 90° rotations are label-preserving).
 * Crops are drawn fresh per batch rather than stored, so the artifact stays the whole images.
 */
import type { RandomSource } from '../data/random.js';
import type { Augment, SegmentationSplit } from './dataset.js';

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Where one crop comes from and how it is turned: the draw made for each sample. */
export interface CropDraw {
  image: number;
  top: number;
  left: number;
  /** Quarter turns counter-clockwise, 0..3. */
  turns: number;
  /** Mirror left↔right after turning. */
  flip: boolean;
}

/**
 * Draws one crop's placement and transform. The order of draws (image, top, left, turns, flip)
 * is fixed and a disabled augmentation draws nothing, so a seed names the same crops for the
 * same options.
 */
export function drawCrop(n: number, shape: ImageShape, crop: number, augment: readonly Augment[], rng: RandomSource): CropDraw {
  const image = rng.int(n);
  const top = rng.int(shape.height - crop + 1);
  const left = rng.int(shape.width - crop + 1);
  const turns = augment.includes('rotate90') ? rng.int(4) : 0;
  const flip = augment.includes('flip') ? rng.int(2) === 1 : false;
  return { image, top, left, turns, flip };
}

/**
 * Maps an output position (r, c) of a side×side crop back to its position in the untransformed
 * window. Output = flip(rot90^turns(window)); rot90 counter-clockwise sends window[i][j] to
 * out[side-1-j][i], so its inverse reads out[r][c] from window[c][side-1-r].
 */
export function sourceOf(r: number, c: number, side: number, turns: number, flip: boolean): [number, number] {
  let rr = r;
  let cc = flip ? side - 1 - c : c;
  for (let t = 0; t < turns; t++) {
    const next = side - 1 - rr;
    rr = cc;
    cc = next;
  }
  return [rr, cc];
}

/**
 * `count` seeded random crops of side `crop` from `split`: x is count×crop×crop×channels (NHWC),
 * y is count×crop×crop. Each crop gets a random quarter turn and/or mirror when enabled.
 */
export function sampleCrops(
  split: SegmentationSplit,
  shape: ImageShape,
  count: number,
  crop: number,
  augment: Augment[],
  rng: RandomSource,
): { x: Float32Array; y: Float32Array } {
  const { height, width, channels } = shape;
  if (split.n < 1) throw new Error('sampleCrops: the split has no images');
  if (crop < 1 || crop > height || crop > width) {
    throw new Error(`sampleCrops: crop ${crop} does not fit in ${height}×${width} images`);
  }
  const x = new Float32Array(count * crop * crop * channels);
  const y = new Float32Array(count * crop * crop);
  const imageSize = height * width;
  for (let s = 0; s < count; s++) {
    const d = drawCrop(split.n, shape, crop, augment, rng);
    const xBase = d.image * imageSize * channels;
    const yBase = d.image * imageSize;
    for (let r = 0; r < crop; r++) {
      for (let c = 0; c < crop; c++) {
        const [wr, wc] = sourceOf(r, c, crop, d.turns, d.flip);
        const pix = (d.top + wr) * width + (d.left + wc);
        const out = (s * crop + r) * crop + c;
        y[out] = split.y[yBase + pix];
        for (let ch = 0; ch < channels; ch++) x[out * channels + ch] = split.x[xBase + pix * channels + ch];
      }
    }
  }
  return { x, y };
}
