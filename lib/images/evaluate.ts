/**
 * Scores a tile predictor on a split, clean and under Gaussian noise: one pass per image, each
 * noise level predicted in turn, so memory holds one image and its tiles at a time. The first
 * `keep` images' predictions are returned for the report figure.
 */
import type { RandomSource } from '../data/random.js';
import type { SegmentationSplit } from './dataset.js';
import { accumulate, emptyConfusion, type Confusion } from './metrics.js';
import { gaussianNoise } from './noise.js';
import { predictTiled, type TileOptions, type TilePredictor } from './tiles.js';
import type { ImageShape } from './crops.js';

export interface NoiseEvalOptions extends TileOptions {
  /** Noise levels σ (0 = the clean images). */
  noise: number[];
  /** Clip noisy images back to [0, 1]. */
  clip: boolean;
  /** How many images' inputs and logits to keep for figures. */
  keep: number;
  /** The stream for one σ; the same (seed, σ) must give the same noise for every model. */
  noiseRng(sigma: number): RandomSource;
}

export interface KeptPrediction {
  file: string;
  sigma: number;
  /** The (noisy) input, height×width×channels. */
  input: Float32Array;
  logits: Float32Array;
}

export interface NoiseEvalResult {
  /** Pooled counts per σ, in the order of `noise`. */
  confusion: Confusion[];
  kept: KeptPrediction[];
  /** Wall time of predicting the clean images, per image (ms); NaN when σ = 0 is not evaluated. */
  msPerImage: number;
}

export async function evaluateUnderNoise(
  split: SegmentationSplit,
  shape: ImageShape,
  predict: TilePredictor,
  o: NoiseEvalOptions,
  signal?: AbortSignal,
): Promise<NoiseEvalResult> {
  const pix = shape.height * shape.width;
  const size = pix * shape.channels;
  const rngs = o.noise.map((s) => o.noiseRng(s));
  const confusion = o.noise.map(() => emptyConfusion());
  const kept: KeptPrediction[] = [];
  let cleanMs = 0;
  for (let i = 0; i < split.n; i++) {
    const clean = split.x.subarray(i * size, (i + 1) * size);
    const truth = split.y.subarray(i * pix, (i + 1) * pix);
    for (let k = 0; k < o.noise.length; k++) {
      signal?.throwIfAborted();
      const sigma = o.noise[k]!;
      const input = sigma > 0 ? gaussianNoise(clean, sigma, o.clip, rngs[k]!) : clean;
      const t0 = performance.now();
      const logits = await predictTiled(input, shape.height, shape.width, shape.channels, o, predict);
      if (sigma === 0) cleanMs += performance.now() - t0;
      accumulate(confusion[k]!, logits, truth);
      if (i < o.keep) kept.push({ file: split.files[i]!, sigma, input, logits });
    }
  }
  return { confusion, kept, msPerImage: o.noise.includes(0) ? cleanMs / split.n : NaN };
}
