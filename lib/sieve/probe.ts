/**
 * Accuracy and mean loss of any logits function over a split (the auxiliary head is not a
 * ModelSpec of its own input, so lib/nn's evaluateClassifier cannot run it), batched and read
 * asynchronously.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/dataset.js';
import { epochBatches, makeBatch } from '../nn/index.js';

export interface ProbeResult {
  accuracy: number;
  /** Mean cross-entropy against the labels. */
  loss: number;
  /** Mean KL(uniform ‖ prediction): 0 when the prediction is uniform. */
  uniformGap: number;
}

export async function probeLogits(
  logitsOf: (x: tf.Tensor) => tf.Tensor,
  split: Split,
  inputShape: number[],
  batchSize = 500,
): Promise<ProbeResult> {
  let correct = 0;
  let loss = 0;
  let gap = 0;
  for (const rows of epochBatches(split.n, batchSize)) {
    const batch = makeBatch(split, inputShape, rows);
    const out = tf.tidy(() => {
      const logits = logitsOf(batch.x);
      const k = logits.shape.at(-1)!;
      const logp = tf.logSoftmax(logits);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), batch.y), 'float32'));
      const nll = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(batch.y, k))));
      // KL(u ‖ p) = Σ_k (1/K)(log(1/K) − log p_k), summed over the batch.
      const kl = tf.sum(tf.sub(-Math.log(k), tf.mean(logp, -1)));
      return tf.stack([hits, nll, kl]);
    });
    const [h, l, g] = await out.data();
    tf.dispose([out, batch.x, batch.y]);
    correct += h!;
    loss += l!;
    gap += g!;
  }
  const n = split.n || NaN;
  return { accuracy: correct / n, loss: loss / n, uniformGap: gap / n };
}
