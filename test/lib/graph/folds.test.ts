/** Stratified k-fold assignment: class ratios per fold, disjoint folds covering everything, seeds. */
import { graphsWhere, smallestClass, stratifiedFolds } from '../../../lib/graph/index.js';
import { createRng } from './helpers.js';

/** 125 / 63, as MUTAG, plus a third class of 12. */
const y = Int32Array.from([...new Array(125).fill(0), ...new Array(63).fill(1), ...new Array(12).fill(2)]);
createRng(1, 'order').shuffle(y);
const counts = [125, 63, 12];

test.each([2, 5, 10, 12])('%i folds: each fold holds each class in proportion (±1), sizes within 1', (k) => {
  const folds = stratifiedFolds(y, 3, k, createRng(7, 'folds'));
  const sizes: number[] = [];
  for (let f = 0; f < k; f++) {
    const members = graphsWhere(folds, (x) => x === f);
    sizes.push(members.length);
    counts.forEach((n, c) => {
      const inFold = Array.from(members).filter((i) => y[i] === c).length;
      expect(Math.abs(inFold - n / k)).toBeLessThan(1);
    });
  }
  expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  // Every example is in exactly one fold: the folds are disjoint and cover all.
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(y.length);
  expect(folds.every((f) => f >= 0 && f < k)).toBe(true);
});

test('the same seed gives the same folds; another seed another assignment', () => {
  const a = stratifiedFolds(y, 3, 10, createRng(7, 'folds'));
  const b = stratifiedFolds(y, 3, 10, createRng(7, 'folds'));
  const c = stratifiedFolds(y, 3, 10, createRng(8, 'folds'));
  expect(Array.from(a)).toEqual(Array.from(b));
  expect(Array.from(a)).not.toEqual(Array.from(c));
});

test('smallest class and bad fold counts', () => {
  expect(smallestClass(y, 4)).toBe(12); // an empty class does not count
  expect(() => stratifiedFolds(y, 3, 1, createRng(1))).toThrow('integer ≥ 2');
  expect(() => stratifiedFolds(Int32Array.from([0, 1]), 2, 3, createRng(1))).toThrow('3 folds for 2 examples');
});
