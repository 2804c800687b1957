/**
 * Reference result for the MNIST pipeline (data mnist → model mlp → train adam → evaluate):
 * MLP 784-256-256-10 on the seeded 8000/2000 split, wasm backend by default. The defaults are
 * the recommended settings, the same as this .pipe stage list:
 *
 *   data mnist  { train: 8000, test: 2000 }
 *   model mlp   { layers: [784, 256, 256, 10], dropout: 0.2 }
 *   train adam  { epochs: 15, batch: 64, lr: cosine(1e-3 -> 0) }
 *
 *   npm run build && node dist/bench/nn-mnist-reference.js [--backend wasm|cpu] [--epochs 15]
 *     [--lr 1e-3] [--batch 64] [--optimizer adam|sgd] [--dropout 0.2] [--seed 42]
 *     [--dense-grad transposed|stock] [--schedule cosine|constant]
 *
 * Prints one JSON line: test accuracy, seconds, steps/s, leaked tensors.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { createRng } from '../kernel/rng.js';
import { loadMnistPool, mnistDataset } from '../lib/data/index.js';
import {
  evaluateClassifier,
  fit,
  initModel,
  mlpSpec,
  paramsToTensors,
  resolveSchedule,
  softmaxCrossEntropy,
  forward,
  type DenseGrad,
  type LossFn,
} from '../lib/nn/index.js';

const { values: a } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    epochs: { type: 'string', default: '15' },
    lr: { type: 'string', default: '1e-3' },
    batch: { type: 'string', default: '64' },
    optimizer: { type: 'string', default: 'adam' },
    dropout: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '42' },
    'dense-grad': { type: 'string', default: 'transposed' },
    schedule: { type: 'string', default: 'cosine' },
  },
});

await tf.setBackend(a.backend!);
await tf.ready();
const seed = Number(a.seed);
const rng = createRng(seed, 'mnist-reference');
const t0 = performance.now();
const ds = mnistDataset(await loadMnistPool(), { train: 8000, test: 2000, flatten: false }, rng.fork('data'));
const spec = mlpSpec({ inputShape: ds.inputShape, units: [256, 256, 10], activation: 'relu', dropout: Number(a.dropout) });
const model = initModel(spec, rng.fork('init'));
const denseGrad = a['dense-grad'] as DenseGrad;
const loss: LossFn = (params, x, y, c) =>
  tf.tidy(() => softmaxCrossEntropy(forward(spec, params, x, { training: c.training, seed: c.seed, denseGrad }), y));
const lr = Number(a.lr);
const schedule = a.schedule === 'cosine' ? resolveSchedule({ $kind: 'call', name: 'cosine', args: [], kwargs: { to: 0 } }, lr) : resolveSchedule(lr);
const tTrain = performance.now();
const tensorsBefore = tf.memory().numTensors;
const { model: trained, history } = await fit(model, ds.splits.train, {
  optimizer: a.optimizer === 'sgd' ? { type: 'sgd', momentum: 0.9, nesterov: true } : { type: 'adam' },
  lr: schedule,
  loss,
  epochs: Number(a.epochs),
  batchSize: Number(a.batch),
  numClasses: ds.numClasses,
  rng: rng.fork('train'),
  trainAccuracy: false,
  onEpoch: (r) => console.log(`epoch ${r.epoch}: loss ${r.loss.toFixed(4)} (${((performance.now() - tTrain) / 1000).toFixed(1)} s)`),
});
const trainSeconds = (performance.now() - tTrain) / 1000;
const params = paramsToTensors(trained.params);
const test = await evaluateClassifier(spec, params, ds.splits.test, ds.numClasses);
tf.dispose(Object.values(params));
const steps = history.length * Math.ceil(8000 / Number(a.batch));
console.log(
  JSON.stringify({
    backend: tf.getBackend(),
    settings: { ...a },
    testAccuracy: test.accuracy,
    testLoss: test.loss,
    trainSeconds: +trainSeconds.toFixed(1),
    stepsPerSecond: +(steps / trainSeconds).toFixed(1),
    totalSeconds: +((performance.now() - t0) / 1000).toFixed(1),
    leakedTensors: tf.memory().numTensors - tensorsBefore,
  }),
);
