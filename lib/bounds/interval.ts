/**
 * Element-wise intervals [lower, upper] over a batch, and the perturbation set: the L∞ ball of
 * radius eps around each input, clipped to the input domain (pixels stay in [0, 1]).
 */
import * as tf from '@tensorflow/tfjs';
import { valueRange } from '../data/value-range.js';
import { InputDomainError } from './errors.js';

export interface Interval {
  /** [batch, ...shape] */
  lower: tf.Tensor;
  upper: tf.Tensor;
}

/** The input domain; [-Infinity, Infinity] leaves the ball unclipped. */
export type Domain = [number, number];

export const UNIT_DOMAIN: Domain = [0, 1];

/** {x' : ‖x' − x‖∞ ≤ eps} ∩ domain, as a box. `x` is [batch, ...inputShape]. */
export function inputBox(x: tf.Tensor, eps: number, domain: Domain = UNIT_DOMAIN): Interval {
  if (!(eps >= 0)) throw new RangeError(`eps must be ≥ 0, got ${eps}`);
  return tf.tidy(() => {
    let lower = tf.sub(x, eps);
    let upper = tf.add(x, eps);
    if (Number.isFinite(domain[0])) lower = tf.maximum(lower, domain[0]);
    if (Number.isFinite(domain[1])) upper = tf.minimum(upper, domain[1]);
    return { lower, upper };
  });
}

/** Throws InputDomainError when a value of `x` lies outside `domain`. */
export function checkInDomain(x: ArrayLike<number>, domain: Domain): void {
  const [lo, hi] = valueRange(x);
  if (lo < domain[0] || hi > domain[1]) throw new InputDomainError([lo, hi], domain);
}

/** The tighter of two sound intervals of the same quantity. */
export function intersect(a: Interval, b: Interval): Interval {
  return { lower: tf.maximum(a.lower, b.lower), upper: tf.minimum(a.upper, b.upper) };
}

export function center(i: Interval): tf.Tensor {
  return tf.mul(tf.add(i.upper, i.lower), 0.5);
}

export function radius(i: Interval): tf.Tensor {
  return tf.mul(tf.sub(i.upper, i.lower), 0.5);
}

export function disposeInterval(i: Interval | undefined): void {
  if (i) tf.dispose([i.lower, i.upper]);
}
