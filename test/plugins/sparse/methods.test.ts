/**
 * Each sparsify method through a fake context on tiny blobs (cpu backend): the output meets its
 * sparsity exactly, keeps pruned weights at 0, records the sparsity metrics, and does not touch
 * its input. Accuracy thresholds are loose (the blobs are separable; chance is 1/3).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { TensorDataset } from '../../../lib/data/index.js';
import { initModel, mlpSpec, type Model } from '../../../lib/nn/index.js';
import { decodeSparseModel, sparsityStats } from '../../../lib/sparse/index.js';
import { reportPlugin, sgdPlugin } from '../../../plugins/nn/index.js';
import { gmpPlugin, lotteryPlugin, magnitudePlugin, riglPlugin, setPlugin, sparseEvalPlugin, structuredPlugin } from '../../../plugins/sparse/index.js';
import { blobs, createRng } from '../../lib/nn/helpers.js';
import { FakeConfigError, runPlugin } from '../nn/fake-context.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data: TensorDataset = { kind: 'tensor', inputShape: [8], numClasses: 3, splits: { train: blobs(3, 40, 8, 1), test: blobs(3, 20, 8, 2) } };
const fresh: Model = initModel(mlpSpec({ inputShape: [8], units: [32, 16, 3], activation: 'relu', dropout: 0 }), createRng(1));
let trained: Model;

beforeAll(async () => {
  trained = (await runPlugin(sgdPlugin, { model: fresh, data }, { epochs: 4, batch: 16, lr: 0.05 })).result.output;
});

const metric = (rec: { metrics: { name: string; value: number }[] }, name: string) => rec.metrics.filter((m) => m.name === name).at(-1)?.value;
const zerosKept = (m: Model) => {
  for (const [k, mask] of Object.entries(m.masks ?? {})) mask.forEach((v, i) => (v ? undefined : expect(Object.is(m.params[k]!.data[i], 0)).toBe(true)));
};

test('magnitude: exact sparsity per layer, fine-tuning holds the mask, metrics recorded', async () => {
  const before = trained.params['dense1/kernel']!.data.slice();
  const { result, rec } = await runPlugin(magnitudePlugin, { model: trained, data }, { sparsity: 0.75, finetune: 2, batch: 16 });
  const out = result.output;
  const stats = sparsityStats(out);
  expect(stats.perLayer.dense1).toBeCloseTo(0.75, 12);
  expect(stats.perLayer.dense2).toBeCloseTo(0.75, 12);
  zerosKept(out);
  expect(trained.params['dense1/kernel']!.data).toEqual(before);
  expect(metric(rec, 'sparsity')).toBeCloseTo(0.75, 12);
  expect(metric(rec, 'sparsity/dense3')).toBeCloseTo(0.75, 1);
  expect(metric(rec, 'params_nonzero')).toBe(stats.paramsNonzero);
  expect(metric(rec, 'flops_sparse')! / metric(rec, 'flops_dense')!).toBeCloseTo(0.25, 2);
  expect(metric(rec, 'accuracy')).toBeGreaterThan(0.9);
  expect(metric(rec, 'dense_accuracy')).toBeGreaterThan(0.9);
  expect(metric(rec, 'pruned_param_efficiency')).toBeGreaterThan(2);
  expect(rec.metrics.filter((m) => m.name === 'loss')).toHaveLength(2);
  expect(out.meta?.metrics?.params_nonzero).toBe(stats.paramsNonzero);
});

test('magnitude with a global threshold and without data', async () => {
  const { result } = await runPlugin(magnitudePlugin, { model: trained }, { sparsity: 0.9, scope: 'global' });
  expect(sparsityStats(result.output).sparsity).toBeCloseTo(0.9, 3);
  await expect(runPlugin(magnitudePlugin, { model: trained }, { sparsity: 0.9, finetune: 1 })).rejects.toMatchObject({ path: ['finetune'] });
});

test('gmp reaches its final sparsity by the end of the schedule', async () => {
  const { result, rec } = await runPlugin(gmpPlugin, { model: fresh, data }, { sparsity: 0.8, epochs: 4, end: 3, every: 0.5, batch: 16, lr: 0.05 });
  expect(sparsityStats(result.output).sparsity).toBeCloseTo(0.8, 2);
  zerosKept(result.output);
  const schedule = rec.metrics.filter((m) => m.name === 'sparsity_schedule').map((m) => m.value);
  expect(schedule.length).toBeGreaterThan(3);
  for (let i = 1; i < schedule.length; i++) expect(schedule[i]!).toBeGreaterThanOrEqual(schedule[i - 1]!);
  expect(metric(rec, 'accuracy')).toBeGreaterThan(0.8);
});

test.each([['set', setPlugin], ['rigl', riglPlugin]] as const)('%s trains from a random sparse start and keeps its density', async (_name, plugin) => {
  const { result, rec } = await runPlugin(plugin, { model: fresh, data }, { sparsity: 0.7, epochs: 4, batch: 16, update_every: 3, lr: 0.05 });
  expect(sparsityStats(result.output).sparsity).toBeCloseTo(0.7, 1);
  zerosKept(result.output);
  expect(rec.metrics.filter((m) => m.name === 'mask_updates').length).toBeGreaterThan(0);
  expect(metric(rec, 'accuracy')).toBeGreaterThan(0.8);
  expect(result.output.meta?.sparsity).toMatchObject({ method: _name, allocation: 'erk' });
});

test('lottery: target sparsity after its rounds; the ticket holds the initial weights where kept', async () => {
  const { result, rec } = await runPlugin(lotteryPlugin, { model: fresh, data }, { sparsity: 0.875, rounds: 3, epochs: 2, batch: 16, output: 'ticket' });
  const ticket = result.output;
  expect(sparsityStats(ticket).sparsity).toBeCloseTo(0.875, 2);
  for (const [k, m] of Object.entries(ticket.masks!)) m.forEach((v, i) => expect(ticket.params[k]!.data[i]).toBe(v ? fresh.params[k]!.data[i] : 0));
  expect(rec.metrics.filter((m) => m.name === 'round_sparsity').map((m) => +m.value.toFixed(3))).toEqual([0.5, 0.75, 0.875]);
});

test('structured: fewer parameters, same data flow, fine-tuned', async () => {
  const { result, rec } = await runPlugin(structuredPlugin, { model: trained, data }, { amount: 0.5, finetune: 1, batch: 16 });
  expect(result.output.params['dense1/kernel']!.shape).toEqual([8, 16]);
  expect(result.output.params['dense2/kernel']!.shape).toEqual([16, 8]);
  expect(metric(rec, 'params')).toBeLessThan(metric(rec, 'params_before')!);
  expect(metric(rec, 'accuracy')).toBeGreaterThan(0.8);
});

test('evaluate sparse: CSR accuracy equals the dense evaluation; the exported file reads back', async () => {
  const pruned = (await runPlugin(magnitudePlugin, { model: trained }, { sparsity: 0.9 })).result.output;
  const dense = await runPlugin(reportPlugin, { model: pruned, data }, { metrics: ['accuracy'] });
  const path = `/tmp/pw-sparse-test-${process.pid}/m.pws`;
  const { result, rec } = await runPlugin(sparseEvalPlugin, { model: pruned, data }, { export: path, batch: 7 });
  expect(result.output.values.accuracy).toBe(dense.result.output.values.accuracy);
  expect(existsSync(path)).toBe(true);
  const back = decodeSparseModel(new Uint8Array(readFileSync(path)));
  expect(Object.keys(back.layers)).toEqual(['dense1', 'dense2', 'dense3']);
  expect(metric(rec, 'file_bytes')).toBeLessThan(metric(rec, 'dense_bytes')!);
  expect(metric(rec, 'inference_speedup')).toBeGreaterThan(0);
  rmSync(`/tmp/pw-sparse-test-${process.pid}`, { recursive: true, force: true });
});

test('an input mask that does not fit the model is a diagnostic on the stage', async () => {
  const bad: Model = { ...trained, masks: { 'dense1/kernel': new Uint8Array(5) } };
  const err = await runPlugin(magnitudePlugin, { model: bad, data }, { sparsity: 0.5 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FakeConfigError);
  expect((err as FakeConfigError).message).toMatch(/mask 'dense1\/kernel' has 5 entries/);
});
