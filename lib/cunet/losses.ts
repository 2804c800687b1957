/**
 * Segmentation losses on logits [n, h, w, 1] against 0/1 masks [n, h, w] (or [n, h, w, 1]):
 * binary cross-entropy and the soft Dice loss, the usual pair for membrane segmentation.
 */
import * as tf from '@tensorflow/tfjs';

export type SegLossName = 'bce' | 'bce_dice';
export const SEG_LOSSES: readonly SegLossName[] = ['bce', 'bce_dice'];

/** Smoothing of the soft Dice ratio, so an empty mask with an empty prediction scores 1, not 0/0. */
export const DICE_SMOOTH = 1;

function flatPerSample(t: tf.Tensor): tf.Tensor2D {
  return tf.reshape(t, [t.shape[0]!, -1]);
}

/** Mean over pixels of max(z, 0) − z·y + log(1 + e^−|z|): the stable form of BCE on sigmoid(z). */
export function bceWithLogits(logits: tf.Tensor, masks: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const z = flatPerSample(logits);
    const y = flatPerSample(masks);
    return tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))) as tf.Scalar;
  });
}

/** 1 − mean over samples of (2Σpy + s) / (Σp + Σy + s), p = sigmoid(z). */
export function softDiceLoss(logits: tf.Tensor, masks: tf.Tensor, smooth = DICE_SMOOTH): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.sigmoid(flatPerSample(logits));
    const y = flatPerSample(masks);
    const inter = tf.sum(tf.mul(p, y), 1);
    const total = tf.add(tf.sum(p, 1), tf.sum(y, 1));
    const dice = tf.div(tf.add(tf.mul(inter, 2), smooth), tf.add(total, smooth));
    return tf.sub(1, tf.mean(dice)) as tf.Scalar;
  });
}

export function segLoss(name: SegLossName, logits: tf.Tensor, masks: tf.Tensor): tf.Scalar {
  if (name === 'bce') return bceWithLogits(logits, masks);
  return tf.tidy(() => tf.add(bceWithLogits(logits, masks), softDiceLoss(logits, masks)) as tf.Scalar);
}

/**
 * Hard Dice and IoU of the prediction logit > 0 against the masks, pooled over all pixels of the
 * batch (sums, so callers can accumulate over batches): returns [Σ pred·y, Σ pred, Σ y].
 */
export async function overlapCounts(logits: tf.Tensor, masks: tf.Tensor): Promise<[number, number, number]> {
  const sums = tf.tidy(() => {
    const pred = tf.cast(tf.greater(flatPerSample(logits), 0), 'float32');
    const y = flatPerSample(masks);
    return tf.stack([tf.sum(tf.mul(pred, y)), tf.sum(pred), tf.sum(y)]);
  });
  const v = await sums.data();
  sums.dispose();
  return [v[0]!, v[1]!, v[2]!];
}

/** Dice = 2|A∩B| / (|A| + |B|); 1 when both are empty. */
export function diceFromCounts([inter, pred, truth]: [number, number, number]): number {
  return pred + truth === 0 ? 1 : (2 * inter) / (pred + truth);
}
