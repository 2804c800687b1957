/**
 * Fixtures for the bound tests: small random networks (biases random too, so neurons sit on
 * both sides of zero), inputs in [0, 1], and points sampled in a box: its vertices, where a
 * piecewise-linear network takes extreme values most often, and uniform interior points.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../kernel/rng.js';
import { initParams, paramsToTensors, type ModelSpec, type ParamTensors } from '../../../lib/nn/index.js';

export { createRng };

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export const mlpNet: ModelSpec = {
  type: 'sequential',
  inputShape: [6],
  layers: [
    { type: 'dense', name: 'd1', units: 8 },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', name: 'd2', units: 7 },
    { type: 'activation', fn: 'relu' },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', name: 'd3', units: 4 },
  ],
};

export const convNet: ModelSpec = {
  type: 'sequential',
  inputShape: [6, 6, 2],
  layers: [
    { type: 'conv2d', name: 'c1', filters: 3, kernel: [3, 3], stride: [1, 1], padding: 'same' },
    { type: 'activation', fn: 'relu' },
    { type: 'conv2d', name: 'c2', filters: 4, kernel: [3, 3], stride: [2, 2], padding: 'valid' },
    { type: 'activation', fn: 'relu' },
    { type: 'flatten' },
    { type: 'dense', name: 'd1', units: 5 },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', name: 'd2', units: 3 },
  ],
};

/** IBP-only layers: max pooling and a monotone activation. */
export const poolNet: ModelSpec = {
  type: 'sequential',
  inputShape: [6, 6, 1],
  layers: [
    { type: 'conv2d', name: 'c1', filters: 3, kernel: [3, 3], stride: [1, 1], padding: 'same' },
    { type: 'activation', fn: 'tanh' },
    { type: 'maxpool2d', size: [2, 2], stride: [2, 2], padding: 'valid' },
    { type: 'flatten' },
    { type: 'dense', name: 'd1', units: 6 },
    { type: 'activation', fn: 'relu' },
    { type: 'dense', name: 'd2', units: 3 },
  ],
};

/** Seeded parameters with random biases (scale 0.3). */
export function randomParams(spec: ModelSpec, seed: number): ParamTensors {
  const rng = createRng(seed, 'bounds-net');
  const arrays = initParams(spec, rng);
  for (const [name, p] of Object.entries(arrays)) {
    if (name.endsWith('/bias')) for (let i = 0; i < p.data.length; i++) p.data[i] = 0.3 * rng.normal();
  }
  return paramsToTensors(arrays);
}

export function randomInputs(spec: ModelSpec, n: number, seed: number): tf.Tensor {
  const rng = createRng(seed, 'bounds-x');
  const d = spec.inputShape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n * d }, () => rng.next()), [n, ...spec.inputShape]);
}

/**
 * `count` points in the box [lower, upper] of one example (flat arrays): half vertices, half
 * uniform. Returns a [count, ...shape] tensor.
 */
export function samplesInBox(lower: Float32Array, upper: Float32Array, shape: number[], count: number, seed: number): tf.Tensor {
  const rng = createRng(seed, 'bounds-samples');
  const d = lower.length;
  const out = new Float32Array(count * d);
  for (let s = 0; s < count; s++) {
    const vertex = s % 2 === 0;
    for (let i = 0; i < d; i++) {
      const t = vertex ? (rng.next() < 0.5 ? 0 : 1) : rng.next();
      out[s * d + i] = lower[i]! + t * (upper[i]! - lower[i]!);
    }
  }
  return tf.tensor(out, [count, ...shape]);
}

export async function data(t: tf.Tensor): Promise<Float32Array> {
  return new Float32Array(await t.data());
}
