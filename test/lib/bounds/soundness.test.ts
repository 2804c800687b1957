/**
 * Soundness: every point of the (clipped) eps-ball, and so every sampled one, maps inside the
 * bounds, at every layer and for the margins, by IBP and CROWN alike. The oracle is the plain
 * forward pass (lib/nn) at 1,000 sampled points per example: half the vertices of the input box,
 * half uniform inside it. Tolerance 1e-4·(1 + |value|): float32 sums taken in another order
 * differ by a few ulps, a bound that is wrong misses by far more (an unsound relaxation, a
 * wrong sign, a dropped bias all miss by O(0.1) on these networks).
 */
import * as tf from '@tensorflow/tfjs';
import { crownBounds, ibpBounds, inputBox, marginBounds, type Interval, type MarginMethod } from '../../../lib/bounds/index.js';
import { forwardTrace, type ModelSpec } from '../../../lib/nn/index.js';
import { convNet, data, mlpNet, poolNet, randomInputs, randomParams, samplesInBox, useCpu } from './helpers.js';

beforeAll(useCpu);

const SAMPLES = 1000;
const tol = (v: number) => 1e-4 * (1 + Math.abs(v));

interface Violation {
  where: string;
  value: number;
  lower: number;
  upper: number;
}

/** Checks sampled values [count, ...] of one example against that example's bounds. */
async function outside(values: tf.Tensor, lower: Float32Array, upper: Float32Array, where: string): Promise<Violation[]> {
  const v = await data(values);
  const n = lower.length;
  const bad: Violation[] = [];
  for (let i = 0; i < v.length; i++) {
    const k = i % n;
    if (v[i]! < lower[k]! - tol(v[i]!) || v[i]! > upper[k]! + tol(v[i]!)) bad.push({ where: `${where}[${k}]`, value: v[i]!, lower: lower[k]!, upper: upper[k]! });
  }
  return bad;
}

async function row(t: tf.Tensor, b: number): Promise<Float32Array> {
  const n = t.size / t.shape[0]!;
  return (await data(t)).slice(b * n, (b + 1) * n);
}

async function checkLayers(spec: ModelSpec, method: 'ibp' | 'crown', eps: number, seed: number): Promise<number> {
  const params = randomParams(spec, seed);
  const x = randomInputs(spec, 3, seed);
  const box = inputBox(x, eps);
  const bounds: Interval[] = method === 'ibp' ? ibpBounds(spec, params, box) : crownBounds(spec, params, box);
  const bad: Violation[] = [];
  for (let b = 0; b < 3; b++) {
    const pts = samplesInBox(await row(box.lower, b), await row(box.upper, b), spec.inputShape, SAMPLES, seed + b);
    const trace = forwardTrace(spec, params, pts, { training: false });
    for (let p = 1; p < bounds.length; p++) {
      bad.push(...(await outside(trace[p - 1]!, await row(bounds[p]!.lower, b), await row(bounds[p]!.upper, b), `example ${b} position ${p}`)));
    }
    tf.dispose([pts, ...trace]);
  }
  tf.dispose([x, box.lower, box.upper, ...bounds.flatMap((i) => [i.lower, i.upper]), ...Object.values(params)]);
  expect(bad.slice(0, 5)).toEqual([]);
  return bounds.length;
}

async function checkMargins(spec: ModelSpec, method: MarginMethod, eps: number, seed: number): Promise<void> {
  const params = randomParams(spec, seed);
  const x = randomInputs(spec, 3, seed);
  const k = spec.layers.at(-1)!.type === 'dense' ? (spec.layers.at(-1) as { units: number }).units : 0;
  const labels = tf.tensor1d([0, 1, k - 1], 'int32');
  const m = marginBounds(spec, params, x, labels, k, { eps, method, upper: true });
  const box = inputBox(x, eps);
  const bad: Violation[] = [];
  const y = [0, 1, k - 1];
  for (let b = 0; b < 3; b++) {
    const pts = samplesInBox(await row(box.lower, b), await row(box.upper, b), spec.inputShape, SAMPLES, seed + 10 + b);
    const margins = tf.tidy(() => {
      const z = forwardTrace(spec, params, pts, { training: false }).at(-1)!;
      return tf.sub(tf.slice(z, [0, y[b]!], [-1, 1]), z);
    });
    bad.push(...(await outside(margins, await row(m.lower, b), await row(m.upper!, b), `example ${b} margin`)));
    tf.dispose([pts, margins]);
  }
  tf.dispose([x, labels, m.lower, m.upper!, box.lower, box.upper, ...Object.values(params)]);
  expect(bad.slice(0, 5)).toEqual([]);
}

describe.each([
  ['mlp', mlpNet],
  ['conv (same and strided valid padding)', convNet],
])('%s network', (_name, spec) => {
  test.each([1, 2])('IBP and CROWN bounds hold at every layer (seed %i)', async (seed) => {
    expect(await checkLayers(spec, 'ibp', 0.15, seed)).toBe(spec.layers.length + 1);
    await checkLayers(spec, 'crown', 0.15, seed);
  });

  test.each(['ibp', 'crown-ibp', 'crown'] as const)('%s margin bounds hold', async (method) => {
    await checkMargins(spec, method, 0.15, 3);
  });
});

test('IBP through max pooling and tanh holds', async () => {
  await checkLayers(poolNet, 'ibp', 0.2, 4);
  await checkMargins(poolNet, 'ibp', 0.2, 4);
});
