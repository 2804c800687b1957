/**
 * Each compress stage through a fake context on tiny blobs (cpu backend): the method's effect on
 * the model, the metrics every stage reports (accuracy, size_bytes, compression_ratio, params,
 * flops, latency), and the Deep Compression chain ending in a file that reads back to the same
 * predictions. Accuracy thresholds are loose: the blobs are separable and chance is 1/3.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { compressionOf, decodeCompressed } from '../../../lib/compress/index.js';
import type { TensorDataset } from '../../../lib/data/index.js';
import { cnnSpec, forward, initModel, mlpSpec, paramsToTensors, type Model } from '../../../lib/nn/index.js';
import { compactPlugin, encodePlugin, kmeansPlugin, lowrankPlugin, quantizePlugin } from '../../../plugins/compression/index.js';
import { sgdPlugin } from '../../../plugins/nn/index.js';
import { magnitudePlugin } from '../../../plugins/sparse/index.js';
import { blobs, createRng } from '../../lib/nn/helpers.js';
import { runPlugin } from '../nn/fake-context.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data: TensorDataset = { kind: 'tensor', inputShape: [8], numClasses: 3, splits: { train: blobs(3, 40, 8, 1), test: blobs(3, 20, 8, 2) } };
const fresh = initModel(mlpSpec({ inputShape: [8], units: [32, 16, 3], activation: 'relu', dropout: 0 }), createRng(1));
let trained: Model;
const dir = `/tmp/pw-compress-test-${process.pid}`;

beforeAll(async () => {
  trained = (await runPlugin(sgdPlugin, { model: fresh, data }, { epochs: 4, batch: 16, lr: 0.05 })).result.output;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metric = (rec: { metrics: { name: string; value: number }[] }, name: string) => rec.metrics.filter((m) => m.name === name).at(-1)?.value;

async function logits(m: Model): Promise<Float32Array> {
  const p = paramsToTensors(m.params);
  const y = forward(m.arch, p, tf.tensor2d(data.splits.test!.x, [60, 8]), { training: false });
  const out = new Float32Array(await y.data());
  tf.dispose([y, ...Object.values(p)]);
  return out;
}

const standard = ['accuracy', 'size_bytes', 'compression_ratio', 'params', 'flops', 'latency_ms_b1', 'latency_ms_b64'];

test('kmeans: ≤ 2^bits values per kernel after fine-tuning; every standard metric reported; no tensor left behind', async () => {
  const before = tf.memory().numTensors;
  const { result, rec } = await runPlugin(kmeansPlugin, { model: trained, data }, { bits: 2, finetune: 2, batch: 16, lr: 0.02 });
  for (const k of ['dense1/kernel', 'dense2/kernel', 'dense3/kernel']) expect(new Set(result.output.params[k]!.data).size).toBeLessThanOrEqual(4);
  for (const m of standard) expect(metric(rec, m)).toBeDefined();
  // Tiny kernels: the header weighs as much as the 2-bit weights.
  expect(metric(rec, 'compression_ratio')).toBeGreaterThan(2);
  expect(metric(rec, 'accuracy')).toBeGreaterThan(0.8);
  expect(rec.metrics.filter((m) => m.name === 'loss')).toHaveLength(2);
  expect(compressionOf(result.output).steps).toEqual(['kmeans']);
  expect(tf.memory().numTensors).toBe(before);
});

test('quantize: int8 post-training within 2 points of float on the integer path; QAT runs; the file restores it', async () => {
  const path = `${dir}/q.pwc`;
  const { result, rec } = await runPlugin(quantizePlugin, { model: trained, data }, { bits: 8, export: path });
  expect(metric(rec, 'integer_inference')).toBe(1);
  expect(Math.abs(metric(rec, 'accuracy')! - metric(rec, 'float_accuracy')!)).toBeLessThanOrEqual(0.02);
  expect(statSync(path).size).toBe(metric(rec, 'size_bytes'));
  expect(await logits(decodeCompressed(new Uint8Array(readFileSync(path))))).toEqual(await logits(result.output));
  const before = tf.memory().numTensors;
  const qat = await runPlugin(quantizePlugin, { model: trained, data }, { bits: 4, scheme: 'asymmetric', qat: 1, batch: 16 });
  expect(tf.memory().numTensors).toBe(before);
  expect(metric(qat.rec, 'accuracy')).toBeGreaterThan(0.8);
  expect(compressionOf(qat.result.output).steps).toEqual(['qat']);
});

test('bad options: bits outside 1..16 fail the schema; 1-bit symmetric, unknown layers and too-high ranks are diagnostics at the option', async () => {
  await expect(runPlugin(kmeansPlugin, { model: trained }, { bits: 17 })).rejects.toThrow(/bits/);
  await expect(runPlugin(quantizePlugin, { model: trained }, { bits: 0 })).rejects.toThrow(/bits/);
  expect(quantizePlugin.check!({ bits: 1, scheme: 'symmetric', lr: 0.01 } as never)).toEqual([expect.objectContaining({ path: ['bits'] })]);
  await expect(runPlugin(kmeansPlugin, { model: trained }, { layers: ['dense9'] })).rejects.toMatchObject({ path: ['layers', 0], message: expect.stringMatching(/no layer 'dense9'/) });
  await expect(runPlugin(lowrankPlugin, { model: trained }, { rank: 20, layers: ['dense2'] })).rejects.toMatchObject({ path: ['rank'], message: expect.stringMatching(/rank 20 is above min\(32, 16\) = 16 of layer 'dense2'/) });
  await expect(runPlugin(compactPlugin, { model: trained }, { layers: ['dense1'], epochs: 0 })).rejects.toMatchObject({ path: ['layers', 0], message: expect.stringMatching(/'dense1' \(dense\) cannot be compressed/) });
  await expect(runPlugin(compactPlugin, { model: trained }, { epochs: 0 })).rejects.toMatchObject({ message: expect.stringMatching(/no conv2d/) });
});

test('lowrank: dense layers by rank, fewer params and FLOPs', async () => {
  const { result, rec } = await runPlugin(lowrankPlugin, { model: trained, data }, { rank: 2, layers: ['dense1', 'dense2'], finetune: 1, batch: 16 });
  expect(result.output.arch.layers.filter((l) => l.type === 'dense')).toHaveLength(5);
  expect(metric(rec, 'params')).toBeLessThan(8 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3);
  expect(metric(rec, 'rank/dense1')).toBe(2);
  expect(metric(rec, 'accuracy')).toBeGreaterThan(0.6);
});

const images: TensorDataset = (() => {
  const rng = createRng(3, 'img');
  const make = (n: number) => {
    const x = new Float32Array(n * 36);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      for (let p = 0; p < 36; p++) x[i * 36 + p] = 0.3 * rng.normal() + (y[i] ? (p % 6 < 3 ? 1 : 0) : p < 18 ? 1 : 0);
    }
    return { x, y, n };
  };
  return { kind: 'tensor', inputShape: [6, 6, 1], numClasses: 2, splits: { train: make(40), test: make(20) } };
})();
const cnn = initModel(cnnSpec({ inputShape: [6, 6, 1], channels: [4, 6], kernel: 3, pool: 1, dense: 0, numClasses: 2, activation: 'relu', padding: 'same', dropout: 0 }), createRng(2));

test.each([['tucker2', {}], ['cp', { conv_rank: 2 }]] as const)('lowrank %s on a CNN replaces conv2 and still classifies', async (conv, extra) => {
  const { result, rec } = await runPlugin(lowrankPlugin, { model: cnn, data: images }, { conv, energy: 0.95, layers: ['conv2'], ...extra });
  expect(result.output.arch.layers.map((l) => l.type)).toContain(conv === 'cp' ? 'depthwise_conv2d' : 'conv2d');
  expect(result.output.arch.layers.some((l) => 'name' in l && l.name === 'conv2')).toBe(false);
  expect(metric(rec, 'accuracy')).toBeDefined();
});

test('compact: depthwise-separable replacement of every 3×3 conv, trained', async () => {
  const t = (await runPlugin(sgdPlugin, { model: cnn, data: images }, { epochs: 3, batch: 10, lr: 0.05 })).result.output;
  const { result, rec } = await runPlugin(compactPlugin, { model: t, data: images }, { epochs: 2, batch: 10, lr: 0.02 });
  expect(result.output.arch.layers.filter((l) => l.type === 'depthwise_conv2d')).toHaveLength(2);
  expect(metric(rec, 'params')).toBeLessThan(metric(rec, 'reference_bytes')! / 4);
  expect(metric(rec, 'accuracy')).toBeGreaterThan(0.7);
});

test('Deep Compression chain: prune → share → Huffman; the file is the reported size and reads back to the same predictions', async () => {
  const wide = initModel(mlpSpec({ inputShape: [8], units: [256, 128, 3], activation: 'relu', dropout: 0 }), createRng(5));
  const base = (await runPlugin(sgdPlugin, { model: wide, data }, { epochs: 3, batch: 16, lr: 0.02 })).result.output;
  const pruned = (await runPlugin(magnitudePlugin, { model: base, data }, { sparsity: 0.8, finetune: 1, batch: 16 })).result.output;
  const shared = (await runPlugin(kmeansPlugin, { model: pruned, data }, { bits: 3, finetune: 1, batch: 16, lr: 0.01 })).result;
  const path = `${dir}/dc.pwc`;
  const { result, rec } = await runPlugin(encodePlugin, { model: shared.output, data }, { export: path });
  expect(statSync(path).size).toBe(metric(rec, 'size_bytes'));
  expect(metric(rec, 'size_bytes')).toBeLessThan((shared.result as { size_bytes: number }).size_bytes);
  const back = decodeCompressed(new Uint8Array(readFileSync(path)));
  expect(await logits(back)).toEqual(await logits(shared.output));
  expect(back.masks!['dense1/kernel']).toEqual(pruned.masks!['dense1/kernel']);
  expect(compressionOf(result.output).steps).toEqual(['kmeans', 'encode']);
  expect(metric(rec, 'compression_ratio')).toBeGreaterThan(10);
});
