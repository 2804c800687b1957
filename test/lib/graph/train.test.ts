/**
 * Training a graph network on a structure-only task (cpu): it learns, it is deterministic, it
 * updates the batch-norm running statistics and leaks no tensors; cross-validation trains one
 * model per fold on the complement and summarises the curves as documented.
 */
import * as tf from '@tensorflow/tfjs';
import { crossValidate, evaluateGraphs, fitGraphModel, initGraphParams, stratifiedFolds, summariseFolds, type GraphModel } from '../../../lib/graph/index.js';
import { paramsToTensors, resolveSchedule } from '../../../lib/nn/index.js';
import { createRng, cycle, ginSpec, star, toDataset, useCpu } from './helpers.js';

beforeAll(useCpu);

// Cycles (every degree 2) against stars (one hub): uniform features, so only structure helps.
const graphs = [4, 5, 6, 7, 8, 9].flatMap((n) => [cycle(n, 0), star(n - 1, 1)]);
const ds = toDataset(graphs, { constant: true });
const spec = ginSpec({ inputDim: 1, numClasses: 2, layers: 3, hidden: 8, dropout: 0.2 });
const all = Int32Array.from(graphs, (_, i) => i);
const model = (seed = 1): GraphModel => ({ arch: spec, params: initGraphParams(spec, createRng(seed, 'init')) });
const fitOptions = (seed = 2) => ({ optimizer: { type: 'adam' as const }, lr: resolveSchedule(0.02), epochs: 15, batchSize: 6, rng: createRng(seed, 'train') });

test('GIN learns to tell cycles from stars, deterministically, without leaking tensors', async () => {
  const before = tf.memory().numTensors;
  const first = await fitGraphModel(model(), ds, all, fitOptions());
  const [short, again] = [await fitGraphModel(model(), ds, all, { ...fitOptions(), epochs: 3 }), await fitGraphModel(model(), ds, all, { ...fitOptions(), epochs: 3 })];
  expect(tf.memory().numTensors).toBe(before);
  expect(first.history).toHaveLength(15);
  expect(first.history.at(-1)!.loss).toBeLessThan(first.history[0]!.loss);
  for (const [k, p] of Object.entries(short.model.params)) expect(Array.from(p.data)).toEqual(Array.from(again.model.params[k]!.data));
  // Running statistics moved away from their initial 0 / 1.
  expect(Array.from(first.model.params['gin1/bn/moving_mean']!.data).some((v) => Math.abs(v) > 1e-3)).toBe(true);
  const params = paramsToTensors(first.model.params);
  const m = await evaluateGraphs(spec, params, ds, all);
  tf.dispose(Object.values(params));
  // 12 graphs, 15 epochs: 1.0 measured (after 8 epochs 0.58: evaluation reads the running
  // batch-norm statistics, which need ~30 updates at momentum 0.9); chance is 0.5.
  expect(m.accuracy).toBeGreaterThanOrEqual(11 / 12);
  expect(Array.from(m.predicted).filter((p, i) => p === ds.y[i]).length / 12).toBe(m.accuracy);
});

test('summariseFolds: last-epoch mean ± population std, and the best epoch of the mean curve', () => {
  const s = summariseFolds([
    [0.5, 0.9, 0.7],
    [0.5, 0.7, 0.9],
  ]);
  expect(s.perFold).toEqual([0.7, 0.9]);
  expect(s.accuracy).toBeCloseTo(0.8, 12);
  expect(s.std).toBeCloseTo(0.1, 12);
  expect(s.meanCurve.map((v) => +v.toFixed(12))).toEqual([0.5, 0.8, 0.8]);
  // Ties keep the earliest epoch.
  expect([s.bestEpoch, +s.bestAccuracy.toFixed(12), +s.bestStd.toFixed(12)]).toEqual([2, 0.8, 0.1]);
  expect(() => summariseFolds([[0.5], [0.5, 0.6]])).toThrow('same');
});

test('crossValidate trains a fresh model per fold on the other folds and tests on it every epoch', async () => {
  const folds = stratifiedFolds(ds.y, 2, 3, createRng(3, 'folds'));
  const inits: number[] = [];
  const seen: [number, number][] = [];
  const { folds: results, summary } = await crossValidate(ds, {
    ...fitOptions(),
    epochs: 2,
    folds,
    k: 3,
    init: (f) => (inits.push(f), model(10 + f)),
    rng: (f) => createRng(f, 'cv'),
    onEpoch: (f, r) => void seen.push([f, r.epoch]),
  });
  expect(inits).toEqual([0, 1, 2]);
  expect(seen).toEqual([0, 1, 2].flatMap((f) => [[f, 1], [f, 2]]));
  for (const r of results) {
    expect(r.trainGraphs + r.testGraphs).toBe(12);
    expect(r.testGraphs).toBe(Array.from(folds).filter((f) => f === r.fold).length);
    expect(r.history.every((h) => h.testAccuracy! >= 0 && h.testAccuracy! <= 1)).toBe(true);
  }
  expect(summary.folds).toBe(3);
  expect(summary.perFold).toEqual(results.map((r) => r.history[1]!.testAccuracy));
});
