/**
 * Mini-batches from a `Split`: a seeded shuffle per epoch, rows copied into fresh tensors
 * (cheaper than a gather on the backend, and the split stays plain data).
 */
import * as tf from '@tensorflow/tfjs';
import { permutation, type RandomSource } from '../data/random.js';
import type { Split } from '../data/dataset.js';

export interface Batch {
  /** [batch, ...inputShape], float32 */
  x: tf.Tensor;
  /** [batch], int32 labels */
  y: tf.Tensor1D;
}

/**
 * A batch as the training loop sees it: inputs, labels, and any further tensors the loss reads
 * (a graph batch's edge lists and node→graph index). The loop disposes all of them.
 */
export interface LoopBatch {
  x: tf.Tensor;
  y: tf.Tensor;
  extra?: Record<string, tf.Tensor>;
}

/**
 * Where a training loop's batches come from: `n` examples, and a maker for the batch of some of
 * them (in the given order). Rows of a `Split` are one source; graphs packed into one
 * block-diagonal batch are another (lib/graph).
 */
export interface BatchSource {
  n: number;
  make(rows: Int32Array): LoopBatch;
}

/** The rows of a split as a batch source. */
export function splitSource(split: Split, inputShape: number[]): BatchSource {
  return { n: split.n, make: (rows) => makeBatch(split, inputShape, rows) };
}

export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/** The batch of the given rows (in order). The caller disposes both tensors. */
export function makeBatch(split: Split, inputShape: number[], rows: ArrayLike<number>): Batch {
  const d = inputShape.reduce((a, b) => a * b, 1);
  const n = rows.length;
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    x.set(split.x.subarray(r * d, (r + 1) * d), i * d);
    y[i] = split.y[r]!;
  }
  return { x: tf.tensor(x, [n, ...inputShape], 'float32'), y: tf.tensor1d(y, 'int32') };
}

/**
 * The row order of one epoch, cut into batches: a seeded shuffle (or the natural order when
 * `rng` is omitted, for evaluation). The last short batch is kept unless `dropLast`.
 */
export function epochBatches(n: number, batchSize: number, rng?: RandomSource, dropLast = false): Int32Array[] {
  const order = rng ? permutation(n, rng) : Int32Array.from({ length: n }, (_, i) => i);
  const out: Int32Array[] = [];
  for (let s = 0; s + (dropLast ? batchSize : 1) <= n; s += batchSize) out.push(order.subarray(s, Math.min(n, s + batchSize)));
  return out;
}
