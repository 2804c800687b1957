/**
 * SimSiam's objective: D(p, z) = −cos(p, sg(z)) averaged over the batch, symmetrised over the
 * two views; sg is stop-gradient, which is what keeps SimSiam from collapsing without negatives.
 */
import * as tf from '@tensorflow/tfjs';

/** Identity forward, zero gradient backward (tfjs has no stop_gradient op). */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

/**
 * x / ‖x‖ per row, as x · rsqrt(Σx² + ε): tf.norm's gradient at a zero row is 0/0 = NaN, and a
 * relu head layer does output all-zero rows now and then.
 */
function l2normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12))) as tf.Tensor2D;
}

/** Mean negative cosine between rows of p and the stopped rows of z. */
export function negativeCosine(p: tf.Tensor2D, z: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(l2normalize(p), l2normalize(stopGradient(z) as tf.Tensor2D)), 1))) as tf.Scalar);
}

/** ½ D(p1, z2) + ½ D(p2, z1). */
export function simsiamLoss(p1: tf.Tensor2D, z1: tf.Tensor2D, p2: tf.Tensor2D, z2: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.add(negativeCosine(p1, z2), negativeCosine(p2, z1)), 0.5) as tf.Scalar);
}

/**
 * Collapse monitor: mean over dimensions of the batch std of the ℓ2-normalised embeddings.
 * ≈ 1/√d for well-spread embeddings, 0 when every example maps to the same direction.
 */
export async function embeddingStd(z: tf.Tensor2D): Promise<number> {
  const s = tf.tidy(() => {
    const zn = l2normalize(z);
    const { variance } = tf.moments(zn, 0);
    return tf.mean(tf.sqrt(variance));
  });
  const v = (await s.data())[0]!;
  s.dispose();
  return v;
}
