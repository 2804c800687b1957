/**
 * A segmentation set made up in memory, for tests and benchmarks that must not depend on data
 * files: box-blurred uniform noise, labelled foreground where the blur exceeds 0.5 — blobs with
 * smooth boundaries that a small U-Net learns to outline in a few steps.
 */
import type { RandomSource } from '../data/random.js';
import type { SegmentationDataset } from '../images/dataset.js';

/** n images side×side of box-blurred noise; the mask is pixel-wise x > 0.5, so any U-Net can learn it quickly. */
export function syntheticSegmentation(n: number, side: number, rng: RandomSource): SegmentationDataset {
  const x = new Float32Array(n * side * side);
  const y = new Float32Array(n * side * side);
  const noise = Float32Array.from({ length: side * side }, () => 0);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < noise.length; i++) noise[i] = rng.next();
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        let s = 0;
        for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) s += noise[((r + dr + side) % side) * side + ((c + dc + side) % side)]!;
        // The blur has std ≈ 0.06 around 0.5: stretch it to fill [0, 1] so the contrast is image-like.
        x[k * side * side + r * side + c] = Math.min(1, Math.max(0, 0.5 + 6 * (s / 25 - 0.5)));
        y[k * side * side + r * side + c] = s / 25 > 0.5 ? 1 : 0;
      }
    }
  }
  const split = { x, y, n, files: Array.from({ length: n }, (_, i) => `synthetic-${i}`) };
  return { kind: 'segmentation', height: side, width: side, channels: 1, crop: side, augment: [], splits: { train: split, validation: split } };
}

