/**
 * The NASiam stages on tiny MNIST (cpu backend, a few steps): the search returns an argmax
 * architecture of the asked depth from its α, records the embedding_std collapse monitor as a
 * series, and leaves no tensors behind; `model simsiam` retrains a searched head; the linear
 * probe reports accuracies. Whether searched heads beat the standard one is a full-size
 * question: pipelines/nasiam.pipe and docs/techniques/nasiam.md.
 */
import * as tf from '@tensorflow/tfjs';
import { mnistPlugin } from '../../../plugins/nn/index.js';
import { linearProbePlugin, nasiamSearchPlugin, simsiamPlugin } from '../../../plugins/nasiam/index.js';
import { argmaxChoice, CANDIDATES, features, knnAccuracy, linearProbe } from '../../../lib/nasiam/index.js';
import type { SiameseArtifact } from '../../../plugins/nasiam/common.js';
import { runPlugin } from '../nn/fake-context.js';
import { blobs, createRng } from '../../lib/nn/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny = { backbone: [16], dim: 16, steps: 6, batch: 16, train: 100, monitor_every: 2 };

test('search → simsiam from the search → linear probe', async () => {
  const data = (await runPlugin(mnistPlugin, {}, { train: 100, test: 60 })).result.output;
  const before = tf.memory().numTensors;
  const s = await runPlugin(nasiamSearchPlugin, { data }, { ...tiny, projector_layers: 2, predictor_layers: 1, candidates: ['identity', 'linear_relu', 'linear_tanh'] });
  expect(tf.memory().numTensors).toBe(before);
  const out = s.result.output as SiameseArtifact;
  expect(out.architecture.projector).toHaveLength(2);
  expect(out.architecture.predictor).toHaveLength(1);
  // the architecture is the argmax of the learned α, which moved away from uniform
  expect(out.architecture.projector[1]).toBe(argmaxChoice(out.alphas['alpha.projector1']!, ['identity', 'linear_relu', 'linear_tanh']));
  expect(Math.max(...out.alphas['alpha.projector0']!.map(Math.abs))).toBeGreaterThan(0);
  expect(s.result.result).toMatchObject({ architecture: out.architecture });
  const stds = s.rec.metrics.filter((m) => m.name === 'embedding_std');
  expect(stds.map((m) => m.step)).toEqual([0, 2, 4]);
  for (const m of stds) expect(m.value).toBeGreaterThan(0);
  expect(s.rec.metrics.filter((m) => m.name === 'alpha_loss')).toHaveLength(6);

  const m = await runPlugin(simsiamPlugin, { data, searched: out }, tiny);
  const trained = m.result.output as SiameseArtifact;
  expect(trained.architecture).toEqual(out.architecture);
  expect(trained.alphas).toEqual({});
  const p = await runPlugin(linearProbePlugin, { model: trained, data }, { epochs: 2, train: 100, test: 60, k: 5 });
  const r = p.result.output;
  for (const v of [r.linear_probe_accuracy!, r.knn_accuracy!]) expect(v).toBeGreaterThanOrEqual(0);
  expect(p.rec.metrics.map((x) => x.name)).toEqual(['linear_probe_accuracy', 'knn_accuracy']);
  expect(tf.memory().numTensors).toBe(before);
}, 30000);

test('linear probe and kNN on an identity backbone over separable blobs are near perfect', async () => {
  // Oracle: the blobs are linearly separable with margin, so both accuracies must be ≥ 0.95.
  const d = 6;
  const train = blobs(3, 40, d, 1);
  const test = blobs(3, 20, d, 2);
  const eye = new Float32Array(d * d).map((_, i) => (i % (d + 1) === 0 ? 1 : 0));
  // relu backbone: shift inputs positive so the identity layer loses nothing
  const w = { 'backbone1.w': { shape: [d, d], data: eye }, 'backbone1.b': { shape: [d], data: new Float32Array(d).fill(10) } };
  const fTr = features(w, 1, train, d);
  const fTe = features(w, 1, test, d);
  expect(await linearProbe(fTr, train.y, fTe, test.y, { numClasses: 3, epochs: 30, batch: 32, lr: 0.05, rng: createRng(1, 'p') })).toBeGreaterThanOrEqual(0.95);
  expect(await knnAccuracy(fTr, train.y, fTe, test.y, 5, 3)).toBeGreaterThanOrEqual(0.95);
  tf.dispose([fTr, fTe]);
  expect(CANDIDATES).toContain('linear_hardswish');
});
