/**
 * The linear relaxation of y = relu(x) for x in [l, u] (Zhang et al. 2018, CROWN):
 *   stable active (l ≥ 0):   y = x;        stable inactive (u ≤ 0): y = 0;
 *   unstable (l < 0 < u):    y ≤ s·(x − l) with s = u / (u − l)   (the chord, the tightest line above)
 *                            y ≥ α·x with α = 1 when u ≥ −l, else 0 (the adaptive lower slope, which
 *                            keeps the area between the two lines smallest).
 * The upper line is differentiable in l and u, so CROWN-IBP trains through it; α is a step.
 */
import * as tf from '@tensorflow/tfjs';
import type { Interval } from './interval.js';

export interface ReluRelaxation {
  /** Lower line y ≥ alpha·x, [batch, ...shape]. */
  alpha: tf.Tensor;
  /** Upper line y ≤ slope·x + intercept. */
  slope: tf.Tensor;
  intercept: tf.Tensor;
}

/**
 * The neuron cases as 0/1 floats, with a zero gradient: tfjs has no gradient for comparisons,
 * and the cases are piecewise constant anyway. Blending with float masks (not tf.where) keeps
 * every op on the gradient path differentiable.
 */
const cases = tf.customGrad((...args: unknown[]) => {
  const [l, u] = args as [tf.Tensor, tf.Tensor];
  const value = tf.tidy(() => {
    const f = (b: tf.Tensor) => tf.cast(b, 'float32');
    const active = f(tf.greaterEqual(l, 0));
    const unstable = f(tf.logicalAnd(tf.less(l, 0), tf.greater(u, 0)));
    const upperSide = f(tf.greaterEqual(u, tf.neg(l)));
    return tf.stack([active, unstable, upperSide]);
  });
  return { value, gradFunc: () => [tf.zerosLike(l), tf.zerosLike(u)] };
});

export function reluRelaxation(pre: Interval): ReluRelaxation {
  return tf.tidy(() => {
    const { lower: l, upper: u } = pre;
    const [active, unstable, upperSide] = tf.unstack(cases(l, u) as tf.Tensor);
    const stable = tf.sub(1, unstable!);
    // Where the chord is not used the denominator is 1, so its gradient stays finite.
    const chord = tf.div(u, tf.add(tf.mul(tf.sub(u, l), unstable!), stable));
    const slope = tf.add(tf.mul(chord, unstable!), active!);
    const intercept = tf.neg(tf.mul(tf.mul(chord, l), unstable!));
    const alpha = tf.add(tf.mul(upperSide!, unstable!), active!);
    return { alpha, slope, intercept };
  });
}
