/**
 * Frozen-backbone evaluation of a self-supervised encoder: a linear (softmax-regression)
 * classifier trained with Adam on the backbone features of the labelled train split, and a
 * cosine k-nearest-neighbour vote; both report test accuracy.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import { permutation, type RandomSource } from '../data/random.js';
import { paramsToTensors, type ParamArrays } from '../nn/model.js';
import { createOptimizer } from '../nn/optimizers.js';
import type { ModelSpec } from '../nn/spec.js';
import { backboneForward } from './siamese-net.js';

/** Backbone features of every row of a split (batch norm on running statistics), batched to bound memory. */
export function features(spec: ModelSpec, params: ParamArrays, split: Split, rowLen: number): tf.Tensor2D {
  const ps = paramsToTensors(params);
  const parts: tf.Tensor2D[] = [];
  for (let s = 0; s < split.n; s += 512) {
    const m = Math.min(512, split.n - s);
    parts.push(tf.tidy(() => backboneForward(tf.tensor2d(split.x.subarray(s * rowLen, (s + m) * rowLen), [m, rowLen]), spec, ps, { training: false })));
  }
  const out = tf.concat(parts, 0);
  tf.dispose([...parts, ...Object.values(ps)]);
  return out;
}

export interface ProbeOptions {
  numClasses: number;
  epochs: number;
  batch: number;
  lr: number;
  rng: RandomSource;
}

/** Test accuracy of a linear classifier trained on (standardised) train features. */
export async function linearProbe(train: tf.Tensor2D, yTrain: Int32Array, test: tf.Tensor2D, yTest: Int32Array, o: ProbeOptions): Promise<number> {
  const [n, d] = train.shape;
  const { mean, variance } = tf.moments(train, 0);
  const scale = tf.tidy(() => tf.add(tf.sqrt(variance), 1e-6));
  const norm = (x: tf.Tensor2D) => tf.div(tf.sub(x, mean), scale) as tf.Tensor2D;
  const w = tf.tidy(() => tf.variable(tf.zeros([d, o.numClasses])));
  const b = tf.tidy(() => tf.variable(tf.zeros([o.numClasses])));
  const opt = createOptimizer({ type: 'adam' });
  const trainN = tf.tidy(() => norm(train));
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(yTrain, 'int32'), o.numClasses));
  try {
    for (let e = 0; e < o.epochs; e++) {
      const order = permutation(n, o.rng);
      for (let s = 0; s < n; s += o.batch) {
        const idx = tf.tensor1d(order.subarray(s, Math.min(n, s + o.batch)), 'int32');
        const { value, grads } = tf.variableGrads(() =>
          tf.losses.softmaxCrossEntropy(tf.gather(labels, idx), tf.add(tf.matMul(tf.gather(trainN, idx), w), b)) as tf.Scalar,
        [w, b]);
        opt.apply({ w, b }, { w: grads[w.name]!, b: grads[b.name]! }, o.lr);
        tf.dispose([value, idx, ...Object.values(grads)]);
      }
    }
    const pred = tf.tidy(() => tf.argMax(tf.add(tf.matMul(norm(test), w), b), 1));
    const p = await pred.data();
    pred.dispose();
    let hit = 0;
    for (let i = 0; i < yTest.length; i++) if (p[i] === yTest[i]) hit++;
    return hit / yTest.length;
  } finally {
    tf.dispose([mean, variance, scale, w, b, trainN, labels]);
    opt.dispose();
  }
}

/** Test accuracy of a majority vote among the k most cosine-similar train features. */
export async function knnAccuracy(train: tf.Tensor2D, yTrain: Int32Array, test: tf.Tensor2D, yTest: Int32Array, k: number, numClasses: number): Promise<number> {
  const top = tf.tidy(() => {
    const unit = (x: tf.Tensor2D) => tf.div(x, tf.add(tf.norm(x, 'euclidean', 1, true), 1e-8));
    return tf.topk(tf.matMul(unit(test), unit(train), false, true), Math.min(k, yTrain.length)).indices;
  });
  const idx = await top.data();
  const kk = top.shape[1]!;
  top.dispose();
  let hit = 0;
  for (let i = 0; i < yTest.length; i++) {
    const votes = new Array<number>(numClasses).fill(0);
    for (let j = 0; j < kk; j++) votes[yTrain[idx[i * kk + j]!]!]!++;
    if (votes.indexOf(Math.max(...votes)) === yTest[i]) hit++;
  }
  return hit / yTest.length;
}
