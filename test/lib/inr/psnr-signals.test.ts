/** PSNR's formula, coordinate grids, downsampling and the MNIST signal split. */
import { loadMnistPool } from '../../../lib/data/index.js';
import { downsample, gridCoords, mnistSignals, psnr, psnrFromMse, signalValues } from '../../../lib/inr/index.js';
import { rng } from './helpers.js';

test('PSNR = 10·log10(peak²/MSE)', () => {
  expect(psnrFromMse(0.01)).toBeCloseTo(20, 12);
  expect(psnrFromMse(1e-3)).toBeCloseTo(30, 12);
  expect(psnrFromMse(0.04, 2)).toBeCloseTo(20, 12);
  // Errors 0.1 and 0.3 → MSE (0.01 + 0.09)/2 = 0.05 → 13.0103 dB.
  expect(psnr([0.1, 0.3], [0, 0])).toBeCloseTo(10 * Math.log10(1 / 0.05), 10);
  expect(psnr([0.5], [0.5])).toBe(Infinity);
  expect(() => psnr([1], [1, 2])).toThrow(/differ/);
});

test('grid coordinates run from −1 to 1 in (row, column) order', () => {
  const g = gridCoords(3, 2);
  expect(Array.from(g)).toEqual([-1, -1, -1, 1, 0, -1, 0, 1, 1, -1, 1, 1]);
});

test('downsample averages blocks', () => {
  const img = Float32Array.from([1, 3, 0, 0, 5, 7, 0, 4, 1, 1, 2, 2, 1, 1, 2, 2]);
  expect(Array.from(downsample(img, 4, 2))).toEqual([4, 1, 1, 2]);
  expect(() => downsample(img, 4, 3)).toThrow(/must divide/);
});

test('mnist signals: seeded, disjoint meta-train and meta-test digits in [0, 1]', async () => {
  const pool = await loadMnistPool();
  const a = mnistSignals(pool, { size: 14, train: 20, test: 5 }, rng('split'));
  const b = mnistSignals(pool, { size: 14, train: 20, test: 5 }, rng('split'));
  expect(a.grid).toEqual([14, 14]);
  expect(a.splits.train.values).toEqual(b.splits.train.values);
  expect(a.splits.test.values.length).toBe(5 * 196);
  const key = (v: Float32Array) => Array.from(v).join(',');
  const train = new Set(Array.from({ length: 20 }, (_, i) => key(signalValues(a, a.splits.train, i))));
  for (let i = 0; i < 5; i++) expect(train.has(key(signalValues(a, a.splits.test, i)))).toBe(false);
  expect(Math.min(...a.splits.train.values)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...a.splits.train.values)).toBeLessThanOrEqual(1);
});
