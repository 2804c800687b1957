/**
 * GIN-style message passing on a random graph (10k nodes, 50k edges, 64 features):
 * agg = unsortedSegmentSum(gather(h, src), dst); out = relu((h + agg)·W); loss = mean(out²);
 * forward + backward (the gradient of gather is an UnsortedSegmentSum and vice versa) + SGD on
 * h and W. Reports train steps per second.
 */
import * as tf from '@tensorflow/tfjs';
import { repPlan, trainStepsPerSecond } from '../measure.js';
import type { BenchSuite } from '../types.js';

/** Seeded uniform integers in [0, n): the graph must not depend on Math.random. */
function randomInts(count: number, n: number, seed: number): Int32Array {
  const out = new Int32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.floor((s / 2 ** 32) * n);
  }
  return out;
}

export const gnnSuite: BenchSuite = {
  name: 'gnn',
  description: 'GIN message passing step (gather + segment sum, fwd+bwd)',
  pythonScript: 'gnn.py',
  params: (quick) => (quick ? { nodes: 1000, edges: 5000, features: 16 } : { nodes: 10000, edges: 50000, features: 64 }),
  skip: (backend) =>
    backend === 'cpu' ? "cpu's UnsortedSegmentSum scans all rows once per segment (~40 s per step even with --quick)" : undefined,
  async *run(opts, params) {
    const nodes = params.nodes as number;
    const edges = params.edges as number;
    const features = params.features as number;
    const plan = repPlan(opts.quick, opts.slow, { warmup: 2, reps: 7, steps: 5 });
    const src = tf.tensor1d(randomInts(edges, nodes, 7), 'int32');
    const dst = tf.tensor1d(randomInts(edges, nodes, 8), 'int32');
    const h = tf.tidy(() => tf.variable(tf.randomNormal([nodes, features], 0, 1, 'float32', 31)));
    const w = tf.tidy(() => tf.variable(tf.randomNormal([features, features], 0, 1 / Math.sqrt(features), 'float32', 32)));
    const trainable = [h, w];
    const optimizer = tf.train.sgd(0.01);
    const loss = () =>
      tf.tidy(() => {
        const agg = tf.unsortedSegmentSum(tf.gather(h, src), dst, nodes);
        return tf.mean(tf.square(tf.relu(tf.matMul(tf.add(h, agg), w)))) as tf.Scalar;
      });
    try {
      const stepsPerSec = await trainStepsPerSecond(optimizer, loss, trainable, plan);
      yield {
        bench: `gnn-n${nodes}-e${edges}-f${features}`,
        backend: opts.backend,
        value: stepsPerSec,
        unit: 'steps/s',
        note: `${(1000 / stepsPerSec).toFixed(2)} ms/step`,
      };
    } finally {
      optimizer.dispose();
      tf.dispose([src, dst, h, w]);
    }
  },
};
