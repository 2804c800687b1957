/** The cubic GMP schedule and one prune–regrow update, against their definitions. */
import { createRng } from '../../../kernel/rng.js';
import { resolveSchedule } from '../../../lib/nn/index.js';
import { countOnes, cubicSparsity, dropFractionAt, isPruneStep, isUpdateStep, pruneRegrow, randomMask } from '../../../lib/sparse/index.js';

test('cubic schedule: s_i at start, s_f from end on, the cubic in between, monotone', () => {
  const c = { initial: 0.1, final: 0.9, start: 10, end: 110, every: 10 };
  expect(cubicSparsity(c, 0)).toBeCloseTo(0.1, 12);
  expect(cubicSparsity(c, 10)).toBeCloseTo(0.1, 12);
  expect(cubicSparsity(c, 110)).toBeCloseTo(0.9, 12);
  expect(cubicSparsity(c, 500)).toBeCloseTo(0.9, 12);
  // Halfway: s_f + (s_i − s_f)/8.
  expect(cubicSparsity(c, 60)).toBeCloseTo(0.9 - 0.8 / 8, 12);
  for (let t = 11; t <= 110; t++) expect(cubicSparsity(c, t)).toBeGreaterThan(cubicSparsity(c, t - 1));
  const steps = Array.from({ length: 130 }, (_, t) => t).filter((t) => isPruneStep(c, t));
  expect(steps).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110]);
  expect([0, 5, 7, 10].filter((t) => isPruneStep({ ...c, start: 0, end: 7, every: 5 }, t))).toEqual([0, 5, 7]);
});

test('update steps and a cosine drop fraction over the update window', () => {
  const cosine = resolveSchedule({ $kind: 'call', name: 'cosine', args: [{ $kind: 'arrow', from: 0.3, to: 0 }], kwargs: {} });
  const u = { every: 10, stop: 75, dropFraction: cosine };
  expect(Array.from({ length: 100 }, (_, t) => t).filter((t) => isUpdateStep(u, t))).toEqual([10, 20, 30, 40, 50, 60, 70]);
  expect(dropFractionAt(u, 0, 10)).toBeCloseTo(0.3, 12);
  expect(dropFractionAt(u, 37, 10)).toBeCloseTo(0.15, 12); // the middle of [0, 74]
  expect(dropFractionAt(u, 74, 10)).toBeCloseTo(0, 12);
});

test('prune–regrow drops the smallest active, grows the best-scored inactive, new weights at 0', () => {
  const w = Float32Array.from([0.5, -0.1, 0, 2, 0.05, 0, 0, -3]);
  const mask = Uint8Array.from([1, 1, 0, 1, 1, 0, 0, 1]);
  const score = [0, 0, 9, 0, 0, 1, 5, 0];
  const r = pruneRegrow(w, mask, 2, score);
  // Smallest active |w|: index 4 (0.05) and 1 (0.1); best inactive after the drop: 2, then 6.
  expect(Array.from(r.mask)).toEqual([1, 0, 1, 1, 0, 0, 1, 1]);
  expect(countOnes(r.mask)).toBe(countOnes(mask));
  expect(Array.from(r.weights)).toEqual([0.5, 0, 0, 2, 0, 0, 0, -3]);
  expect(r.grown).toBe(2);
  // A dropped connection that scores best is grown back and keeps its value.
  const back = pruneRegrow(w, mask, 1, [0, 0, 0, 0, 9, 0, 0, 0]);
  expect(Array.from(back.mask)).toEqual(Array.from(mask));
  expect(back.weights[4]).toBeCloseTo(0.05, 7);
  expect(back.grown).toBe(0);
});

test('random masks have exactly k ones and depend on the seed only', () => {
  const a = createRng(3, 'm');
  const b = createRng(3, 'm');
  const m1 = randomMask(1000, 50, () => a.next());
  expect(countOnes(m1)).toBe(50);
  expect(Array.from(randomMask(1000, 50, () => b.next()))).toEqual(Array.from(m1));
});
