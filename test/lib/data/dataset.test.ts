/** Splitting helpers: hold-out is a disjoint, complete, seeded partition of the rows. */
import { checkDataset, classCounts, holdOut, takeRows, type Split } from '../../../lib/data/index.js';
import { createRng } from '../../../kernel/rng.js';

/** Row i is [i, −i] with label i mod 3, so a row tells which source row it was. */
function numbered(n: number): Split {
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) x.set([i, -i], 2 * i);
  return { x, y: Int32Array.from({ length: n }, (_, i) => i % 3), n };
}
const ids = (s: Split) => Array.from({ length: s.n }, (_, i) => s.x[2 * i]!);

test('takeRows copies rows and labels in the given order', () => {
  const t = takeRows(numbered(10), [7, 2, 2], 2);
  expect(Array.from(t.x)).toEqual([7, -7, 2, -2, 2, -2]);
  expect(Array.from(t.y)).toEqual([1, 2, 2]);
});

test('holdOut: sizes, disjoint, complete, seeded', () => {
  const s = numbered(50);
  const a = holdOut(s, 0.2, 2, createRng(1));
  expect(a.held.n).toBe(10);
  expect(a.rest.n).toBe(40);
  const all = [...ids(a.held), ...ids(a.rest)].sort((p, q) => p - q);
  expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(ids(holdOut(s, 0.2, 2, createRng(1)).held)).toEqual(ids(a.held));
  expect(ids(holdOut(s, 0.2, 2, createRng(2)).held)).not.toEqual(ids(a.held));
  // labels travel with their rows
  a.held.y.forEach((y, i) => expect(y).toBe(ids(a.held)[i]! % 3));
});

test('checkDataset names the inconsistency', () => {
  const train = numbered(4);
  const ds = { kind: 'tensor' as const, inputShape: [2], numClasses: 3, splits: { train, test: { ...train, n: 5 } } };
  expect(() => checkDataset(ds)).toThrow(/split 'test'/);
  expect(() => checkDataset({ ...ds, numClasses: 2, splits: { train, test: train } })).toThrow(/label 2 at row 2/);
  expect(classCounts(train, 3)).toEqual([2, 1, 1]);
});
