/** evaluateClassifier against a brute-force JS evaluation of the same tiny linear model. */
import * as tf from '@tensorflow/tfjs';
import { evaluateClassifier, paramsToTensors, type ModelSpec } from '../../../lib/nn/index.js';
import { blobs, useCpu } from './helpers.js';

beforeAll(useCpu);

test('accuracy, loss, per-class accuracy and confusion match a direct computation', async () => {
  const data = blobs(3, 7, 2, 9); // 21 rows, noisy enough to get some wrong with this model
  const spec: ModelSpec = { type: 'sequential', inputShape: [2], layers: [{ type: 'dense', name: 'd', units: 3 }] };
  const W = [0.9, -0.2, 0.1, 0.3, 0.8, -0.5]; // [2, 3]
  const b = [0.05, -0.1, 0.2];
  const params = paramsToTensors({ 'd/kernel': { shape: [2, 3], data: Float32Array.from(W) }, 'd/bias': { shape: [3], data: Float32Array.from(b) } });
  const m = await evaluateClassifier(spec, params, data, 3, 4); // batch 4: a short last batch
  tf.dispose(Object.values(params));

  let correct = 0;
  let nll = 0;
  const conf = [0, 1, 2].map(() => [0, 0, 0]);
  for (let i = 0; i < data.n; i++) {
    const x = [data.x[2 * i]!, data.x[2 * i + 1]!];
    const z = [0, 1, 2].map((k) => x[0]! * W[k]! + x[1]! * W[3 + k]! + b[k]!);
    const max = Math.max(...z);
    const lse = max + Math.log(z.reduce((a, v) => a + Math.exp(v - max), 0));
    const pred = z.indexOf(max);
    nll += lse - z[data.y[i]!]!;
    conf[data.y[i]!]![pred]!++;
    if (pred === data.y[i]) correct++;
  }
  expect(m.n).toBe(21);
  expect(m.accuracy).toBeCloseTo(correct / 21, 10);
  expect(m.accuracy).toBeLessThan(1);
  expect(m.loss).toBeCloseTo(nll / 21, 5);
  expect(m.confusion).toEqual(conf);
  expect(m.perClassAccuracy).toEqual(conf.map((row, k) => row[k]! / 7));
});
