/**
 * Projected gradient descent in the L∞ ball (Madry et al. 2018): from a random start in the
 * ball, `steps` signed-gradient ascent steps on the cross-entropy, each projected back onto the
 * ball clipped to the domain. An example counts as broken when any visited point (the clean one
 * included) is misclassified: PGD accuracy is an upper bound on the true robust accuracy, just
 * as verified accuracy is a lower one. The point of smallest margin found is kept per example.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomSource } from '../data/random.js';
import { forward, softmaxCrossEntropy, type ModelSpec, type ParamTensors } from '../nn/index.js';
import { inputBox, UNIT_DOMAIN, type Domain } from './interval.js';

export interface PgdOptions {
  eps: number;
  domain?: Domain;
  steps: number;
  /** Default 2.5·eps/steps, enough to cross the ball from any start. */
  stepSize?: number;
  restarts: number;
  rng: RandomSource;
}

export interface PgdResult {
  /** 1 where some visited point is misclassified (argmax ≠ label). */
  broken: Uint8Array;
  /** Per example, the visited point of smallest margin z_y − max_{j≠y} z_j: [n, ...inputShape]. */
  worst: Float32Array;
  /** That smallest margin. */
  worstMargin: Float32Array;
}

/** Margins z_y − max_{j≠y} z_j and argmax-correctness of a batch. */
async function judge(spec: ModelSpec, params: ParamTensors, x: tf.Tensor, onehot: tf.Tensor): Promise<{ margin: Float32Array; wrong: Uint8Array }> {
  const [m, w] = tf.tidy(() => {
    const z = forward(spec, params, x, { training: false });
    const zy = tf.sum(tf.mul(z, onehot), -1);
    const others = tf.max(tf.sub(z, tf.mul(onehot, 1e9)), -1);
    const label = tf.argMax(onehot, -1);
    return [tf.sub(zy, others), tf.notEqual(tf.argMax(z, -1), label)];
  });
  const [margin, wrong] = [new Float32Array(await m.data()), Uint8Array.from(await w.data())];
  tf.dispose([m, w]);
  return { margin, wrong };
}

/** Attacks one batch `x` ([n, ...inputShape]) with int32 `labels`. */
export async function pgdAttack(spec: ModelSpec, params: ParamTensors, x: tf.Tensor, labels: tf.Tensor, numClasses: number, o: PgdOptions): Promise<PgdResult> {
  if (!(o.eps >= 0)) throw new RangeError(`eps must be ≥ 0, got ${o.eps}`);
  const n = x.shape[0]!;
  const d = x.size / n;
  const alpha = o.stepSize ?? (2.5 * o.eps) / Math.max(1, o.steps);
  const box = inputBox(x, o.eps, o.domain ?? UNIT_DOMAIN);
  const onehot = tf.tidy(() => tf.oneHot(tf.cast(labels, 'int32') as tf.Tensor1D, numClasses));
  const broken = new Uint8Array(n);
  const worst = new Float32Array(await x.data());
  const worstMargin = new Float32Array(n).fill(Infinity);
  const record = async (point: tf.Tensor) => {
    const { margin, wrong } = await judge(spec, params, point, onehot);
    let rows: Float32Array | undefined;
    for (let i = 0; i < n; i++) {
      if (wrong[i]) broken[i] = 1;
      if (margin[i]! < worstMargin[i]!) {
        rows ??= new Float32Array(await point.data());
        worstMargin[i] = margin[i]!;
        worst.set(rows.subarray(i * d, (i + 1) * d), i * d);
      }
    }
  };
  const lossOf = (p: tf.Tensor) => tf.mul(softmaxCrossEntropy(forward(spec, params, p, { training: false }), labels), n) as tf.Scalar;
  const gradOf = tf.grad(lossOf);
  try {
    await record(x);
    for (let r = 0; r < o.restarts && o.eps > 0; r++) {
      const noise = Float32Array.from({ length: n * d }, () => (2 * o.rng.next() - 1) * o.eps);
      let point = tf.tidy(() => tf.minimum(tf.maximum(tf.add(x, tf.tensor(noise, x.shape)), box.lower), box.upper));
      await record(point);
      for (let s = 0; s < o.steps; s++) {
        const next = tf.tidy(() => tf.minimum(tf.maximum(tf.add(point, tf.mul(tf.sign(gradOf(point)), alpha)), box.lower), box.upper));
        point.dispose();
        point = next;
        await record(point);
      }
      point.dispose();
    }
  } finally {
    tf.dispose([box.lower, box.upper, onehot]);
  }
  return { broken, worst, worstMargin };
}
