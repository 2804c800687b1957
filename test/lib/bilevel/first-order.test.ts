/**
 * First-order bilevel steps on a toy problem with an analytic gradient: loss(t) = (w·a − t)².
 * A weight step must move only w, using half A's target; an α step only a, using half B's.
 * Plain SGD without momentum so the expected update is exactly −lr·∂loss; tolerance 1e-5 is
 * float32 rounding of numbers near 1.
 */
import * as tf from '@tensorflow/tfjs';
import { bilevelStep, groupStep, runBilevel, type BilevelProblem } from '../../../lib/bilevel/index.js';
import { createOptimizer } from '../../../lib/nn/optimizers.js';
import { useCpu } from '../nn/helpers.js';

beforeAll(useCpu);

function toy(w0: number, a0: number, lr = 0.1) {
  const w = tf.variable(tf.scalar(w0));
  const a = tf.variable(tf.scalar(a0));
  const seen: number[] = [];
  const problem: BilevelProblem<number> = {
    weights: { vars: { w }, optimizer: createOptimizer({ type: 'sgd' }), lr },
    arch: { vars: { a }, optimizer: createOptimizer({ type: 'sgd' }), lr },
    loss: (t) => {
      seen.push(t);
      return tf.square(tf.sub(tf.mul(w, a), t)) as tf.Scalar;
    },
  };
  const read = async () => [(await w.data())[0]!, (await a.data())[0]!] as const;
  return { problem, read, seen, dispose: () => tf.dispose([w, a]) };
}

test('a weight step moves only the weights, an α step only α', async () => {
  const t = toy(0.5, 2);
  await groupStep(t.problem, t.problem.weights, 3);
  let [w, a] = await t.read();
  // ∂/∂w (wa − t)² = 2(wa − t)a = 2(1 − 3)·2 = −8
  expect(w).toBeCloseTo(0.5 + 0.8, 5);
  expect(a).toBe(2);
  await groupStep(t.problem, t.problem.arch, 3);
  const wBefore = w;
  [w, a] = await t.read();
  expect(w).toBe(wBefore);
  expect(a).toBeCloseTo(2 - 0.1 * 2 * (1.3 * 2 - 3) * 1.3, 5);
  t.dispose();
});

test('bilevel step: weights on half A, then α on half B with the updated weights', async () => {
  const t = toy(0.5, 2);
  const losses = await bilevelStep(t.problem, 3, -1);
  expect(t.seen).toEqual([3, -1]);
  const [w, a] = await t.read();
  const w1 = 0.5 - 0.1 * 2 * (0.5 * 2 - 3) * 2;
  expect(w).toBeCloseTo(w1, 5);
  expect(a).toBeCloseTo(2 - 0.1 * 2 * (w1 * 2 + 1) * w1, 5);
  expect(losses.weight).toBeCloseTo((1 - 3) ** 2, 5);
  expect(losses.arch).toBeCloseTo((w1 * 2 + 1) ** 2, 4);
  t.dispose();
});

test('runBilevel alternates the halves and releases every batch', async () => {
  const t = toy(0.1, 0.1, 0.01);
  const released: number[] = [];
  await runBilevel(t.problem, { steps: 3, batchA: (s) => 10 + s, batchB: (s) => 20 + s, release: (b) => released.push(b) });
  expect(t.seen).toEqual([10, 20, 11, 21, 12, 22]);
  expect(released).toEqual([10, 20, 11, 21, 12, 22]);
  t.dispose();
});
