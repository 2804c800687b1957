/**
 * The NASiam stages on tiny MNIST (cpu backend, a few steps): augmented pairs → conv backbone →
 * search (argmax architecture of the asked depth from its α, embedding_std series, α figures,
 * no tensors left behind) → `model simsiam` from the search (fresh head of that architecture)
 * → `train simsiam` → linear probe. Whether searched heads beat the standard one is a full-size
 * question: pipelines/nasiam.pipe and docs/techniques/nasiam.md.
 */
import * as tf from '@tensorflow/tfjs';
import type { StageResult } from '../../../kernel/plugin.js';
import {
  augmentedPairsPlugin,
  convnetPlugin,
  linearProbePlugin,
  nasiamSearchPlugin,
  simsiamPlugin,
  trainSimsiamPlugin,
} from '../../../plugins/nasiam/index.js';
import { argmaxChoice, features, knnAccuracy, linearProbe, type Candidate } from '../../../lib/nasiam/index.js';
import type { Model } from '../../../lib/nn/index.js';
import type { PairsDataset, SiameseArtifact } from '../../../plugins/nasiam/common.js';
import { FakeConfigError, fakeContext, runPlugin, validated } from '../nn/fake-context.js';
import { blobs, createRng } from '../../lib/nn/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cands: Candidate[] = ['identity', 'linear_relu', 'linear_tanh'];
const run = { epochs: 1, batch_size: 4, train: 16, monitor_every: 1 };

/**
 * 8×8 synthetic "images" (a bright square at a class-dependent place, plus noise) in the
 * Dataset.pairs layout: the training stages cost ~12× less than on 28×28 digits.
 */
function tinyPairs(): PairsDataset {
  const rng = createRng(7, 'tiny');
  const split = (n: number) => {
    const x = new Float32Array(n * 64);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      for (let p = 0; p < 64; p++) {
        const [r, c] = [Math.floor(p / 8), p % 8];
        const inSquare = y[i] ? r < 4 && c < 4 : r >= 4 && c >= 4;
        x[i * 64 + p] = (inSquare ? 1 : 0) + 0.1 * rng.normal();
      }
    }
    return { x, y, n };
  };
  return {
    kind: 'tensor',
    inputShape: [8, 8, 1],
    numClasses: 2,
    splits: { train: split(40), test: split(30) },
    pairs: { augment: ['crop', 'noise', 'erase'], shift: 1, noise: 0.1, brightness: 0.4, erase: 2, seed: 5 },
  };
}

test('data augmented_pairs: mnist images with the seeded view recipe', async () => {
  const a = (await runPlugin(augmentedPairsPlugin, {}, { train: 40, test: 30, augment: ['crop', 'flip'] })).result.output;
  const b = (await runPlugin(augmentedPairsPlugin, {}, { train: 40, test: 30, augment: ['crop', 'flip'] }, 2)).result.output;
  expect(a.inputShape).toEqual([28, 28, 1]);
  expect(a.splits.train.n).toBe(40);
  expect(a.pairs).toMatchObject({ augment: ['crop', 'flip'], shift: 3 });
  expect(a.pairs.seed).not.toBe(b.pairs.seed);
});

test('pairs → convnet → search → simsiam from the search → train → linear probe', async () => {
  const data = tinyPairs();
  const backbone = (await runPlugin(convnetPlugin, { data }, { channels: [4] })).result.output as Model;
  const before = tf.memory().numTensors;

  const { ctx, rec } = fakeContext(nasiamSearchPlugin as never);
  const figures: string[] = [];
  const search = nasiamSearchPlugin.run(
    { ...ctx, figure: (title: string) => figures.push(title) },
    { data, backbone },
    validated(nasiamSearchPlugin, { ...run, projector_layers: 2, predictor_layers: 1, candidates: cands, alpha_lr: 0.05 }),
  ) as Promise<StageResult<SiameseArtifact>>;
  const s = await search;
  expect(tf.memory().numTensors).toBe(before);
  const out = s.output;
  expect(out.architecture.projector).toHaveLength(2);
  expect(out.architecture.predictor).toHaveLength(1);
  // the architecture is the argmax of the learned α, which moved away from uniform
  expect(out.architecture.projector[1]).toBe(argmaxChoice(out.alphas['alpha.projector1']!, cands));
  expect(Math.max(...out.alphas['alpha.projector0']!.map(Math.abs))).toBeGreaterThan(0);
  expect(s.result).toMatchObject({ architecture: out.architecture });
  // 8 rows per half, batch 4: 2 alternations, monitored at both
  const stds = rec.metrics.filter((m) => m.name === 'embedding_std');
  expect(stds.map((m) => m.step)).toEqual([0, 1]);
  for (const m of stds) expect(m.value).toBeGreaterThan(0);
  expect(rec.metrics.filter((m) => m.name === 'alpha_loss')).toHaveLength(2);
  expect(figures.filter((f) => f.startsWith('α evolution'))).toHaveLength(3);
  expect(figures.some((f) => f.startsWith('Collapse monitor'))).toBe(true);

  const net = (await runPlugin(simsiamPlugin, { data, backbone, searched: out }, {})).result.output;
  expect(net.architecture).toEqual(out.architecture);
  expect(net.alphas).toEqual({});
  expect(net.epochs).toBe(0);
  // retrained from scratch: the backbone is the upstream (untrained) one, not the searched copy
  expect(net.backbone).toEqual(backbone.params);
  const t = await runPlugin(trainSimsiamPlugin, { model: net, data }, run);
  const trained = t.result.output;
  expect(trained.epochs).toBe(1);
  expect(trained.embeddingStd).toBeGreaterThan(0);
  // 16 rows, batch 4: 4 steps
  expect(t.rec.metrics.filter((m) => m.name === 'loss')).toHaveLength(4);
  // the backbone's batch-norm running statistics moved during training
  expect(trained.backbone['bn1/moving_mean']!.data).not.toEqual(backbone.params['bn1/moving_mean']!.data);
  const p = await runPlugin(linearProbePlugin, { model: trained, data }, { epochs: 2, train: 40, test: 30, k: 5 });
  const r = p.result.output;
  for (const v of [r.linear_probe_accuracy!, r.knn_accuracy!]) expect(v).toBeGreaterThanOrEqual(0);
  expect(p.rec.metrics.map((x) => x.name)).toEqual(['linear_probe_accuracy', 'knn_accuracy', 'embedding_std']);
  expect(tf.memory().numTensors).toBe(before);
}, 60000);

