/**
 * The sieve's three objectives over one parameter record (model + auxiliary head):
 * main = cross-entropy of the model's logits; aux = cross-entropy of the head's logits on the
 * lower layers' features; forget = cross-entropy of the head's prediction to the uniform
 * distribution, −(1/K)·Σ_k log p_k, which is log K + KL(uniform ‖ p): smallest (log K) exactly
 * when the head predicts uniformly, i.e. when the lower layers carry nothing it can read.
 */
import * as tf from '@tensorflow/tfjs';
import { forward, forwardRange, softmaxCrossEntropy, type ForwardOptions, type LossFn, type ModelSpec, type ParamTensors } from '../nn/index.js';

/** Mean over the batch of the cross-entropy from the uniform distribution to softmax(logits). */
export function uniformCrossEntropy(logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.mean(tf.logSoftmax(logits), -1))) as tf.Scalar);
}

export interface SieveNet {
  spec: ModelSpec;
  aux: ModelSpec;
  /** Layers [0, cut) of `spec` feed the head. */
  cut: number;
}

/** The head's logits on `x` (raw rows or shaped inputs). */
export function auxLogits(net: SieveNet, params: ParamTensors, x: tf.Tensor, opts: ForwardOptions): tf.Tensor {
  // The lower layers' batch-norm statistics belong to the main pass; the head's own are its.
  const lower = { ...opts, updateStatistics: false };
  return tf.tidy(() => forward(net.aux, params, forwardRange(net.spec, params, x, lower, 0, net.cut), opts));
}

export interface SieveLosses {
  main: LossFn;
  aux: LossFn;
  forget: LossFn;
}

export function sieveLosses(net: SieveNet): SieveLosses {
  const partial = (training: boolean, seed?: number): ForwardOptions => ({ training, seed });
  return {
    main: (p, x, y, ctx) => tf.tidy(() => softmaxCrossEntropy(forward(net.spec, p, x, { training: ctx.training, seed: ctx.seed }), y)),
    aux: (p, x, y, ctx) => tf.tidy(() => softmaxCrossEntropy(auxLogits(net, p, x, partial(ctx.training, ctx.seed)), y)),
    // The head's own batch-norm statistics follow the aux pass only: forget trains nothing of the head.
    forget: (p, x, _y, ctx) => uniformCrossEntropy(auxLogits(net, p, x, { ...partial(ctx.training, ctx.seed), updateStatistics: false })),
  };
}
