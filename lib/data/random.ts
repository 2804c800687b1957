/**
 * The slice of the kernel's `Rng` that numeric code needs. lib/ never imports kernel/, so it
 * names the shape it uses; the kernel's seeded stream satisfies it.
 */
export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A fresh 32-bit seed (for tfjs ops that take a numeric seed, e.g. dropout). */
  nextSeed(): number;
}

/** In-place Fisher–Yates shuffle driven by `rng` (same seed → same order). */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(
  xs: T,
  rng: RandomSource,
): T {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}

/** A seeded permutation of 0..n-1. */
export function permutation(n: number, rng: RandomSource): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return shuffleInPlace(idx, rng);
}
