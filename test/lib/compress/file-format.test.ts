/**
 * The compressed file: encode → decode gives bit-identical weights (hence identical
 * predictions), masks and compression metadata, for weight-shared + pruned, quantised
 * (symmetric and asymmetric, per tensor and per channel), low-rank and plain models, with fixed
 * widths and Huffman coding; Huffman makes the shared model smaller; garbage is refused.
 */
import * as tf from '@tensorflow/tfjs';
import {
  CompressedFileError,
  compressionOf,
  decodeCompressed,
  encodeCompressed,
  quantizeModel,
  replaceLayer,
  shareWeights,
  svdDense,
} from '../../../lib/compress/index.js';
import { cnnSpec, forward, initModel, mlpSpec, paramsToTensors, type DenseLayer, type Model } from '../../../lib/nn/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

const rng = createRng(8, 'format');
const mlp = initModel(mlpSpec({ inputShape: [30], units: [40, 20, 4], activation: 'relu', dropout: 0 }), rng);
const masks = { 'dense1/kernel': Uint8Array.from({ length: 1200 }, () => (rng.next() < 0.15 ? 1 : 0)), 'dense2/kernel': Uint8Array.from({ length: 800 }, () => (rng.next() < 0.3 ? 1 : 0)) };
const pruned: Model = {
  ...mlp,
  params: Object.fromEntries(Object.entries(mlp.params).map(([k, p]) => [k, { shape: p.shape, data: p.data.map((v, i) => (masks[k as keyof typeof masks]?.[i] === 0 ? 0 : v)) }])),
  masks,
};

async function predictions(m: Model): Promise<Float32Array> {
  const p = paramsToTensors(m.params);
  const x = tf.randomUniform([5, ...m.arch.inputShape], 0, 1, 'float32', 2);
  const y = forward(m.arch, p, x, { training: false });
  const out = new Float32Array(await y.data());
  tf.dispose([x, y, ...Object.values(p)]);
  return out;
}

async function roundTrip(m: Model, huffman: boolean): Promise<{ back: Model; size: number }> {
  const { bytes } = encodeCompressed(m, { huffman });
  const back = decodeCompressed(bytes);
  for (const [k, p] of Object.entries(m.params)) expect(back.params[k]!.data).toEqual(p.data);
  expect(Object.keys(back.masks ?? {})).toEqual(Object.keys(m.masks ?? {}));
  for (const [k, mask] of Object.entries(m.masks ?? {})) expect(back.masks![k]).toEqual(mask);
  expect(await predictions(back)).toEqual(await predictions(m));
  return { back, size: bytes.length };
}

test('weight-shared pruned MLP: identical round trip; Huffman is smaller; ≫ smaller than float32', async () => {
  const shared = shareWeights(pruned, [{ name: 'dense1/kernel', bits: 5 }, { name: 'dense2/kernel', bits: 5 }, { name: 'dense3/kernel', bits: 3 }], { init: 'linear' }).model;
  const fixed = await roundTrip(shared, false);
  const huff = await roundTrip(shared, true);
  expect(compressionOf(fixed.back).codebooks).toEqual(compressionOf(shared).codebooks);
  expect(huff.size).toBeLessThan(fixed.size);
  // Tiny layers: the JSON header and codebooks weigh as much as the weights; still well below float32.
  expect(fixed.size).toBeLessThan(compressionOf(shared).referenceBytes / 3);
});

test.each([['symmetric', 'channel', 8], ['asymmetric', 'tensor', 4], ['asymmetric', 'channel', 3]] as const)('quantised CNN (%s, %s, %i bits) round trips', async (scheme, granularity, bits) => {
  const cnn = initModel(cnnSpec({ inputShape: [6, 6, 1], channels: [3], kernel: 3, pool: 2, dense: 0, numClasses: 3, activation: 'relu', padding: 'same', dropout: 0 }), rng);
  const q = quantizeModel(cnn, ['conv1/kernel', 'dense1/kernel'].map((name) => ({ name, bits, scheme, granularity }))).model;
  for (const huffman of [false, true]) {
    const { back } = await roundTrip(q, huffman);
    expect(compressionOf(back).quant).toEqual(compressionOf(q).quant);
  }
});

test('plain, pruned-only and low-rank models round trip; a changed weight is refused; garbage is refused', async () => {
  await roundTrip(mlp, true);
  const sparse = await roundTrip(pruned, false);
  expect(sparse.size).toBeLessThan(encodeCompressed(mlp, { huffman: false }).bytes.length / 2);
  const l = mlp.arch.layers[0] as DenseLayer;
  await roundTrip(replaceLayer(mlp, 0, svdDense(mlp.arch, l, mlp.params['dense1/kernel']!, mlp.params['dense1/bias'], 5)), false);
  const shared = shareWeights(mlp, [{ name: 'dense2/kernel', bits: 2 }], { init: 'linear' }).model;
  shared.params['dense2/kernel']!.data[3] += 0.001;
  expect(() => encodeCompressed(shared, { huffman: false })).toThrow(/dense2\/kernel: weight .* not in its codebook/);
  expect(() => decodeCompressed(new Uint8Array(40))).toThrow(CompressedFileError);
});
