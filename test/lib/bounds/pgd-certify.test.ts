/**
 * PGD and certification against the bounds: the worst point PGD finds lies in the clipped ball
 * and its margin is never below the certified lower bound (soundness from the attack side);
 * certified ⊆ survives PGD ⊆ correct, example by example; eps = 0 certifies exactly the correct
 * examples. Random networks, so plenty of examples are broken at eps 0.3.
 */
import * as tf from '@tensorflow/tfjs';
import { certify, inputBox, marginBounds, pgdAttack, InputDomainError } from '../../../lib/bounds/index.js';
import type { ModelSpec } from '../../../lib/nn/index.js';
import { convNet, createRng, data, mlpNet, randomInputs, randomParams, useCpu } from './helpers.js';

beforeAll(useCpu);

const units = (spec: ModelSpec) => (spec.layers.at(-1) as { units: number }).units;

describe.each([
  ['mlp', mlpNet],
  ['conv', convNet],
])('%s', (_name, spec) => {
  test("PGD's worst point is inside the ball and above every lower bound", async () => {
    const params = randomParams(spec, 11);
    const n = 12;
    const k = units(spec);
    const x = randomInputs(spec, n, 11);
    const labels = tf.tensor1d(Array.from({ length: n }, (_, i) => i % k), 'int32');
    const eps = 0.3;
    const attack = await pgdAttack(spec, params, x, labels, k, { eps, steps: 10, restarts: 2, rng: createRng(1, 'pgd') });
    const box = inputBox(x, eps);
    const [lo, hi] = [await data(box.lower), await data(box.upper)];
    attack.worst.forEach((v, i) => {
      expect(v).toBeGreaterThanOrEqual(lo[i]! - 1e-6);
      expect(v).toBeLessThanOrEqual(hi[i]! + 1e-6);
    });
    for (const method of ['ibp', 'crown'] as const) {
      const m = await data(marginBounds(spec, params, x, labels, k, { eps, method }).lower);
      for (let b = 0; b < n; b++) {
        let least = Infinity;
        for (let j = 0; j < k; j++) if (j !== b % k) least = Math.min(least, m[b * k + j]!);
        expect(least).toBeLessThanOrEqual(attack.worstMargin[b]! + 1e-4);
      }
    }
    expect(attack.broken.some((v) => v === 1)).toBe(true);
    tf.dispose([x, labels, box.lower, box.upper, ...Object.values(params)]);
  });
});

test('certified ⊆ survives PGD ⊆ correct; eps = 0 certifies exactly the correct ones', async () => {
  const spec = mlpNet;
  const params = randomParams(spec, 12);
  const before = tf.memory().numTensors;
  const n = 40;
  const xs = randomInputs(spec, n, 12);
  const x = await data(xs);
  xs.dispose();
  const rng = createRng(3, 'labels');
  const split = { x, y: Int32Array.from({ length: n }, () => rng.int(4)), n };
  const pgd = { steps: 5, restarts: 1, rng: createRng(2, 'pgd') };
  for (const method of ['ibp', 'crown'] as const) {
    const r = await certify(spec, params, split, 4, { eps: 0.02, method, batchSize: 16, pgd });
    for (let i = 0; i < n; i++) {
      expect(r.certified[i]! <= r.robust![i]!).toBe(true);
      expect(r.robust![i]! <= r.correct[i]!).toBe(true);
    }
    expect(r.verifiedAccuracy).toBeLessThanOrEqual(r.pgdAccuracy!);
    expect(r.meanBoundWidth).toBeGreaterThan(0);
    const exact = await certify(spec, params, split, 4, { eps: 0, method, batchSize: 16 });
    expect(Array.from(exact.certified)).toEqual(Array.from(exact.correct));
    expect(exact.meanBoundWidth).toBeLessThan(1e-5);
  }
  const crown = await certify(spec, params, split, 4, { eps: 0.05, method: 'crown', batchSize: 40 });
  const ibp = await certify(spec, params, split, 4, { eps: 0.05, method: 'ibp', batchSize: 40 });
  expect(crown.meanBoundWidth).toBeLessThan(ibp.meanBoundWidth);
  crown.marginLower.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(ibp.marginLower[i]! - 1e-5));
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose(Object.values(params));
});

test('inputs outside the domain are refused, naming the range seen', async () => {
  const split = { x: Float32Array.from({ length: 12 }, (_, i) => i * 0.2), y: new Int32Array(2), n: 2 };
  const params = randomParams(mlpNet, 1);
  await expect(certify(mlpNet, params, split, 4, { eps: 0.1, method: 'ibp', batchSize: 2 })).rejects.toThrow(InputDomainError);
  await expect(certify(mlpNet, params, split, 4, { eps: 0.1, method: 'ibp', batchSize: 2 })).rejects.toThrow(/\[0, 2\.2/);
  tf.dispose(Object.values(params));
});
