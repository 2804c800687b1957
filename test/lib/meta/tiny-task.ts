/**
 * A tiny functional regression task for the meta-learning tests: a 2-4-1 sine network on
 * fixed points, inner loss on the context rows, outer loss on separate query rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { MetaTask, Params } from '../../../lib/meta/index.js';

export const tinyParams = (): Params => ({
  w: tf.tensor2d([0.3, -0.5, 0.8, 0.1, -0.4, 0.6, 0.2, -0.7], [2, 4]),
  b: tf.tensor1d([0.05, -0.1, 0.2, 0]),
  v: tf.tensor2d([0.5, -0.3, 0.7, 0.2], [4, 1]),
});

export function tinyNet(p: Params, x: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(tf.sin(tf.add(tf.matMul(x, p.w as tf.Tensor2D), p.b!)), p.v as tf.Tensor2D);
}

export function tinyTask(seedShift = 0): MetaTask & { x: tf.Tensor2D; y: tf.Tensor2D; qx: tf.Tensor2D; qy: tf.Tensor2D } {
  const x = tf.tensor2d([0.1, 0.9, -0.6, 0.3, 0.8, -0.2, -0.5, -0.9, 0.4, 0.4, 0, -0.3], [6, 2]);
  const y = tf.tensor2d([0.3 + seedShift, -0.2, 0.5, 0.1, -0.4, 0.25], [6, 1]);
  const qx = tf.tensor2d([0.2, -0.1, -0.7, 0.6, 0.5, 0.5], [3, 2]);
  const qy = tf.tensor2d([0.1, -0.3, 0.35 - seedShift], [3, 1]);
  const mse = (p: Params, a: tf.Tensor2D, t: tf.Tensor2D) => tf.mean(tf.square(tf.sub(tinyNet(p, a), t))) as tf.Scalar;
  return {
    x,
    y,
    qx,
    qy,
    innerLoss: (p, rows) => (rows ? mse(p, tf.gather(x, rows), tf.gather(y, rows)) : mse(p, x, y)),
    outerLoss: (p) => mse(p, qx, qy),
  };
}

/** Reads every parameter into one flat JS array, in key order. */
export async function flat(p: Params): Promise<number[]> {
  const out: number[] = [];
  for (const k of Object.keys(p).sort()) out.push(...(await p[k]!.data()));
  return out;
}
