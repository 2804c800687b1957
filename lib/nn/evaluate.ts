/** Classifier metrics over a split, in batches, read asynchronously. */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import { epochBatches, makeBatch } from './batches.js';
import { forward } from './forward.js';
import type { ParamTensors } from './model.js';
import type { ModelSpec } from './spec.js';

export interface ClassifierMetrics {
  n: number;
  accuracy: number;
  /** Mean softmax cross-entropy. */
  loss: number;
  /** Accuracy per true class (NaN for a class absent from the split). */
  perClassAccuracy: number[];
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

export async function evaluateClassifier(
  spec: ModelSpec,
  params: ParamTensors,
  split: Split,
  numClasses: number,
  batchSize = 500,
): Promise<ClassifierMetrics> {
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let lossSum = 0;
  for (const rows of epochBatches(split.n, batchSize)) {
    const batch = makeBatch(split, spec.inputShape, rows);
    const [pred, nll] = tf.tidy(() => {
      const logits = forward(spec, params, batch.x, { training: false });
      const logp = tf.logSoftmax(logits);
      const picked = tf.sum(tf.mul(logp, tf.oneHot(batch.y, numClasses)), -1);
      return [tf.argMax(logits, -1), tf.neg(tf.sum(picked))];
    });
    const [p, l] = await Promise.all([pred.data(), nll.data()]);
    tf.dispose([pred, nll, batch.x, batch.y]);
    lossSum += l[0]!;
    for (let i = 0; i < rows.length; i++) confusion[split.y[rows[i]!]!]![p[i]!]!++;
  }
  const correct = confusion.reduce((a, row, i) => a + row[i]!, 0);
  const perClassAccuracy = confusion.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total ? row[i]! / total : NaN;
  });
  return { n: split.n, accuracy: split.n ? correct / split.n : NaN, loss: split.n ? lossSum / split.n : NaN, perClassAccuracy, confusion };
}
