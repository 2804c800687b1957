/** The Pareto front against brute force, and the one-SE choice on hand-made candidates. */
import { chooseOneSe, dominates, paretoFront, rmseStandardError } from '../../../lib/symbolic/index.js';
import { rng } from './helpers.js';

test('front on a hand-made set', () => {
  const pts = [
    [1, 0, 10], // 0: accurate, complex
    [2, 0, 5], // 1
    [2, 0, 6], // 2: dominated by 1
    [5, 0, 0], // 3: trivial
    [1, 1, 3], // 4: accurate but violates
    [1, 0, 10], // 5: equal to 0, both stay
    [3, 1, 7], // 6: dominated by 1 (and 4)
  ];
  expect(paretoFront(pts)).toEqual([0, 1, 3, 4, 5]);
  expect(dominates([1, 0, 5], [1, 0, 6])).toBe(true);
  expect(dominates([1, 0, 5], [1, 0, 5])).toBe(false);
});

test('front equals the brute-force definition on random points', () => {
  const r = rng(4);
  for (let trial = 0; trial < 20; trial++) {
    const pts = Array.from({ length: 30 }, () => [Math.round(r.next() * 5), Math.round(r.next() * 5), Math.round(r.next() * 5)]);
    const brute = pts.map((_, i) => i).filter((i) => pts.every((q, j) => j === i || !(q.every((v, k) => v <= pts[i]![k]!) && q.some((v, k) => v < pts[i]![k]!))));
    expect(paretoFront(pts)).toEqual(brute);
  }
});

test('non-finite candidates stay off the front unless nothing else is left', () => {
  expect(paretoFront([[Infinity, 0, 0], [1, 1, 1]])).toEqual([1]);
  expect(paretoFront([[NaN, 0, 0]])).toEqual([0]);
});

test('one-SE rule: the least complex candidate within one SE of the best on every error', () => {
  // [val error, violation, complexity]; SE 0.1.
  const pts = [
    [1.0, 0.0, 30],
    [1.05, 0.02, 6], // within 1 SE on both: simplest such → chosen
    [1.08, 0.05, 9],
    [4.0, 0.0, 0], // trivial model: far worse error
  ];
  expect(chooseOneSe(pts, [0, 1, 2, 3], 0.1)).toBe(1);
  // Nobody close on both: the smallest worst-case gap wins, not the trivial model.
  const far = [
    [1.0, 0.5, 10],
    [1.3, 0.0, 8],
    [4.0, 0.0, 0],
  ];
  expect(chooseOneSe(far, [0, 1, 2], 0.1)).toBe(1);
});

test('standard error of an RMSE matches its sampling spread', () => {
  const r = rng(9);
  const n = 400;
  const draw = () => Float64Array.from({ length: n }, () => r.normal());
  const rmses = Array.from({ length: 300 }, () => {
    const e = draw();
    return Math.sqrt(e.reduce((a, b) => a + b * b, 0) / n);
  });
  const mean = rmses.reduce((a, b) => a + b, 0) / rmses.length;
  const sd = Math.sqrt(rmses.reduce((a, b) => a + (b - mean) ** 2, 0) / (rmses.length - 1));
  // For Gaussian residuals SE(RMSE) ≈ σ/√(2n) = 0.0354; the estimate from one sample is within 20%.
  expect(rmseStandardError(draw())).toBeGreaterThan(0.8 * sd);
  expect(rmseStandardError(draw())).toBeLessThan(1.2 * sd);
});
