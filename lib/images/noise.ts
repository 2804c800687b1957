/**
 * Gaussian corruption of normalised images for the robustness scores: x + σ·N(0, 1) per pixel
 * and channel, optionally clipped back to [0, 1] as a sensor would saturate.
 */
import type { RandomSource } from '../data/random.js';

export function gaussianNoise(x: Float32Array, sigma: number, clip: boolean, rng: RandomSource): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] + sigma * rng.normal();
    out[i] = clip ? Math.min(1, Math.max(0, v)) : v;
  }
  return out;
}
