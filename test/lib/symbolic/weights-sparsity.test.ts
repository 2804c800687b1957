/** Adaptive constraint weights, the smoothed L0.5 penalty, pruning and the active-weight count. */
import { AdaptiveWeights, activeWeights, complexity, l05, prune } from '../../../lib/symbolic/index.js';
import { parallelNet } from './helpers.js';

describe('adaptive weights', () => {
  const o = { window: 10, ratio: 0.5, tolerance: 0.1, min: 1e-3, max: 1e6 };

  test('each weighted term equals ratio × the mean of the last 10 RMSEs', () => {
    const w = new AdaptiveWeights(2, o);
    const rmses = [5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1];
    let weights: number[] = [];
    for (const r of rmses) weights = w.update(r, [0.2, 0.05]);
    const mean = rmses.slice(-10).reduce((a, b) => a + b, 0) / 10;
    expect(w.meanRmse).toBeCloseTo(mean, 12);
    expect(weights[0]! * 0.2).toBeCloseTo(0.5 * mean, 12);
    expect(weights[1]! * 0.05).toBeCloseTo(0.5 * mean, 12);
  });

  test('a met constraint keeps its weight; tiny violations are floored at (tolerance·RMSE)²', () => {
    const w = new AdaptiveWeights(1, o);
    w.update(1, [0.5]);
    expect(w.weights[0]).toBeCloseTo(1, 12);
    w.update(1, [0]);
    expect(w.weights[0]).toBeCloseTo(1, 12);
    w.update(1, [1e-12]);
    expect(w.weights[0]).toBeCloseTo(0.5 / 0.01, 9);
  });
});

test('smoothed L0.5: |w|^½ outside a, continuous value and slope at a, derivative = finite difference', () => {
  const a = 0.01;
  expect(l05(0.25, a).value).toBeCloseTo(0.5, 15);
  expect(l05(-a, a).value).toBeCloseTo(Math.sqrt(a), 12);
  expect(l05(a * (1 - 1e-12), a).grad).toBeCloseTo(l05(a * (1 + 1e-12), a).grad, 6);
  expect(l05(0, a).grad).toBe(0);
  for (const w of [-0.3, -0.004, 0.002, 0.009, 0.05]) {
    const h = 1e-8;
    expect(l05(w, a).grad).toBeCloseTo((l05(w + h, a).value - l05(w - h, a).value) / (2 * h), 5);
  }
});

test('pruning masks small weights; complexity counts only weights that reach the output', () => {
  const net = parallelNet();
  expect(complexity(net)).toBe(7);
  // 2 units × (mul: 2 args, ident: 1) × 3 weights, div 2 × 3, output 2: 17 weights, 7 nonzero.
  expect(net.params.length).toBe(3 * 3 + 2 * 3 + 2);
  net.params[1] = 0.01; // a small (formerly zero) weight: pruned with the zeros
  expect(prune(net, 0.05)).toBe(10);
  expect(net.mask.reduce((s, m) => s + m, 0)).toBe(7);
  // The ident unit reads r1 + r2; cut the output's path through the division and nothing counts.
  net.params[net.params.length - 2] = 0;
  expect(activeWeights(net).reduce((s, v) => s + v, 0)).toBe(0);
});
