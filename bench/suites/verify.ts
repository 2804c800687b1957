/**
 * Certified-robustness costs on the MNIST MLP (784-100-100-10, relu, He init, real test digits,
 * eps 0.1): verification throughput by IBP, CROWN-IBP (IBP for the relus, one backward pass) and
 * full CROWN (a backward pass per hidden neuron) over `samples` digits, and the train step rate
 * of the crown_ibp loss (mid-ramp: IBP + CROWN-IBP terms) against plain cross-entropy. Training
 * does not change the cost of a bound (dense ops), so an untrained network is measured.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../kernel/rng.js';
import { certify, crownIbpLoss, parseCrownIbp } from '../../lib/bounds/index.js';
import { loadMnistPool, mnistDataset } from '../../lib/data/index.js';
import { initModel, makeBatch, mlpSpec, paramsToVariables, resolveLoss, standardLosses, type LossFn } from '../../lib/nn/index.js';
import { repPlan, timeIt } from '../measure.js';
import type { BenchSuite } from '../types.js';

export const verifySuite: BenchSuite = {
  name: 'verify',
  description: 'MNIST MLP 784-100-100-10 at eps 0.1: IBP / CROWN-IBP / CROWN verification samples/s, crown_ibp train steps/s',
  params: (quick) => ({ layers: [784, 100, 100, 10], samples: quick ? 100 : 1000, batch: 50, trainBatch: 100, eps: 0.1 }),
  skip: (backend, quick) => (backend === 'cpu' && !quick ? 'cpu needs minutes per 1,000 CROWN bounds; use --quick' : undefined),
  async *run(opts, params) {
    const layers = params.layers as number[];
    const eps = params.eps as number;
    const samples = params.samples as number;
    const size = layers[0]!;
    const side = Math.round(Math.sqrt(size));
    // Real digits when the layer sizes are MNIST's; uniform [0, 1) inputs for toy sizes.
    const ds =
      side * side === size && size === 784
        ? mnistDataset(await loadMnistPool(), { train: params.trainBatch as number, test: samples, flatten: true }, createRng(1, 'bench-verify'))
        : undefined;
    const rng = createRng(2, 'bench-verify-x');
    const test = ds?.splits.test ?? { x: Float32Array.from({ length: samples * size }, () => rng.next()), y: Int32Array.from({ length: samples }, () => rng.int(layers.at(-1)!)), n: samples };
    const spec = mlpSpec({ inputShape: [size], units: layers.slice(1), activation: 'relu', dropout: 0 });
    const model = initModel(spec, createRng(3, 'bench-verify-init'));
    const vars = paramsToVariables(model.params);
    const name = layers.join('-');
    try {
      for (const [label, method, intermediate] of [['ibp', 'ibp', undefined], ['crown-ibp', 'crown', 'ibp'], ['crown', 'crown', 'crown']] as const) {
        const t0 = performance.now();
        const r = await certify(spec, vars, test, layers.at(-1)!, { eps, method, batchSize: params.batch as number, ...(intermediate ? { intermediate } : {}) });
        const seconds = (performance.now() - t0) / 1000;
        yield { bench: `verify-${label}-mlp-${name}-n${samples}`, backend: opts.backend, value: samples / seconds, unit: 'samples/s', note: `${seconds.toFixed(2)} s for ${samples}, mean margin width ${r.meanBoundWidth.toFixed(2)}` };
      }
      const plan = repPlan(opts.quick, opts.slow, { warmup: 2, reps: 5, steps: 5 });
      const trainSplit = ds?.splits.train ?? test;
      const rows = Int32Array.from({ length: Math.min(params.trainBatch as number, trainSplit.n) }, (_, i) => i);
      const batch = makeBatch(trainSplit, spec.inputShape, rows);
      const ctx = { training: true, epoch: 2, step: 20, totalSteps: 80, stepsPerEpoch: 10 };
      const losses: [string, LossFn][] = [
        ['cross-entropy', resolveLoss('cross_entropy', standardLosses, { spec, numClasses: layers.at(-1)! })],
        ['crown-ibp', crownIbpLoss(spec, layers.at(-1)!, parseCrownIbp([], { eps, ramp: { $kind: 'range', from: 0, to: 4 } }))],
      ];
      const optimizer = tf.train.adam(1e-4);
      try {
        for (const [label, loss] of losses) {
          const t = await timeIt(
            async () => {
              for (let s = 0; s < plan.steps; s++) {
                const v = optimizer.minimize(() => loss(vars, batch.x, batch.y, ctx), true, Object.values(vars));
                await v!.data();
                v!.dispose();
              }
            },
            plan.warmup,
            plan.reps,
          );
          yield { bench: `train-step-${label}-mlp-${name}-b${rows.length}`, backend: opts.backend, value: plan.steps / (t.medianMs / 1000), unit: 'steps/s', note: `${(t.medianMs / plan.steps).toFixed(1)} ms per step` };
        }
      } finally {
        optimizer.dispose();
        tf.dispose([batch.x, batch.y]);
      }
    } finally {
      tf.dispose(Object.values(vars));
    }
  },
};