test('same seed, same search; the standard head is SimSiam’s', async () => {
  const data = tinyPairs();
  const cfg = { ...run, backbone: { channels: [4] }, projector_layers: 1, predictor_layers: 1, candidates: cands, alpha_lr: 0.05 };
  const a = (await runPlugin(nasiamSearchPlugin, { data }, cfg)).result.output;
  const b = (await runPlugin(nasiamSearchPlugin, { data }, cfg)).result.output;
  expect(a.alphas).toEqual(b.alphas);
  const std = (await runPlugin(simsiamPlugin, { data }, { backbone: { channels: [4] } })).result.output;
  expect(std.architecture).toEqual({ projector: ['linear_relu', 'linear_relu', 'linear'], predictor: ['linear_relu', 'linear'] });
  // batch norm on every head layer but the predictor's output, which has a bias instead
  expect(Object.keys(std.head).sort()).toEqual(
    [
      ...['projector0.linear_relu', 'projector1.linear_relu', 'projector2.linear', 'predictor0.linear_relu'].flatMap((p) => [`${p}.w`, `${p}.gamma`, `${p}.beta`]),
      'predictor1.linear.w',
      'predictor1.linear.b',
    ].sort(),
  );
}, 60000);

test('run-time diagnostics: an upstream backbone that does not fit dim, two backbones, no pairs', async () => {
  const data = tinyPairs();
  const backbone = (await runPlugin(convnetPlugin, { data }, { channels: [4, 8] })).result.output as Model;
  await expect(runPlugin(simsiamPlugin, { data, backbone }, { dim: 16 })).rejects.toMatchObject({
    path: ['dim'],
    message: 'the backbone outputs 8 features but the projector takes dim = 16',
  });
  await expect(runPlugin(simsiamPlugin, { data, backbone }, { backbone: { channels: [8] } })).rejects.toBeInstanceOf(FakeConfigError);
  const { pairs: _, ...plain } = data;
  await expect(runPlugin(nasiamSearchPlugin, { data: plain, backbone }, {})).rejects.toThrow(/augmented pairs/);
}, 30000);

test('linear probe and kNN on an identity backbone over separable blobs are near perfect', async () => {
  // Oracle: the blobs are linearly separable with margin, so both accuracies must be ≥ 0.95.
  const d = 6;
  const train = blobs(3, 40, d, 1);
  const test = blobs(3, 20, d, 2);
  const eye = new Float32Array(d * d).map((_, i) => (i % (d + 1) === 0 ? 1 : 0));
  const spec = { type: 'sequential' as const, inputShape: [d], layers: [{ type: 'dense' as const, name: 'id', units: d }] };
  const w = { 'id/kernel': { shape: [d, d], data: eye }, 'id/bias': { shape: [d], data: new Float32Array(d) } };
  const fTr = features(spec, w, train, d);
  const fTe = features(spec, w, test, d);
  expect(await fTr.data()).toEqual(train.x);
  expect(await linearProbe(fTr, train.y, fTe, test.y, { numClasses: 3, epochs: 30, batch: 32, lr: 0.05, rng: createRng(1, 'p') })).toBeGreaterThanOrEqual(0.95);
  expect(await knnAccuracy(fTr, train.y, fTe, test.y, 5, 3)).toBeGreaterThanOrEqual(0.95);
  tf.dispose([fTr, fTe]);
});
