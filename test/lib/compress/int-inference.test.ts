/**
 * Integer inference: the int32-accumulated integer GEMM equals a float64 product on integer
 * inputs exactly; a quantised, calibrated MLP and CNN run on integers give logits close to the
 * float forward of the same (dequantised) weights — the only difference is 8-bit activation
 * rounding — and the same predictions on nearly every example.
 */
import * as tf from '@tensorflow/tfjs';
import {
  calibrateActivations,
  intForward,
  intMatMul,
  quantizeModel,
  toIntModel,
  withActivationRanges,
  accumulatorFits,
} from '../../../lib/compress/index.js';
import { cnnSpec, forward, initModel, mlpSpec, paramsToTensors, type Model } from '../../../lib/nn/index.js';
import { createRng, useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

test('intMatMul equals the float64 product exactly on int8 × int16 inputs', () => {
  const rng = createRng(1, 'gemm');
  const [m, k, n] = [7, 300, 13];
  const a = Int16Array.from({ length: m * k }, () => rng.int(511) - 255);
  const b = Int8Array.from({ length: k * n }, () => rng.int(255) - 127);
  expect(accumulatorFits(255, 127, k)).toBe(true);
  const c = intMatMul(a, b, m, k, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      expect(c[i * n + j]).toBe(s);
    }
  }
});

async function compare(model: Model, x: Float32Array, n: number): Promise<{ maxRel: number; agree: number }> {
  const targets = model.arch.layers.flatMap((l) => (l.type === 'dense' || l.type === 'conv2d' ? [{ name: `${l.name}/kernel`, bits: 8, scheme: 'symmetric' as const, granularity: 'channel' as const }] : []));
  let q = quantizeModel(model, targets).model;
  q = withActivationRanges(q, await calibrateActivations(q, x, n), 8);
  const ints = intForward(toIntModel(q), x, n);
  const params = paramsToTensors(q.params);
  const ref = tf.tidy(() => forward(q.arch, params, tf.tensor(x, [n, x.length / n]), { training: false }));
  const floats = await ref.data();
  tf.dispose([ref, ...Object.values(params)]);
  const k = floats.length / n;
  let maxRel = 0;
  let agree = 0;
  const scale = Math.max(...Array.from(floats, Math.abs));
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < k; j++) {
      maxRel = Math.max(maxRel, Math.abs(ints[i * k + j]! - floats[i * k + j]!) / scale);
      if (ints[i * k + j]! > ints[i * k + a]!) a = j;
      if (floats[i * k + j]! > floats[i * k + b]!) b = j;
    }
    if (a === b) agree++;
  }
  return { maxRel, agree: agree / n };
}

test('a quantised MLP on integers: logits within 3% of the largest, ≥ 95% same predictions', async () => {
  const rng = createRng(2, 'mlp');
  const model = initModel(mlpSpec({ inputShape: [20], units: [32, 16, 5], activation: 'relu', dropout: 0 }), rng);
  const x = Float32Array.from({ length: 40 * 20 }, () => rng.next());
  const r = await compare(model, x, 40);
  expect(r.maxRel).toBeLessThan(0.03);
  expect(r.agree).toBeGreaterThanOrEqual(0.95);
});

test('a quantised CNN (same padding, max-pool) on integers agrees with the float forward', async () => {
  const rng = createRng(4, 'cnn');
  const spec = cnnSpec({ inputShape: [8, 8, 2], channels: [4, 6], kernel: 3, pool: 2, dense: 10, numClasses: 3, activation: 'relu', padding: 'same', dropout: 0 });
  const model = initModel(spec, rng);
  const x = Float32Array.from({ length: 16 * 128 }, () => rng.next());
  const r = await compare(model, x, 16);
  expect(r.maxRel).toBeLessThan(0.05);
  expect(r.agree).toBeGreaterThanOrEqual(0.9);
});

test('a layer that is not quantised is named', () => {
  const model = initModel(mlpSpec({ inputShape: [4], units: [3], activation: 'relu', dropout: 0 }), createRng(1));
  expect(() => toIntModel(model)).toThrow(/layer 'dense1' is not quantised/);
});
