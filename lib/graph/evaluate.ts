/** Classifier metrics of a graph network over chosen graphs, in batches, read asynchronously. */
import * as tf from '@tensorflow/tfjs';
import { epochBatches } from '../nn/batches.js';
import type { ParamTensors } from '../nn/model.js';
import { makeGraphBatch } from './batch.js';
import { batchNeeds, disposeGraphTensors, graphTensors } from './batch-tensors.js';
import type { GraphDataset } from './dataset.js';
import { graphForward } from './forward.js';
import type { GraphModelSpec } from './spec.js';

export interface GraphMetrics {
  n: number;
  accuracy: number;
  /** Mean softmax cross-entropy. */
  loss: number;
  /** Predicted class of each evaluated graph, in the order given. */
  predicted: Int32Array;
}

export async function evaluateGraphs(
  spec: GraphModelSpec,
  params: ParamTensors,
  ds: GraphDataset,
  ids: Int32Array,
  batchSize = 128,
): Promise<GraphMetrics> {
  const predicted = new Int32Array(ids.length);
  let correct = 0;
  let lossSum = 0;
  const needs = batchNeeds(spec);
  for (const rows of epochBatches(ids.length, batchSize)) {
    const batch = makeGraphBatch(ds, Int32Array.from(rows, (r) => ids[r]!));
    const g = graphTensors(batch, needs);
    const [pred, nll] = tf.tidy(() => {
      const logits = graphForward(spec, params, g, { training: false }).logits;
      const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(g.y, spec.numClasses)), -1);
      return [tf.argMax(logits, -1), tf.neg(tf.sum(picked))];
    });
    const [p, l] = await Promise.all([pred.data(), nll.data()]);
    tf.dispose([pred, nll]);
    disposeGraphTensors(g);
    lossSum += l[0]!;
    rows.forEach((r, i) => {
      predicted[r] = p[i]!;
      if (p[i] === batch.y[i]) correct++;
    });
  }
  const n = ids.length;
  return { n, accuracy: n ? correct / n : NaN, loss: n ? lossSum / n : NaN, predicted };
}
