/**
 * Online context pruning (GradNCP): keep the points whose loss gradient is largest. The exact
 * per-point gradient norm needs one backward pass per point; the score uses the output layer
 * only, where it is cheap and exact: for ℓ_i = ‖y_i − t_i‖² and y_i = φ_iᵀ·W + b,
 * ∇_W ℓ_i = 2·φ_i·e_iᵀ (rank one) and ∇_b ℓ_i = 2·e_i, so
 *   ‖∇_{W,b} ℓ_i‖ = 2·‖e_i‖·√(‖φ_i‖² + 1),
 * with e_i = y_i − t_i and φ_i the last hidden layer's features. The score drops the factor 2
 * (it does not change the ranking). It ignores the earlier layers' gradients: that is the proxy.
 */
import * as tf from '@tensorflow/tfjs';
import type { Params } from '../meta/index.js';
import { sirenForward, type SirenSpec } from './siren.js';

/** ‖e_i‖·√(‖φ_i‖² + 1) for every point, [points]. */
export function pruningScores(spec: SirenSpec, params: Params, coords: tf.Tensor2D, target: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { out, features } = sirenForward(spec, params, coords);
    const errNorm = tf.sqrt(tf.sum(tf.square(tf.sub(out, target)), 1));
    const featNorm = tf.sqrt(tf.add(tf.sum(tf.square(features), 1), 1));
    return tf.mul(errNorm, featNorm) as tf.Tensor1D;
  });
}

/** How many of `points` rows a keep fraction leaves (at least one). */
export function keepCount(points: number, keep: number): number {
  if (!(keep > 0 && keep <= 1)) throw new Error(`keep must be in (0, 1], got ${keep}`);
  return Math.max(1, Math.round(keep * points));
}

/** Row indices of the `k` largest scores, largest first (read asynchronously). */
export async function topRows(scores: tf.Tensor1D, k: number): Promise<Int32Array> {
  const { indices, values } = tf.topk(scores, k, true);
  try {
    return new Int32Array(await indices.data());
  } finally {
    tf.dispose([indices, values]);
  }
}

/** Chooses the top `keep` fraction of a signal's points by score at the given parameters. */
export async function selectByScore(spec: SirenSpec, params: Params, coords: tf.Tensor2D, target: tf.Tensor2D, keep: number): Promise<Int32Array> {
  const scores = pruningScores(spec, params, coords, target);
  try {
    return await topRows(scores, keepCount(coords.shape[0], keep));
  } finally {
    scores.dispose();
  }
}
