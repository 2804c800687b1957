/**
 * The reference chain, shrunk to test size: data mnist → model mlp → train adam → evaluate
 * report, each stage fed the previous one's output (cpu backend). The full-size figure
 * (8000/2000, 784-256-256-10, wasm) is bench/nn-mnist-reference.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { adamPlugin, mlpPlugin, mnistPlugin, reportPlugin } from '../../../plugins/nn/index.js';
import { runPlugin } from './fake-context.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('a small MNIST MLP learns well above chance, without leaking tensors', async () => {
  const before = tf.memory().numTensors;
  const data = (await runPlugin(mnistPlugin, {}, { train: 600, test: 300 }, 42)).result.output;
  const model = (await runPlugin(mlpPlugin, { data }, { layers: [784, 32, 10] }, 42)).result.output;
  const trained = (await runPlugin(adamPlugin, { model, data }, { epochs: 4, batch: 30, lr: 3e-3 }, 42)).result.output;
  const { result } = await runPlugin(reportPlugin, { model: trained, data }, { metrics: ['accuracy', 'loss'] }, 42);
  // 600 training digits, 4 epochs: 0.86 measured; chance is 0.1.
  expect(result.output.values.accuracy).toBeGreaterThan(0.8);
  expect(tf.memory().numTensors).toBe(before);
});
