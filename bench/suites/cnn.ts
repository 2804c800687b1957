/**
 * Small CNN on 28×28×1 inputs, batch 64: conv3×3(16)-relu-maxpool2, conv3×3(32)-relu-maxpool2,
 * dense 1568→128-relu, dense 128→10, softmax cross-entropy; SGD train steps per second.
 * Stock tfjs-backend-wasm 4.22 cannot run it (no Conv2DBackpropFilter).
 */
import * as tf from '@tensorflow/tfjs';
import { repPlan, trainStepsPerSecond } from '../measure.js';
import type { BenchSuite } from '../types.js';

export const cnnSuite: BenchSuite = {
  name: 'cnn',
  description: 'CNN 2 conv + 2 dense, 28×28×1, batch 64, train step',
  pythonScript: 'cnn.py',
  params: () => ({ batch: 64, size: 28, conv: [16, 32], hidden: 128, classes: 10 }),
  skip: (backend, quick) => (backend === 'cpu' && !quick ? 'cpu needs ~13 s per step; use --quick' : undefined),
  async *run(opts, params) {
    const batch = params.batch as number;
    const size = params.size as number;
    const [c1, c2] = params.conv as [number, number];
    const hidden = params.hidden as number;
    const classes = params.classes as number;
    const plan = repPlan(opts.quick, opts.slow, { warmup: 2, reps: 7, steps: 5 });
    const flat = (size / 4) * (size / 4) * c2;
    const he = (fanIn: number, shape: number[], seed: number) =>
      tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed)));
    const zeros = (n: number) => tf.tidy(() => tf.variable(tf.zeros([n])));
    const p = {
      k1: he(9, [3, 3, 1, c1], 21) as tf.Variable<tf.Rank.R4>,
      b1: zeros(c1),
      k2: he(9 * c1, [3, 3, c1, c2], 22) as tf.Variable<tf.Rank.R4>,
      b2: zeros(c2),
      w3: he(flat, [flat, hidden], 23),
      b3: zeros(hidden),
      w4: he(hidden, [hidden, classes], 24),
      b4: zeros(classes),
    };
    const x = tf.randomNormal<tf.Rank.R4>([batch, size, size, 1], 0, 1, 'float32', 5);
    const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 6), classes));
    const trainable = Object.values(p);
    const optimizer = tf.train.sgd(0.01);
    const loss = () =>
      tf.tidy(() => {
        let h = tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(x, p.k1, 1, 'same'), p.b1));
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(h, p.k2, 1, 'same'), p.b2));
        h = tf.maxPool(h, 2, 2, 'valid');
        const d = tf.relu(tf.add(tf.matMul(tf.reshape(h, [batch, flat]), p.w3), p.b3));
        return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(d, p.w4), p.b4)) as tf.Scalar;
      });
    try {
      const stepsPerSec = await trainStepsPerSecond(optimizer, loss, trainable, plan);
      yield {
        bench: `cnn-c${c1}-c${c2}-d${hidden}-b${batch}`,
        backend: opts.backend,
        value: stepsPerSec,
        unit: 'steps/s',
        note: `${(1000 / stepsPerSec).toFixed(1)} ms/step`,
      };
    } finally {
      optimizer.dispose();
      tf.dispose([x, y, ...Object.values(p)]);
    }
  },
};
