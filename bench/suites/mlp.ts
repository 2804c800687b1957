/**
 * MLP 784-256-256-10 (relu, softmax cross-entropy), batch 128: SGD train steps per second,
 * written with plain tfjs ops and `tf.train.sgd`, as a technique plugin would.
 */
import * as tf from '@tensorflow/tfjs';
import { repPlan, trainStepsPerSecond } from '../measure.js';
import type { BenchSuite } from '../types.js';

export const mlpSuite: BenchSuite = {
  name: 'mlp',
  description: 'MLP 784-256-256-10 train step, batch 128',
  pythonScript: 'mlp.py',
  params: () => ({ layers: [784, 256, 256, 10], batch: 128 }),
  async *run(opts, params) {
    const layers = params.layers as number[];
    const batch = params.batch as number;
    const plan = repPlan(opts.quick, opts.slow, { warmup: 3, reps: 7, steps: 10 });
    const weights = layers.slice(1).map((out, i) => ({
      w: tf.tidy(() => tf.variable(tf.randomNormal([layers[i]!, out], 0, Math.sqrt(2 / layers[i]!), 'float32', 10 + i))),
      b: tf.tidy(() => tf.variable(tf.zeros([out]))),
    }));
    const x = tf.randomNormal([batch, layers[0]!], 0, 1, 'float32', 3);
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, layers.at(-1)!, 'int32', 4), layers.at(-1)!));
    const trainable = weights.flatMap(({ w, b }) => [w, b]);
    const optimizer = tf.train.sgd(0.01);
    const loss = () =>
      tf.tidy(() => {
        let h: tf.Tensor = x;
        weights.forEach(({ w, b }, i) => {
          h = tf.add(tf.matMul(h, w), b);
          if (i < weights.length - 1) h = tf.relu(h);
        });
        return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
      });
    try {
      const stepsPerSec = await trainStepsPerSecond(optimizer, loss, trainable, plan);
      yield {
        bench: `mlp-${layers.join('-')}-b${batch}`,
        backend: opts.backend,
        value: stepsPerSec,
        unit: 'steps/s',
        note: `${(1000 / stepsPerSec).toFixed(1)} ms/step`,
      };
    } finally {
      optimizer.dispose();
      tf.dispose([x, y, ...weights.flatMap(({ w, b }) => [w, b])]);
    }
  },
};
