/**
 * One prune–regrow update of a layer (SET, RigL): drop the `n` active weights of smallest
 * magnitude, then grow `n` connections among those inactive after the drop, by the largest
 * grow score (|gradient| for RigL, a random draw for SET). The number of active weights stays
 * the same. A connection that was dropped and grown back keeps its value; a newly grown one
 * (inactive before the update) starts at exactly zero.
 */
import { magnitudeScores } from './magnitude.js';
import { topKOf, where } from './select.js';

export interface RegrowResult {
  mask: Uint8Array;
  /** Weights with newly grown connections zeroed (same array object when nothing changed). */
  weights: Float32Array;
  dropped: number;
  grown: number;
}

export function pruneRegrow(weights: Float32Array, mask: Uint8Array, n: number, growScore: ArrayLike<number>): RegrowResult {
  const active = where(mask, 1);
  const count = Math.min(n, active.length);
  if (count <= 0) return { mask, weights, dropped: 0, grown: 0 };
  // Drop: smallest |w| among the active = largest −|w|.
  const neg = magnitudeScores(weights).map((v) => -v);
  const drop = topKOf(neg, active, count);
  const next = mask.slice();
  for (const i of drop) next[i] = 0;
  const grow = topKOf(growScore, where(next, 0), count);
  for (const i of grow) next[i] = 1;
  const w = weights.slice();
  let grown = 0;
  for (const i of grow) {
    if (!mask[i]) {
      w[i] = 0;
      grown++;
    }
  }
  for (let i = 0; i < w.length; i++) if (!next[i]) w[i] = 0;
  return { mask: next, weights: w, dropped: count, grown };
}

/** A random mask with exactly `k` ones (SET and RigL's sparse start). */
export function randomMask(size: number, k: number, random: () => number): Uint8Array {
  const scores = new Float64Array(size);
  for (let i = 0; i < size; i++) scores[i] = random();
  const all = Int32Array.from({ length: size }, (_, i) => i);
  const mask = new Uint8Array(size);
  for (const i of topKOf(scores, all, k)) mask[i] = 1;
  return mask;
}
