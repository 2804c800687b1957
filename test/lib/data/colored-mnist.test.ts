/**
 * The Colored MNIST recipe, checked on what it generates: each pixel comes from the right digit
 * and lands in the channel of its colour; label-noise and colour-agreement rates per environment
 * lie within binomial bounds of the recipe's probabilities; the same seed gives the same data.
 * A synthetic pool (pixel values that encode the pool row) makes provenance checkable and keeps
 * the test fast; one test reads the real package.
 */
import { createRng } from '../../../kernel/rng.js';
import {
  COLORED_MNIST_DEFAULTS,
  coloredMnistDataset,
  loadMnistPool,
  MNIST_PIXELS,
  swapColorChannels,
  type ColoredMnistDataset,
  type MnistPool,
} from '../../../lib/data/index.js';

/** Row r: digit r mod 10, pixel p = (r·784 + p + 1) / 1e7 — unique and non-zero everywhere. */
function fakePool(n: number): MnistPool {
  const x = new Float32Array(n * MNIST_PIXELS);
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    y[r] = (r * 7) % 10;
    for (let p = 0; p < MNIST_PIXELS; p++) x[r * MNIST_PIXELS + p] = (r * MNIST_PIXELS + p + 1) / 1e7;
  }
  return { x, y, n };
}

const pool = fakePool(10000);
const generate = (seed: number, o = COLORED_MNIST_DEFAULTS): ColoredMnistDataset => coloredMnistDataset(pool, o, createRng(seed, 'cmnist'));

/** Byte equality (jest's toEqual walks big typed arrays element by element, very slowly). */
const same = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

/** |rate − p| within 4.5 binomial standard deviations (a false alarm about once in 150,000). */
function expectBinomial(count: number, n: number, p: number): void {
  const sd = Math.sqrt((p * (1 - p)) / n);
  expect(Math.abs(count / n - p)).toBeLessThanOrEqual(4.5 * sd + 1e-12);
}

describe('colored MNIST', () => {
  const ds = generate(7);

  test('splits, shapes and environments', () => {
    expect(ds.inputShape).toEqual([14, 14, 2]);
    expect(ds.numClasses).toBe(2);
    expect(Object.keys(ds.splits).sort()).toEqual(['env0.1', 'env0.2', 'test', 'train']);
    expect([ds.splits.train.n, ds.splits.test.n, ds.splits['env0.1']!.n]).toEqual([5000, 5000, 2500]);
    expect(ds.environments.map((e) => [e.name, e.split, e.role])).toEqual([
      ['env0.1', 'env0.1', 'train'],
      ['env0.2', 'env0.2', 'train'],
      ['env0.9', 'test', 'test'],
    ]);
    // train is the training environments in order.
    expect(same(ds.splits.train.x.subarray(0, 2500 * 392), ds.splits['env0.1']!.x)).toBe(true);
    expect(same(ds.splits.train.y.subarray(2500), ds.splits['env0.2']!.y)).toBe(true);
  });

  test('every pixel is the subsampled digit, in the channel of its colour; digits are never reused', () => {
    const seen = new Set<number>();
    const problems: string[] = [];
    for (const name of ['train', 'test']) {
      const s = ds.splits[name]!;
      const t = ds.truth[name]!;
      for (let i = 0; i < s.n; i++) {
        const c = t.color[i]!;
        const row = (Math.round(s.x[i * 392 + c]! * 1e7) - 1) / MNIST_PIXELS; // pixel (0, 0) encodes the pool row
        if (!Number.isInteger(row) || seen.has(row) || t.digit[i] !== pool.y[row]) problems.push(`${name}[${i}]: row ${row}`);
        seen.add(row);
        for (let h = 0; h < 14; h++) {
          for (let w = 0; w < 14; w++) {
            const at = i * 392 + (h * 14 + w) * 2;
            if (s.x[at + c] !== pool.x[row * MNIST_PIXELS + 2 * h * 28 + 2 * w] || s.x[at + 1 - c] !== 0) problems.push(`${name}[${i}] (${h}, ${w})`);
          }
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(seen.size).toBe(10000);
  });

  test('label noise and colour agreement per environment within binomial bounds', () => {
    for (const env of ds.environments) {
      const s = ds.splits[env.split]!;
      const t = ds.truth[env.split]!;
      let flipped = 0;
      let agree = 0;
      for (let i = 0; i < s.n; i++) {
        flipped += Number(s.y[i] !== Number(t.digit[i]! < 5));
        agree += Number(t.color[i] === s.y[i]);
      }
      expectBinomial(flipped, s.n, 0.25);
      expectBinomial(agree, s.n, 1 - env.colorFlip);
    }
  });

  test('probabilities 0 and 1 are exact', () => {
    const d = generate(3, { ...COLORED_MNIST_DEFAULTS, trainEnvs: [0, 1], labelNoise: 0 });
    const e0 = d.splits['env0']!;
    const e1 = d.splits['env1']!;
    let bad = 0;
    for (let i = 0; i < e0.n; i++) {
      bad += Number(e0.y[i] !== Number(d.truth.env0!.digit[i]! < 5));
      bad += Number(d.truth.env0!.color[i] !== e0.y[i]);
      bad += Number(d.truth.env1!.color[i] !== 1 - e1.y[i]!);
    }
    expect(bad).toBe(0);
  });

  test('deterministic from the seed', () => {
    const again = generate(7);
    for (const k of Object.keys(ds.splits)) {
      expect(same(again.splits[k]!.x, ds.splits[k]!.x)).toBe(true);
      expect(same(again.splits[k]!.y, ds.splits[k]!.y)).toBe(true);
    }
    expect(same(generate(8).splits.train.x, ds.splits.train.x)).toBe(false);
  });

  test('bad options are refused with the option named', () => {
    expect(() => generate(1, { ...COLORED_MNIST_DEFAULTS, testEnv: 1.5 })).toThrow(/testEnv = 1.5/);
    expect(() => generate(1, { ...COLORED_MNIST_DEFAULTS, trainEnvs: [0.1, -0.1] })).toThrow(/trainEnvs\[1\]/);
    expect(() => generate(1, { ...COLORED_MNIST_DEFAULTS, trainEnvs: [0.1, 0.1] })).toThrow(/different/);
    expect(() => generate(1, { ...COLORED_MNIST_DEFAULTS, test: 5001 })).toThrow(/at most 10000/);
  });

  test('swapping colour channels moves every value to the other channel', () => {
    const s = ds.splits.test;
    const f = swapColorChannels(s, ds.inputShape);
    let bad = 0;
    for (let p = 0; p < s.x.length; p += 2) bad += Number(f.x[p] !== s.x[p + 1] || f.x[p + 1] !== s.x[p]);
    expect(bad).toBe(0);
    expect(same(f.y, s.y)).toBe(true);
  });

  test('the real package: digits of both label classes, pixels in [0, 1]', async () => {
    const real = coloredMnistDataset(await loadMnistPool(), { ...COLORED_MNIST_DEFAULTS, trainPerEnv: 300, test: 300 }, createRng(1, 'real'));
    const x = real.splits.train.x;
    let max = 0;
    for (let i = 0; i < x.length; i++) max = Math.max(max, x[i]!);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    const ones = real.splits.train.y.reduce((a, b) => a + b, 0);
    expect(ones).toBeGreaterThan(200);
    expect(ones).toBeLessThan(400);
  }, 30000);
});
