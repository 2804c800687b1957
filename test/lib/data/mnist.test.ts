/** The MNIST loader: the package's 10,000 digits, seeded disjoint splits. */
import { createHash } from 'node:crypto';
import { createRng } from '../../../kernel/rng.js';
import { classCounts, loadMnistPool, mnistDataset, MNIST_PIXELS, type MnistPool, type Split } from '../../../lib/data/index.js';

let pool: MnistPool;
beforeAll(async () => {
  pool = await loadMnistPool();
});

/** Byte equality; jest's toEqual walks 6M-element typed arrays slowly. */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const rowHashes = (s: Split) =>
  Array.from({ length: s.n }, (_, i) => createHash('sha1').update(s.x.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS)).digest('hex'));

test('pool: 10,000 digits of 784 pixels in [0, 1], every class present', () => {
  expect(pool.n).toBe(10000);
  expect(pool.x.length).toBe(10000 * MNIST_PIXELS);
  let min = Infinity;
  let max = -Infinity;
  for (const v of pool.x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  expect(min).toBe(0);
  expect(max).toBe(1);
  expect(classCounts(pool, 10).every((c) => c > 800)).toBe(true);
});

test('split: sizes and shapes, same seed same split, other seed other split', () => {
  const a = mnistDataset(pool, { train: 8000, test: 2000, flatten: false }, createRng(42, 'split'));
  const b = mnistDataset(pool, { train: 8000, test: 2000, flatten: true }, createRng(42, 'split'));
  const c = mnistDataset(pool, { train: 8000, test: 2000, flatten: false }, createRng(43, 'split'));
  expect(a.inputShape).toEqual([28, 28, 1]);
  expect(b.inputShape).toEqual([784]);
  expect(a.splits.train.n).toBe(8000);
  expect(a.splits.test.n).toBe(2000);
  expect(sameBytes(a.splits.test.y, b.splits.test.y)).toBe(true);
  expect(sameBytes(a.splits.train.x, b.splits.train.x)).toBe(true);
  expect(sameBytes(a.splits.test.y, c.splits.test.y)).toBe(false);
  // A shuffle, not the file order (grouped by digit): every class appears in the test split.
  expect(classCounts(a.splits.test, 10).every((k) => k > 100)).toBe(true);
});

test('split: train and test share no image, and together are distinct pool rows', () => {
  const ds = mnistDataset(pool, { train: 3000, test: 1000, flatten: true }, createRng(7));
  const train = new Set(rowHashes(ds.splits.train));
  const test = rowHashes(ds.splits.test);
  expect(test.filter((h) => train.has(h))).toEqual([]);
  // Labels stay with their images: each row's hash maps to the same label in the pool.
  const poolLabel = new Map(rowHashes(pool).map((h, i) => [h, pool.y[i]!]));
  ds.splits.test.y.forEach((y, i) => expect(poolLabel.get(test[i]!)).toBe(y));
});

test('options beyond the pool are refused', () => {
  expect(() => mnistDataset(pool, { train: 9000, test: 2000, flatten: true }, createRng(1))).toThrow(/at most 10000/);
});
