/** train sgd/adam and evaluate report through a fake context, on tiny blobs (cpu). */
import * as tf from '@tensorflow/tfjs';
import { evaluateClassifier, initModel, mlpSpec, NonFiniteLossError, paramsToTensors, type Model } from '../../../lib/nn/index.js';
import type { TensorDataset } from '../../../lib/data/index.js';
import { adamPlugin, reportPlugin, sgdPlugin } from '../../../plugins/nn/index.js';
import { blobs, createRng } from '../../lib/nn/helpers.js';
import { FakeConfigError, runPlugin, validated } from './fake-context.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data: TensorDataset = { kind: 'tensor', inputShape: [4], numClasses: 3, splits: { train: blobs(3, 20, 4, 1), test: blobs(3, 10, 4, 2) } };
const model: Model = initModel(mlpSpec({ inputShape: [4], units: [8, 3], activation: 'relu', dropout: 0 }), createRng(1));
const call = (name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}) => ({ $kind: 'call', name, args, kwargs });

describe('train sgd / adam', () => {
  test('learns the blobs; per-step progress, per-epoch metrics, final result', async () => {
    const { result, rec } = await runPlugin(sgdPlugin, { model, data }, { epochs: 5, batch: 16, lr: 0.05 });
    const losses = rec.metrics.filter((m) => m.name === 'loss');
    expect(losses.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    expect(losses.at(-1)!.value).toBeLessThan(losses[0]!.value);
    expect(rec.metrics.filter((m) => m.name === 'train_accuracy').at(-1)!.value).toBe(1);
    expect(rec.progress).toHaveLength(20);
    expect(rec.progress.at(-1)).toMatchObject({ done: 20, total: 20, unit: 'step' });
    expect(result.result).toMatchObject({ train_accuracy: 1, epochs: 5 });
    expect(result.output.meta?.metrics?.train_accuracy).toBe(1);
    // The input artifact is untouched.
    expect(result.output.params['dense1/kernel']!.data).not.toEqual(model.params['dense1/kernel']!.data);
    expect(model.meta).toBeUndefined();
  });

  test('adam with a cosine schedule and a validation split', async () => {
    const { rec } = await runPlugin(adamPlugin, { model, data }, { epochs: 3, batch: 8, lr: call('cosine', [{ $kind: 'arrow', from: 0.01, to: 0.001 }]), validation_split: 0.25 });
    expect(rec.metrics.filter((m) => m.name === 'val_accuracy')).toHaveLength(3);
    expect(rec.progress.at(-1)).toMatchObject({ done: 18, total: 18 }); // 45 rows / 8 → 6 steps × 3
  });

  test('a number lr with a schedule option', async () => {
    const { result } = await runPlugin(sgdPlugin, { model, data }, { epochs: 2, batch: 30, lr: 0.1, schedule: call('step', [], { halve_every: 1 }) });
    expect(result.output.params['dense1/kernel']).toBeDefined();
  });

  test('masks on the input model stay in force', async () => {
    const mask = new Uint8Array(32).map((_, i) => i % 3 === 0 ? 0 : 1);
    const { result } = await runPlugin(adamPlugin, { model: { ...model, masks: { 'dense1/kernel': mask } }, data }, { epochs: 2, batch: 16, weight_decay: 0.01 });
    const w = result.output.params['dense1/kernel']!.data;
    mask.forEach((m, i) => (m === 0 ? expect(w[i]).toBe(0) : expect(w[i]).not.toBe(0)));
    expect(result.output.masks).toEqual({ 'dense1/kernel': mask });
  });

  test('option errors point into the option', async () => {
    const err = await runPlugin(sgdPlugin, { model, data }, { lr: call('step', [0.1], { every: -1 }) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FakeConfigError);
    expect((err as FakeConfigError).path).toEqual(['lr', 'kwargs', 'every']);
    const issues = sgdPlugin.check!(validated(sgdPlugin, { lr: call('cosine', [{ $kind: 'arrow', from: 1, to: 0 }]), schedule: call('step', [], { every: 2 }) }));
    expect(issues.map((i) => i.path)).toEqual([['schedule']]);
    await expect(runPlugin(sgdPlugin, { model, data }, { loss: call('cross_entropy', [], { label_smoothing: 2 }) })).rejects.toMatchObject({ path: ['loss', 'kwargs', 'label_smoothing'] });
    expect(() => validated(sgdPlugin, { loss: 'hinge' })).toThrow();
    expect(() => validated(sgdPlugin, { lr: call('sine') })).toThrow();
  });

  test('a model that does not fit the data is refused clearly', async () => {
    await expect(runPlugin(sgdPlugin, { model, data: { ...data, numClasses: 4 } }, {})).rejects.toThrow(/3 outputs, the data has 4 classes/);
  });

  test('a diverging run stops with a non-finite loss error', async () => {
    await expect(runPlugin(sgdPlugin, { model, data }, { epochs: 5, lr: 1e30, momentum: 0 })).rejects.toBeInstanceOf(NonFiniteLossError);
  });

  test('same seed, same trained weights', async () => {
    const a = (await runPlugin(sgdPlugin, { model, data }, { epochs: 2, batch: 16 }, 9)).result.output;
    const b = (await runPlugin(sgdPlugin, { model, data }, { epochs: 2, batch: 16 }, 9)).result.output;
    expect(a.params).toEqual(b.params);
  });
});

describe('evaluate report', () => {
  test('accuracy and loss on the test split equal evaluateClassifier; report requested', async () => {
    const { result, rec } = await runPlugin(reportPlugin, { model, data }, { metrics: ['accuracy', 'loss', 'params', 'sparsity'], out: 'reports/x.html' });
    const params = paramsToTensors(model.params);
    const direct = await evaluateClassifier(model.arch, params, data.splits.test, 3);
    tf.dispose(Object.values(params));
    expect(result.output.values.accuracy).toBe(direct.accuracy);
    expect(result.output.values.loss).toBeCloseTo(direct.loss, 6);
    expect(result.output.values.params).toBe(4 * 8 + 8 + 8 * 3 + 3);
    expect(result.output.values.sparsity).toBe(0);
    expect(result.output.perClassAccuracy).toEqual(direct.perClassAccuracy);
    expect(rec.reports).toEqual(['reports/x.html']);
    expect(rec.metrics.map((m) => m.name)).toEqual(['accuracy', 'loss', 'params', 'sparsity']);
  });

  test('metrics from earlier stages come from model.meta; unknown ones warn', async () => {
    const withMeta: Model = { ...model, meta: { metrics: { verified_accuracy: 0.9 } } };
    const { result, rec } = await runPlugin(reportPlugin, { model: withMeta }, { metrics: ['verified_accuracy', 'accuracy', 'bogus'] });
    expect(result.output.values).toEqual({ verified_accuracy: 0.9 });
    expect(rec.warnings).toHaveLength(2);
    expect(rec.warnings[0]).toMatch(/accuracy.*needs a Model and a Dataset/);
  });

  test('no inputs: nothing computed, nothing thrown; a missing split is a config error', async () => {
    const { result } = await runPlugin(reportPlugin, {}, { metrics: [] });
    expect(result.output.values).toEqual({});
    await expect(runPlugin(reportPlugin, { model, data }, { split: 'validation' })).rejects.toMatchObject({ path: ['split'] });
  });
});
