/**
 * Test-time gradient rescaling (GradNCP): meta-training sees gradients of the pruned context,
 * whose norm differs from the full context's; at test time the step follows the full-context
 * gradient's direction with the pruned gradient's norm, g = g_full · ‖g_subset‖ / ‖g_full‖ (norms
 * over all parameters together).
 */
import * as tf from '@tensorflow/tfjs';
import { globalNorm, type Params } from '../meta/index.js';

export function rescaleGradient(full: Params, subset: Params): Params {
  return tf.tidy(() => {
    const scale = tf.div(globalNorm(subset), tf.add(globalNorm(full), 1e-16));
    return Object.fromEntries(Object.entries(full).map(([n, g]) => [n, tf.mul(g, scale)]));
  });
}
