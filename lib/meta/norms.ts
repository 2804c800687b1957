/** Norms over a whole parameter record, and clipping by it (the outer step's safety belt). */
import * as tf from '@tensorflow/tfjs';
import type { Params } from './types.js';

/** √(Σ over every entry of every tensor of x²). */
export function globalNorm(g: Params): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(g).map((t) => tf.sum(tf.square(t))))) as tf.Scalar);
}

/** `g` scaled down to global norm `max` when it is longer (new tensors; `g` is left alone). */
export function clipByGlobalNorm(g: Params, max: number): Params {
  return tf.tidy(() => {
    const scale = tf.minimum(tf.div(max, tf.add(globalNorm(g), 1e-12)), 1);
    return Object.fromEntries(Object.entries(g).map(([n, t]) => [n, tf.mul(t, scale)]));
  });
}
