/**
 * One signal as a meta-learning task (lib/meta's MetaTask): the context is every point of the
 * grid; the inner loss is the mean squared error on the chosen rows, the outer loss the mean
 * squared error on all of them (for images the query set is the whole signal).
 */
import * as tf from '@tensorflow/tfjs';
import type { InnerHooks, MetaTask, Params } from '../meta/index.js';
import { sirenForward, type SirenSpec } from './siren.js';

export interface SignalTask extends MetaTask {
  spec: SirenSpec;
  /** [points, inDim] */
  coords: tf.Tensor2D;
  /** [points, outDim] */
  target: tf.Tensor2D;
}

export function mse(spec: SirenSpec, params: Params, coords: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.square(tf.sub(sirenForward(spec, params, coords).out, target)));
}

/** The task of one signal; the caller owns (and disposes) `coords` and `target`. */
export function signalTask(spec: SirenSpec, coords: tf.Tensor2D, target: tf.Tensor2D, hooks?: InnerHooks): SignalTask {
  return {
    ...(hooks ? { hooks } : {}),
    spec,
    coords,
    target,
    innerLoss: (params, rows) => (rows ? mse(spec, params, tf.gather(coords, rows), tf.gather(target, rows)) : mse(spec, params, coords, target)),
    outerLoss: (params) => mse(spec, params, coords, target),
  };
}
