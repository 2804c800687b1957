/**
 * Knowledge distillation (Hinton et al. 2015): the student matches the teacher's softened
 * distribution and the labels,
 *   L = α·T²·KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α)·CE(softmax(s), y),
 * averaged over the batch. The T² keeps the soft term's gradient (which scales as 1/T²) comparable
 * with the hard term's as T changes: ∂L_soft/∂s = α·T·(softmax(s/T) − softmax(t/T)) / batch.
 */
import * as tf from '@tensorflow/tfjs';
import { forward, softmaxCrossEntropy, type ModelSpec, type ParamTensors } from '../nn/index.js';
import type { DerivedLoss } from './train-derived.js';

export interface DistillOptions {
  temperature: number;
  /** Weight of the soft (teacher) term; 1 − alpha goes to the labels. */
  alpha: number;
}

export function distillationLoss(student: tf.Tensor, teacher: tf.Tensor, labels: tf.Tensor, o: DistillOptions): tf.Scalar {
  return tf.tidy(() => {
    const T = o.temperature;
    const pt = tf.softmax(tf.div(teacher, T));
    const kl = tf.sum(tf.mul(pt, tf.sub(tf.logSoftmax(tf.div(teacher, T)), tf.logSoftmax(tf.div(student, T)))), -1);
    const soft = tf.mul(tf.mean(kl), T * T);
    if (o.alpha === 1) return tf.mul(soft, 1) as tf.Scalar;
    return tf.add(tf.mul(soft, o.alpha), tf.mul(softmaxCrossEntropy(student, labels), 1 - o.alpha)) as tf.Scalar;
  });
}

/**
 * The distillation objective for trainDerived: the teacher (fixed tensors, never trained) runs in
 * inference mode on the same batch as the student.
 */
export function distillLoss(student: ModelSpec, teacher: { spec: ModelSpec; params: ParamTensors }, o: DistillOptions): DerivedLoss {
  return (params, x, y, ctx) =>
    tf.tidy(() => {
      const t = forward(teacher.spec, teacher.params, x, { training: false });
      const s = forward(student, params, x, { training: ctx.training, seed: ctx.seed });
      return distillationLoss(s, t, y, o);
    });
}
